// Runs one side of an engine bench in a process of its own and speaks its line protocol: each line
// the child prints is one JSON message, read in order with next().
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildSync } from 'esbuild'
import { createInterface } from 'node:readline'
import type { NearEndMode, NearEndSide } from './near-end'

export type FarEndMode = 'bulk-send' | 'tls-bulk-send' | 'echo-client' | 'udp-send' | 'connect-many'
export type Message = Record<string, number>

export interface Child {
  /** The child's next message; rejects if it exits first. */
  next(): Promise<Message>
  send(line: string): void
  /** Asks the child to stop, waits for it (killing it after 5 s). */
  stop(): Promise<void>
}

function startChild(args: string[]): Child {
  const proc = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] })
  const exited = new Promise<void>((r) => proc.once('exit', () => r()))
  const queued: Message[] = []
  const waiting: { resolve: (m: Message) => void; reject: (e: Error) => void }[] = []
  createInterface({ input: proc.stdout }).on('line', (line) => {
    const msg = JSON.parse(line) as Message
    const w = waiting.shift()
    if (w) w.resolve(msg)
    else queued.push(msg)
  })
  void exited.then(() => {
    for (const w of waiting.splice(0)) w.reject(new Error(`bench child ${args.slice(1).join(' ')} exited early`))
  })
  return {
    next: () => {
      const m = queued.shift()
      if (m) return Promise.resolve(m)
      if (proc.exitCode !== null) return Promise.reject(new Error('bench child has exited'))
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }))
    },
    send: (line) => void proc.stdin.write(line + '\n'),
    stop: async () => {
      if (proc.exitCode !== null) return
      if (proc.stdin.writable) {
        proc.stdin.write('stop\n')
        proc.stdin.end()
      }
      const t = setTimeout(() => proc.kill(), 5000)
      await exited
      clearTimeout(t)
    }
  }
}

let bundle: string | undefined

/** near-end.ts and the engine bundled into one script, once per bench run, as the app bundles them. */
function nearEndScript(): string {
  if (bundle) return bundle
  const dir = mkdtempSync(join(tmpdir(), 'socket-lab-bench-'))
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  const out = join(dir, 'near-end.cjs')
  buildSync({ entryPoints: [join(__dirname, 'near-end.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: out, logLevel: 'warning' })
  bundle = out
  return out
}

/** The measured side: a plain Node socket or the engine, in plain Node. */
export function startNearEnd(mode: NearEndMode, side: NearEndSide, target = 0, backlog = 511): Child {
  return startChild([nearEndScript(), mode, side, String(target), String(backlog)])
}

/** The peer: plain Node, the same for both sides. */
export function startFarEnd(mode: FarEndMode, args: number[]): Child {
  return startChild([join(__dirname, 'far-end.cjs'), mode, ...args.map(String)])
}

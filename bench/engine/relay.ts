// The relay bench: the same bytes from a sender, through a relay, to a sink, each its own process;
// the relay is the engine's (capture on) or socat's. The sink times from the first byte to the
// sender's FIN, which the relay passes on once every byte before it has gone.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { buildSync } from 'esbuild'

/**
 * Counts what arrives on each connection, one after another; prints {port}, then {bytes, ms} for
 * each connection when its sender ends.
 */
const SINK = `
const net = require('node:net')
const server = net.createServer((s) => {
  let bytes = 0, t0 = 0
  s.on('data', (c) => { if (bytes === 0) t0 = performance.now(); bytes += c.length })
  s.on('end', () => { console.log(JSON.stringify({ bytes, ms: performance.now() - t0 })); s.end() })
})
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })))
// "stop" (or stdin closing) ends it.
process.stdin.on('data', (d) => { if (String(d).includes('stop')) process.exit(0) })
process.stdin.on('end', () => process.exit(0))
`

/**
 * Writes each size in argv[2...] to port argv[1], one connection after the other, in 64 KiB buffers
 * as fast as it may, ending each (and waiting for it to close) before the next.
 */
const SOURCE = `
const net = require('node:net')
const [port, ...sizes] = process.argv.slice(1).map(Number)
const pour = (total) => new Promise((resolve, reject) => {
  const s = net.connect({ host: '127.0.0.1', port }, async () => {
    const chunk = Buffer.allocUnsafe(64 * 1024)
    for (let sent = 0; sent < total; sent += chunk.length) {
      if (!s.write(sent + chunk.length <= total ? chunk : chunk.subarray(0, total - sent))) await new Promise((r) => s.once('drain', r))
    }
    s.end()
  })
  s.resume()
  s.on('error', reject)
  s.on('close', resolve)
})
;(async () => { for (const n of sizes) await pour(n); process.exit(0) })().catch((e) => { console.error(e.message); process.exit(1) })
`

interface Proc {
  proc: ChildProcess
  next(): Promise<Record<string, number>>
  stop(): Promise<void>
}

function start(command: string, args: string[]): Proc {
  const proc = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] })
  const exited = new Promise<void>((r) => proc.once('exit', () => r()))
  const lines: string[] = []
  const waiting: ((l: string) => void)[] = []
  createInterface({ input: proc.stdout! }).on('line', (l) => {
    const w = waiting.shift()
    if (w) w(l)
    else lines.push(l)
  })
  return {
    proc,
    next: () => new Promise((resolve, reject) => {
      const l = lines.shift()
      if (l !== undefined) return resolve(JSON.parse(l) as Record<string, number>)
      if (proc.exitCode !== null) return reject(new Error(`${command} exited`))
      waiting.push((line) => resolve(JSON.parse(line) as Record<string, number>))
      void exited.then(() => reject(new Error(`${command} ${args.join(' ')} exited early`)))
    }),
    stop: async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) return
      proc.stdin?.write('stop\n')
      proc.stdin?.end()
      const t = setTimeout(() => proc.kill(), 2000)
      await exited
      clearTimeout(t)
    }
  }
}

let bundle: string | undefined
function relayEndScript(): string {
  if (bundle) return bundle
  const dir = mkdtempSync(join(tmpdir(), 'socket-lab-relay-bench-'))
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  bundle = join(dir, 'relay-end.cjs')
  buildSync({ entryPoints: [join(__dirname, 'relay-end.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: bundle, logLevel: 'warning' })
  return bundle
}

/** socat needs a port of its own to listen on: one the OS just gave and took back. */
async function freePort(): Promise<number> {
  const probe = net.createServer()
  await new Promise<void>((r) => probe.listen({ host: '127.0.0.1', port: 0 }, () => r()))
  const port = (probe.address() as net.AddressInfo).port
  await new Promise<void>((r) => probe.close(() => r()))
  return port
}

/**
 * Gbit/s through one relay: 'engine' (capture on), 'engine-nocapture' or 'socat'. `warm` bytes go
 * through first on a connection of their own, untimed: past the capture limit they leave the
 * engine's ring full, as it is for anything relayed after the first 256 MiB.
 */
export async function relayThroughput(side: 'engine' | 'engine-nocapture' | 'socat', bytes: number, warm = 0): Promise<number> {
  const sink = start(process.execPath, ['-e', SINK])
  let relay: Proc | undefined
  let source: Proc | undefined
  try {
    const { port: sinkPort } = await sink.next()
    let relayPort: number
    if (side !== 'socat') {
      relay = start(process.execPath, [relayEndScript(), String(sinkPort), ...(side === 'engine-nocapture' ? ['nocapture'] : [])])
      relayPort = (await relay.next()).port!
    } else {
      relayPort = await freePort()
      // socat serves one connection and exits; it is not probed (a probe would be that connection),
      // only given a moment to listen.
      relay = start('socat', ['-b', '65536', `TCP-LISTEN:${relayPort},bind=127.0.0.1,reuseaddr${warm > 0 ? ',fork' : ''}`, `TCP:127.0.0.1:${sinkPort}`])
      await new Promise((r) => setTimeout(r, 200))
    }
    source = start(process.execPath, ['-e', SOURCE, String(relayPort), ...(warm > 0 ? [String(warm)] : []), String(bytes)])
    if (warm > 0) {
      const w = await sink.next()
      if (w.bytes !== warm) throw new Error(`the sink got ${w.bytes} of ${warm} warm-up bytes through the ${side} relay`)
    }
    const r = await sink.next()
    if (r.bytes !== bytes) throw new Error(`the sink got ${r.bytes} of ${bytes} bytes through the ${side} relay`)
    return (bytes * 8) / (r.ms! / 1000) / 1e9
  } finally {
    await source?.stop()
    await relay?.stop()
    await sink.stop()
  }
}

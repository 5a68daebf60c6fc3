// Hostile peers against the engine: a peer that never reads what we send, and one that sends a few
// bytes that decode into thousands of frames owed an answer. Each figure comes from a process of its
// own (bench/hostile/measured.ts) beside plain Node doing the same without a bound, measured in the
// same run: what Node lets a program queue is the baseline the engine's queue must stay far below.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildSync } from 'esbuild'
import type { BenchRow, BenchSuite } from './report'
import { DEFAULT_OUTBOUND_LIMIT } from '../src/main/engine/outbound-queue'
import { FLOOD_LINES, REPLY_BYTES, SEND_BYTES, SENDS, type Scenario, type Side } from './hostile/scenarios'

interface Figures {
  growthMB: number
  /** Bytes the process's sockets hold that the kernel has not taken. */
  queued: number
  accepted?: number
  refused?: number
}

let script: string | undefined

/** measured.ts and the engine bundled into one script, once per run, as the app bundles them. */
function measuredScript(): string {
  if (script) return script
  const dir = mkdtempSync(join(tmpdir(), 'socket-lab-hostile-'))
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  script = join(dir, 'measured.cjs')
  buildSync({ entryPoints: [join(__dirname, 'hostile', 'measured.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: script, logLevel: 'warning' })
  return script
}

function measure(scenario: Scenario, side: Side): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [measuredScript(), scenario, side], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    const timer = setTimeout(() => child.kill(), 60_000)
    child.stdout.on('data', (c: Buffer) => (out += c.toString()))
    child.on('exit', (code) => {
      clearTimeout(timer)
      if (code === 0) resolve(JSON.parse(out.trim().split('\n').pop()!) as Figures)
      else reject(new Error(`hostile bench ${scenario} ${side} exited with ${code}`))
    })
  })
}

const MiB = 1024 * 1024
const limit = `${DEFAULT_OUTBOUND_LIMIT / MiB} MiB queue`

const suite: BenchSuite = {
  name: 'hostile peers',
  async run(): Promise<BenchRow[]> {
    const sendsPlain = await measure('sends', 'plain')
    const sendsEngine = await measure('sends', 'engine')
    const ampPlain = await measure('amplify', 'plain')
    const ampEngine = await measure('amplify', 'engine')
    const sends = `${SENDS} sends of ${SEND_BYTES / MiB} MiB to a TCP peer that never reads`
    const amp = `${FLOOD_LINES / 1024}k empty lines in one write to a line-framed server answering each with ${REPLY_BYTES / 1024} KiB, from a client that never reads`
    return [
      {
        name: `${sends}: peak memory growth (engine: ${sendsEngine.accepted} taken, ${sendsEngine.refused} refused; ${limit})`,
        value: sendsEngine.growthMB,
        baseline: sendsPlain.growthMB,
        unit: 'MB',
        baselineName: 'plain Node net socket writing them all',
        higherIsBetter: false,
        target: { valueAtMost: 64 }
      },
      {
        name: `${sends}: bytes left waiting in the process`,
        value: sendsEngine.queued / MiB,
        baseline: sendsPlain.queued / MiB,
        unit: 'MiB',
        baselineName: 'plain Node net socket writing them all',
        higherIsBetter: false,
        target: { valueAtMost: SEND_BYTES / MiB + DEFAULT_OUTBOUND_LIMIT / MiB }
      },
      {
        name: `${amp}: bytes of answers queued`,
        value: ampEngine.queued / MiB,
        baseline: ampPlain.queued / MiB,
        unit: 'MiB',
        baselineName: 'plain Node server answering every line at once',
        higherIsBetter: false,
        target: { valueAtMost: DEFAULT_OUTBOUND_LIMIT / MiB + 1 }
      },
      {
        name: `${amp}: peak memory growth`,
        value: ampEngine.growthMB,
        baseline: ampPlain.growthMB,
        unit: 'MB',
        baselineName: 'plain Node server answering every line at once',
        higherIsBetter: false,
        target: { valueAtMost: 64 }
      }
    ]
  }
}

export default suite

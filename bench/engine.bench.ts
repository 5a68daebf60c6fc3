// The socket engine against plain Node sockets, each pair measured in the same run. Every figure
// comes from a process of its own that holds only the measured side (a plain Node socket or the
// engine, one endpoint, a quiet subscriber as the window would be); its peer (the bulk sender, the
// echo client, the UDP sender, the 10k connecting clients) is another process, as a real peer is.
// So each byte is handled once by the measured process, and its peak memory is the measured side's.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startFarEnd, startNearEnd, type Child } from './engine/child'
import { decodeIntoCapture } from './engine/frames'
import type { NearEndSide } from './engine/near-end'
import type { BenchRow, BenchSuite } from './report'
import { udpDrops } from './udp-drops'
import { relayThroughput } from './engine/relay'

const GiB = 1024 * 1024 * 1024
/** More than the engine's default capture limit (256 MiB), so the ring is full and wrapping. */
const WARM_BYTES = 320 * 1024 * 1024
const CHUNK = 64 * 1024
const BULK_BYTES = Number(process.env.ENGINE_BENCH_BULK_BYTES ?? GiB)
const ECHO_SAMPLES = 20_000
const ECHO_WARMUP = 2_000
/** A tail percentile moves with whatever else runs, and a run takes about a second: more rounds. */
const ECHO_ROUNDS = 5
const UDP_RATE = 100_000
const UDP_SECONDS = 5
const CONNECTIONS = 10_000
const BACKLOG = 4096
/** Alternating runs of each pair; see alternate(). */
const ROUNDS = Number(process.env.ENGINE_BENCH_ROUNDS ?? 3)
const of = `best of ${ROUNDS} alternating runs`
const FRAMES = 1_000_000
/** TLS costs its encryption on both sides: a smaller transfer takes as long as the TCP one. */
const TLS_BULK_BYTES = Number(process.env.ENGINE_BENCH_TLS_BYTES ?? 256 * 1024 * 1024)
/** Through a relay every byte is read and written once more: a smaller transfer takes as long. */
const RELAY_BYTES = Number(process.env.ENGINE_BENCH_RELAY_BYTES ?? 1024 * 1024 * 1024)

/** ENGINE_BENCH_ONLY=bulk,tls,echo,udp,accept,frames,relay runs only those parts; all by default. */
const only = process.env.ENGINE_BENCH_ONLY?.split(',').map((p) => p.trim())
const wanted = (part: string): boolean => only === undefined || only.includes(part)

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}

/** Runs one measurement with both processes, and stops both whatever happens. */
async function pair<T>(near: Child, run: (near: Child, port: number) => Promise<{ far: Child; result: Promise<T> }>): Promise<T> {
  let far: Child | undefined
  try {
    const { port } = (await near.next()) as { port: number }
    const started = await run(near, port)
    far = started.far
    return await started.result
  } finally {
    await far?.stop()
    await near.stop()
  }
}

interface BulkResult {
  gbps: number
  peakMB: number
  /** CPU time of the measured process for the timed bytes, ms: unlike time, other load barely moves it. */
  cpuMs: number
}

/**
 * The far end writes BULK_BYTES in fresh 64 KiB buffers; the near end times until all arrived.
 * `warm` bytes go first, untimed: past the capture limit they leave the ring full, as it is for
 * any transfer after the first 256 MiB, so the timed bytes reuse its memory instead of touching
 * fresh pages.
 */
function bulk(side: NearEndSide, warm = 0): Promise<BulkResult> {
  return pair(startNearEnd('bulk', side, warm + BULK_BYTES), async (near, port) => {
    const far = startFarEnd('bulk-send', [port, BULK_BYTES, CHUNK, warm])
    await far.next()
    if (warm > 0) {
      near.send(`wait ${warm}`)
      await near.next()
    }
    near.send('go')
    far.send('go')
    const result = near.next().then((r) => ({ gbps: BULK_BYTES / (r.ms! / 1000) / 1e9, peakMB: r.peakMB!, cpuMs: r.cpuMs! }))
    return { far, result }
  })
}

/**
 * TLS_BULK_BYTES from a plain Node TLS client in another process into the measured TLS server: a
 * plain Node tls server, or an engine TLS server (capture on). Both present the same certificate.
 */
function tlsBulk(side: NearEndSide, warm = 0): Promise<BulkResult> {
  return pair(startNearEnd('tls-bulk', side, warm + TLS_BULK_BYTES), async (near, port) => {
    const far = startFarEnd('tls-bulk-send', [port, TLS_BULK_BYTES, CHUNK, warm])
    await far.next()
    if (warm > 0) {
      near.send(`wait ${warm}`)
      await near.next()
    }
    near.send('go')
    far.send('go')
    const result = near.next().then((r) => ({ gbps: TLS_BULK_BYTES / (r.ms! / 1000) / 1e9, peakMB: r.peakMB!, cpuMs: r.cpuMs! }))
    return { far, result }
  })
}

/** A self-signed certificate for the TLS rows, written by openssl into a temp dir. */
function benchCertificate(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'socket-lab-bench-tls-'))
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
    { stdio: ['ignore', 'ignore', 'pipe'] }
  )
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

async function tlsRows(rows: BenchRow[]): Promise<void> {
  const cert = benchCertificate()
  process.env.ENGINE_BENCH_TLS_DIR = cert.dir
  try {
    const r = await alternate(() => tlsBulk('plain'), () => tlsBulk('engine'))
    const size = `${(TLS_BULK_BYTES / 1048576).toFixed(0)} MiB`
    rows.push({
      name: `TLS bulk ${size} into an engine TLS server, capture on, 64 KiB writes from a Node TLS client in another process (${of})`,
      value: best(r.engine.map((x) => x.gbps), true),
      baseline: best(r.baseline.map((x) => x.gbps), true),
      unit: 'GB/s',
      baselineName: 'plain Node tls server',
      higherIsBetter: true,
      target: { ratioAtLeast: 0.8 }
    })
    rows.push({
      name: `  receiving process CPU for the timed TLS ${size} (least of ${ROUNDS})`,
      value: Math.min(...r.engine.map((x) => x.cpuMs)),
      baseline: Math.min(...r.baseline.map((x) => x.cpuMs)),
      unit: 'ms',
      baselineName: 'plain Node tls server',
      higherIsBetter: false
    })
    // What the gap is made of: keeping the bytes (a baseline that copies them into a ring of the
    // same size), and the engine with its capture off.
    const kept = await alternate(() => tlsBulk('plain-keep'), () => tlsBulk('engine'))
    rows.push({
      name: `TLS bulk ${size}, capture on, beside a baseline that keeps its bytes too (${of})`,
      value: best(kept.engine.map((x) => x.gbps), true),
      baseline: best(kept.baseline.map((x) => x.gbps), true),
      unit: 'GB/s',
      baselineName: 'plain Node tls server copying each chunk into a 256 MiB ring',
      higherIsBetter: true,
      target: { ratioAtLeast: 0.9 }
    })
    const warm = await alternate(() => tlsBulk('plain', WARM_BYTES), () => tlsBulk('engine', WARM_BYTES))
    rows.push({
      name: `TLS bulk ${size}, capture on, ring already full (320 MiB sent untimed first, both sides) (${of})`,
      value: best(warm.engine.map((x) => x.gbps), true),
      baseline: best(warm.baseline.map((x) => x.gbps), true),
      unit: 'GB/s',
      baselineName: 'plain Node tls server',
      higherIsBetter: true
    })
    const off = await alternate(() => tlsBulk('plain'), () => tlsBulk('engine-nocapture'))
    rows.push({
      name: `TLS bulk ${size}, capture off (${of})`,
      value: best(off.engine.map((x) => x.gbps), true),
      baseline: best(off.baseline.map((x) => x.gbps), true),
      unit: 'GB/s',
      baselineName: 'plain Node tls server',
      higherIsBetter: true
    })
  } finally {
    delete process.env.ENGINE_BENCH_TLS_DIR
    cert.remove()
  }
}

/** Round trips of 64 bytes from a client process; the measured server echoes them. */
function echo(side: NearEndSide): Promise<{ p50: number; p99: number; cpuUs: number }> {
  return pair(startNearEnd('echo', side), async (near, port) => {
    const far = startFarEnd('echo-client', [port, ECHO_SAMPLES, ECHO_WARMUP])
    await far.next()
    near.send('go')
    await near.next()
    far.send('go')
    const result = far.next().then(async (r) => {
      near.send('report')
      const cpuMs = (await near.next()).cpuMs!
      return { p50: r.p50!, p99: r.p99!, cpuUs: (cpuMs * 1000) / (ECHO_SAMPLES + ECHO_WARMUP) }
    })
    return { far, result }
  })
}

/** The far end paces 64-byte datagrams; the near end counts what it received 300 ms after the last. */
function udp(side: NearEndSide): Promise<{ sent: number; received: number; dropped: number; cpuUs: number }> {
  return pair(startNearEnd('udp', side), async (near, port) => {
    near.send('go')
    await near.next()
    const dropsBefore = udpDrops(port) ?? 0
    const far = startFarEnd('udp-send', [port, UDP_RATE, UDP_SECONDS])
    await far.next()
    far.send('go')
    const result = far.next().then(async ({ sent }) => {
      await sleep(300)
      near.send('report')
      const report = await near.next()
      const received = report.count!
      return { sent: sent!, received, dropped: (udpDrops(port) ?? Number.NaN) - dropsBefore, cpuUs: (report.cpuMs! * 1000) / Math.max(1, received) }
    })
    return { far, result }
  })
}

/** The far end opens CONNECTIONS connections; the near end times until it has accepted them all. */
function accept(side: NearEndSide): Promise<number> {
  return pair(startNearEnd('accept', side, CONNECTIONS, BACKLOG), async (near, port) => {
    const far = startFarEnd('connect-many', [port, CONNECTIONS])
    await far.next()
    near.send('go')
    far.send('go')
    return { far, result: near.next().then((r) => r.ms!) }
  })
}

/**
 * Runs the baseline and the engine ROUNDS times, alternating, and keeps each side's best figure:
 * on a shared machine a run is slowed by whatever else runs, never sped up, so the best of a few
 * alternating runs is the closest to each side's own cost. Peak memory keeps the worst instead.
 */
async function alternate<T>(baseline: () => Promise<T>, engine: () => Promise<T>, rounds = ROUNDS): Promise<{ baseline: T[]; engine: T[] }> {
  const out = { baseline: [] as T[], engine: [] as T[] }
  for (let i = 0; i < rounds; i++) {
    out.baseline.push(await baseline())
    out.engine.push(await engine())
  }
  return out
}

function framesRows(rows: BenchRow[]): void {
  const kept: number[] = []
  const notKept: number[] = []
  decodeIntoCapture(FRAMES / 10, true) // warms the code paths up
  for (let i = 0; i < ROUNDS; i++) {
    notKept.push(decodeIntoCapture(FRAMES, false))
    kept.push(decodeIntoCapture(FRAMES, true))
  }
  rows.push({
    name: `${FRAMES} len:2 frames of 64 B decoded into an endpoint's capture, frames kept for a later window (best of ${ROUNDS}, in process)`,
    value: best(kept, false),
    baseline: best(notKept, false),
    unit: 'ms',
    baselineName: 'the same, frames not kept',
    higherIsBetter: false
  })
}

const best = (xs: number[], higherIsBetter: boolean): number => (higherIsBetter ? Math.max(...xs) : Math.min(...xs))

async function bulkRows(rows: BenchRow[]): Promise<void> {
  const size = BULK_BYTES === GiB ? '1 GiB' : `${(BULK_BYTES / 1048576).toFixed(0)} MiB`
  const bulkName = (what: string): string => `TCP bulk ${size} into an engine TCP server, ${what}, 64 KiB writes from another process (${of})`
  const gbps = (r: BulkResult[]): number => best(r.map((x) => x.gbps), true)
  const bulkRow = (what: string, r: { baseline: BulkResult[]; engine: BulkResult[] }, ratio: number): BenchRow => ({
    name: bulkName(what),
    value: gbps(r.engine),
    baseline: gbps(r.baseline),
    unit: 'GB/s',
    baselineName: 'plain Node net server',
    higherIsBetter: true,
    target: { ratioAtLeast: ratio }
  })

  const on = await alternate(() => bulk('plain'), () => bulk('engine'))
  rows.push(bulkRow('capture on', on, 0.8))
  // The same fresh-process run against a baseline that keeps its bytes too: what is left is the
  // engine's own cost, apart from the memory any tool holding 256 MiB has to touch first.
  const kept = await alternate(() => bulk('plain-keep'), () => bulk('engine'))
  rows.push({ ...bulkRow('capture on, beside a baseline that keeps its bytes too', kept, 0.9), baselineName: 'plain Node net server copying each chunk into a 256 MiB ring' })
  const warm = await alternate(() => bulk('plain', WARM_BYTES), () => bulk('engine', WARM_BYTES))
  rows.push(bulkRow('capture on, ring already full (320 MiB sent untimed first, both sides)', warm, 0.8))
  const off = await alternate(() => bulk('plain'), () => bulk('engine-nocapture'))
  rows.push(bulkRow('capture off', off, 0.95))
  const cpu = (r: BulkResult[]): number => Math.min(...r.map((x) => x.cpuMs))
  const cpuRows = [
    ['capture on', on, 'plain Node net server'],
    ['capture on', kept, 'plain Node net server keeping its bytes'],
    ['capture on, ring full', warm, 'plain Node net server'],
    ['capture off', off, 'plain Node net server']
  ] as const
  for (const [what, r, baselineName] of cpuRows) {
    rows.push({ name: `  receiving process CPU for the timed ${size}, ${what} (least of ${ROUNDS})`, value: cpu(r.engine), baseline: cpu(r.baseline), unit: 'ms', baselineName, higherIsBetter: false })
  }
  rows.push({
    name: `peak RSS of the receiving process during TCP bulk ${size}, capture on (256 MiB limit; worst of ${ROUNDS} runs)`,
    value: Math.max(...on.engine.map((r) => r.peakMB)),
    baseline: Math.max(...on.baseline.map((r) => r.peakMB)),
    unit: 'MB',
    baselineName: 'plain Node net server',
    higherIsBetter: false,
    target: { valueAtMost: 400 }
  })

}

async function echoRows(rows: BenchRow[]): Promise<void> {
  const echoes = await alternate(() => echo('plain'), () => echo('engine'), ECHO_ROUNDS)
  const echoName = (q: string): string =>
    `TCP echo round trip 64 B, ${q} of ${ECHO_SAMPLES} after ${ECHO_WARMUP} warm-up, engine server with auto reply, client in another process (best of ${ECHO_ROUNDS} alternating runs)`
  for (const q of ['p50', 'p99'] as const) {
    rows.push({
      name: echoName(q),
      value: best(echoes.engine.map((r) => r[q]), false),
      baseline: best(echoes.baseline.map((r) => r[q]), false),
      unit: 'µs',
      baselineName: 'plain Node echo server',
      higherIsBetter: false,
      target: { ratioAtMost: 1.5 }
    })
  }
  rows.push({
    name: `  server process CPU per round trip (least of ${ECHO_ROUNDS})`,
    value: best(echoes.engine.map((r) => r.cpuUs), false),
    baseline: best(echoes.baseline.map((r) => r.cpuUs), false),
    unit: 'µs',
    baselineName: 'plain Node echo server',
    higherIsBetter: false
  })

}

async function udpRows(rows: BenchRow[]): Promise<void> {
  const up = await udp('plain')
  const ue = await udp('engine')
  rows.push({
    name: `UDP 64 B at ${UDP_RATE / 1000}k/s for ${UDP_SECONDS} s into an engine UDP endpoint, datagrams received of ${ue.sent} sent (one run)`,
    value: ue.received,
    baseline: up.received,
    unit: 'datagrams',
    baselineName: `plain dgram, 4 MiB buffer (of ${up.sent} sent)`,
    higherIsBetter: true,
    target: { valueAtLeast: ue.sent }
  })
  rows.push({
    name: 'UDP, same run: datagrams the kernel dropped for a full receive buffer, engine endpoint',
    value: ue.dropped,
    baseline: up.dropped,
    unit: 'datagrams',
    baselineName: 'plain dgram',
    higherIsBetter: false,
    target: { valueAtMost: 0 }
  })
  rows.push({
    name: 'UDP, same run: receiving CPU per datagram (the 300 ms after the last included)',
    value: ue.cpuUs,
    baseline: up.cpuUs,
    unit: 'µs',
    baselineName: 'plain dgram',
    higherIsBetter: false
  })

}

async function acceptRows(rows: BenchRow[]): Promise<void> {
  const acc = await alternate(() => accept('plain'), () => accept('engine'))
  rows.push({
    name: `${CONNECTIONS} concurrent TCP connections accepted by an engine TCP server, backlog ${BACKLOG}, clients in another process (${of})`,
    value: best(acc.engine, false),
    baseline: best(acc.baseline, false),
    unit: 'ms',
    baselineName: 'plain Node net server',
    higherIsBetter: false,
    target: { valueAtMost: 1000 }
  })
}

/** The engine's TCP relay (capture on, a quiet window) against socat relaying the same bytes. */
async function relayRows(rows: BenchRow[]): Promise<void> {
  const r = await alternate(() => relayThroughput('socat', RELAY_BYTES), () => relayThroughput('engine', RELAY_BYTES))
  const size = RELAY_BYTES >= GiB ? `${RELAY_BYTES / GiB} GiB` : `${Math.round(RELAY_BYTES / (1024 * 1024))} MiB`
  rows.push({
    name: `TCP relay ${size}, sender to relay to sink, capture on (${of})`,
    value: Math.max(...r.engine),
    baseline: Math.max(...r.baseline),
    unit: 'Gbit/s',
    baselineName: 'socat TCP-LISTEN ... TCP:...',
    higherIsBetter: true,
    target: { ratioAtLeast: 0.7 }
  })
  // The same after 320 MiB went through untimed: the ring is full, its memory touched already.
  const warm = await alternate(() => relayThroughput('socat', RELAY_BYTES, WARM_BYTES), () => relayThroughput('engine', RELAY_BYTES, WARM_BYTES))
  rows.push({
    name: `TCP relay ${size}, capture on, ring already full (320 MiB relayed untimed first, both sides) (${of})`,
    value: Math.max(...warm.engine),
    baseline: Math.max(...warm.baseline),
    unit: 'Gbit/s',
    baselineName: 'socat TCP-LISTEN ... TCP:...',
    higherIsBetter: true
  })
  // Apart from keeping the bytes: the capture's ring is touched fresh for the first 256 MiB.
  const off = await alternate(() => relayThroughput('socat', RELAY_BYTES), () => relayThroughput('engine-nocapture', RELAY_BYTES))
  rows.push({
    name: `TCP relay ${size}, capture off (${of})`,
    value: Math.max(...off.engine),
    baseline: Math.max(...off.baseline),
    unit: 'Gbit/s',
    baselineName: 'socat TCP-LISTEN ... TCP:...',
    higherIsBetter: true
  })
}

/** The machine's price for fresh memory, which every capture-on row pays for its first 256 MiB. */
function firstTouchRows(rows: BenchRow[]): void {
  const script = join(__dirname, 'engine', 'first-touch.cjs')
  const runs = Array.from({ length: ROUNDS }, () => JSON.parse(execFileSync(process.execPath, [script], { encoding: 'utf8' })) as { freshMs: number; againMs: number })
  rows.push({
    name: `writing 256 MiB into fresh memory in 16 KiB pieces, a fresh plain Node process (least of ${ROUNDS})`,
    value: Math.min(...runs.map((r) => r.freshMs)),
    baseline: Math.min(...runs.map((r) => r.againMs)),
    unit: 'ms',
    baselineName: 'writing it again over the same memory',
    higherIsBetter: false
  })
}

const suite: BenchSuite = {
  name: 'engine',
  async run(): Promise<BenchRow[]> {
    const rows: BenchRow[] = []
    if (wanted('bulk') || wanted('tls') || wanted('relay')) firstTouchRows(rows)
    if (wanted('bulk')) await bulkRows(rows)
    if (wanted('tls')) await tlsRows(rows)
    if (wanted('echo')) await echoRows(rows)
    if (wanted('udp')) await udpRows(rows)
    if (wanted('accept')) await acceptRows(rows)
    if (wanted('frames')) framesRows(rows)
    if (wanted('relay')) await relayRows(rows)
    return rows
  }
}

export default suite

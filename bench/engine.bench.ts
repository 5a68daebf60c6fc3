// The socket engine against plain Node sockets, each pair measured in the same run: bulk TCP with
// capture on and off, echo latency, UDP loss at 100k datagrams/s, a burst of 10k connections, and
// the memory the bulk run takes. Load that would compete with the receiver for the one JS thread
// (the UDP sender, the 10k connecting clients) runs in a child process.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import dgram from 'node:dgram'
import net from 'node:net'
import { createEngine, type Engine } from '../src/main/engine'
import type { BenchRow, BenchSuite } from './report'

const GiB = 1024 * 1024 * 1024
const CHUNK = 64 * 1024
const BULK_BYTES = Number(process.env.ENGINE_BENCH_BULK_BYTES ?? GiB)
const ECHO_SAMPLES = 20_000
const UDP_RATE = 100_000
const UDP_SECONDS = 5
const CONNECTIONS = 10_000
const BACKLOG = 4096

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}

async function until(probe: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('bench step timed out')
    await sleep(1)
  }
}

/** Samples the process's resident memory until stopped; returns the peak in MB. */
function rssSampler(): () => number {
  let peak = process.memoryUsage.rss()
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss())
  }, 10)
  return () => {
    clearInterval(timer)
    return Math.max(peak, process.memoryUsage.rss()) / 1e6
  }
}

/** A quiet window: the app subscribes a receiver, so the engine pays for its events as it would. */
function subscribeQuietly(engine: Engine): void {
  engine.subscribe({ deliver: () => {}, isOpen: () => true, autoAck: true })
}

function* freshChunks(total: number): Generator<Uint8Array> {
  // A new buffer per write, as reading a file gives: one reused buffer would flatter the capture.
  for (let sent = 0; sent < total; sent += CHUNK) yield Buffer.allocUnsafe(Math.min(CHUNK, total - sent))
}

function listen(server: net.Server): Promise<number> {
  return new Promise((r) => server.listen({ host: '127.0.0.1', port: 0, backlog: BACKLOG }, () => r((server.address() as net.AddressInfo).port)))
}

interface BulkResult {
  gbps: number
  peakMB: number
}

async function bulkPlain(): Promise<BulkResult> {
  let received = 0
  const server = net.createServer((s) => s.on('data', (c: Buffer) => (received += c.length)))
  const port = await listen(server)
  const socket = net.connect({ host: '127.0.0.1', port })
  await new Promise((r) => socket.once('connect', r))
  const peak = rssSampler()
  const t0 = performance.now()
  for (const chunk of freshChunks(BULK_BYTES)) {
    if (!socket.write(chunk)) await new Promise((r) => socket.once('drain', r))
  }
  await until(() => received >= BULK_BYTES)
  const seconds = (performance.now() - t0) / 1000
  const peakMB = peak()
  socket.destroy()
  await new Promise((r) => server.close(r))
  return { gbps: BULK_BYTES / seconds / 1e9, peakMB }
}

async function bulkEngine(capture: boolean): Promise<BulkResult> {
  const engine = createEngine({ capture })
  subscribeQuietly(engine)
  const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0 })
  const port = (server.local as { port: number }).port
  const client = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port })
  const peak = rssSampler()
  const t0 = performance.now()
  await engine.sendStream(client.id, undefined, freshChunks(BULK_BYTES))
  await until(() => engine.get(server.id).counters.bytesIn >= BULK_BYTES)
  const seconds = (performance.now() - t0) / 1000
  const peakMB = peak()
  await engine.closeAll()
  return { gbps: BULK_BYTES / seconds / 1e9, peakMB }
}

/** Round trips of 64 bytes from a plain client; the server under test echoes them. */
async function echoRtt(port: number): Promise<{ p50: number; p99: number }> {
  const socket = net.connect({ host: '127.0.0.1', port, noDelay: true })
  await new Promise((r) => socket.once('connect', r))
  const ping = Buffer.alloc(64, 0x61)
  let got = 0
  let wake: (() => void) | undefined
  socket.on('data', (c: Buffer) => {
    got += c.length
    if (got >= 64 && wake) wake()
  })
  const times: number[] = []
  for (let i = 0; i < ECHO_SAMPLES + 1000; i++) {
    got = 0
    const t0 = process.hrtime.bigint()
    const back = new Promise<void>((r) => (wake = r))
    socket.write(ping)
    await back
    if (i >= 1000) times.push(Number(process.hrtime.bigint() - t0) / 1000)
  }
  socket.destroy()
  times.sort((a, b) => a - b)
  return { p50: times[Math.floor(times.length * 0.5)]!, p99: times[Math.floor(times.length * 0.99)]! }
}

async function echoPlain(): Promise<{ p50: number; p99: number }> {
  const server = net.createServer((s) => {
    s.setNoDelay(true)
    s.on('data', (c) => s.write(c))
  })
  const port = await listen(server)
  const r = await echoRtt(port)
  await new Promise((res) => server.close(res))
  return r
}

async function echoEngine(): Promise<{ p50: number; p99: number }> {
  const engine = createEngine()
  subscribeQuietly(engine)
  const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, autoReply: { mode: 'echo' } })
  const r = await echoRtt((server.local as { port: number }).port)
  await engine.closeAll()
  return r
}

/** Runs a plain Node script in a child; it starts on "go" and answers one line when done. */
function child(script: string): { proc: ChildProcessWithoutNullStreams; line: Promise<string> } {
  const proc = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'pipe'] })
  proc.stderr.on('data', (d: Buffer) => process.stderr.write(d))
  const line = new Promise<string>((resolve) => {
    let buf = ''
    proc.stdout.on('data', (d: Buffer) => {
      buf += d.toString()
      if (buf.includes('\n')) resolve(buf.trim())
    })
  })
  return { proc, line }
}

const UDP_SENDER = `
const dgram = require('node:dgram')
const [port, rate, seconds] = process.argv.slice(1).map(Number)
process.stdin.once('data', () => {
  const s = dgram.createSocket('udp4')
  const payload = Buffer.alloc(64, 0x62)
  const total = rate * seconds
  const t0 = performance.now()
  let sent = 0
  const tick = () => {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate))
    while (sent < due) { s.send(payload, port, '127.0.0.1'); sent++ }
    if (sent < total) setImmediate(tick)
    else setTimeout(() => { process.stdout.write('sent ' + sent + '\\n'); s.close() }, 200)
  }
  tick()
})
`

async function udpRun(port: number, received: () => number): Promise<{ sent: number; received: number }> {
  const proc = spawn(process.execPath, ['-e', UDP_SENDER, String(port), String(UDP_RATE), String(UDP_SECONDS)], { stdio: ['pipe', 'pipe', 'inherit'] })
  const line = new Promise<string>((r) => proc.stdout.once('data', (d: Buffer) => r(d.toString())))
  await sleep(300)
  proc.stdin.write('go\n')
  const sent = Number(/sent (\d+)/.exec(await line)![1])
  await sleep(300)
  proc.kill()
  return { sent, received: received() }
}

async function udpPlain(): Promise<{ sent: number; received: number }> {
  const s = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 * 1024 * 1024 })
  let n = 0
  s.on('message', () => n++)
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()))
  const r = await udpRun(s.address().port, () => n)
  s.close()
  return r
}

async function udpEngine(): Promise<{ sent: number; received: number }> {
  const engine = createEngine()
  subscribeQuietly(engine)
  const ep = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0 })
  const r = await udpRun((ep.local as { port: number }).port, () => engine.get(ep.id).counters.chunksIn)
  await engine.closeAll()
  return r
}

const CONNECTOR = `
const net = require('node:net')
const [port, count] = process.argv.slice(1).map(Number)
const sockets = []
process.stdin.once('data', () => {
  let started = 0, connected = 0
  // At most 3000 handshakes in flight: a burst beyond the accept queue drops SYNs, and a dropped
  // SYN waits a full second for its retry, which would measure the kernel, not the server.
  const more = () => {
    while (started < count && started - connected < 3000) {
      started++
      const s = net.connect({ host: '127.0.0.1', port }, () => { connected++; if (connected === count) process.stdout.write('connected\\n'); else more() })
      s.on('error', (e) => { process.stderr.write(String(e) + '\\n') })
      sockets.push(s)
    }
  }
  more()
  process.stdin.once('data', () => process.exit(0))
})
`

async function acceptRun(port: number, accepted: () => number): Promise<number> {
  const { proc } = child(CONNECTOR.replace('process.argv.slice(1)', `[${port}, ${CONNECTIONS}]`))
  await sleep(300)
  const t0 = performance.now()
  proc.stdin.write('go\n')
  await until(() => accepted() >= CONNECTIONS, 30_000)
  const ms = performance.now() - t0
  proc.stdin.write('exit\n')
  await new Promise((r) => proc.once('exit', r))
  return ms
}

async function acceptPlain(): Promise<number> {
  let n = 0
  const sockets: net.Socket[] = []
  const server = net.createServer((s) => {
    n++
    sockets.push(s)
    s.on('error', () => {})
  })
  const port = await listen(server)
  const ms = await acceptRun(port, () => n)
  for (const s of sockets) s.destroy()
  await new Promise((r) => server.close(r))
  return ms
}

async function acceptEngine(): Promise<number> {
  const engine = createEngine()
  subscribeQuietly(engine)
  const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, backlog: BACKLOG })
  const ms = await acceptRun((server.local as { port: number }).port, () => engine.get(server.id).peerCount)
  await engine.closeAll()
  return ms
}

const suite: BenchSuite = {
  name: 'engine',
  async run(): Promise<BenchRow[]> {
    const rows: BenchRow[] = []
    const size = BULK_BYTES === GiB ? '1 GiB' : `${(BULK_BYTES / 1048576).toFixed(0)} MiB`

    const plain = await bulkPlain()
    const on = await bulkEngine(true)
    const plain2 = await bulkPlain()
    const off = await bulkEngine(false)
    rows.push({ name: `TCP bulk ${size}, 64 KiB writes, capture on`, value: on.gbps, baseline: plain.gbps, unit: 'GB/s', baselineName: 'plain Node net', higherIsBetter: true, target: { ratioAtLeast: 0.8 } })
    rows.push({ name: `TCP bulk ${size}, 64 KiB writes, capture off`, value: off.gbps, baseline: plain2.gbps, unit: 'GB/s', baselineName: 'plain Node net', higherIsBetter: true, target: { ratioAtLeast: 0.95 } })
    rows.push({ name: `peak RSS during TCP bulk ${size}, capture on (256 MiB limit)`, value: on.peakMB, baseline: plain.peakMB, unit: 'MB', baselineName: 'plain Node net', higherIsBetter: false, target: { valueAtMost: 400 } })

    const ep = await echoPlain()
    const ee = await echoEngine()
    rows.push({ name: 'TCP echo round trip 64 B, p50', value: ee.p50, baseline: ep.p50, unit: 'µs', baselineName: 'plain Node echo server', higherIsBetter: false, target: { ratioAtMost: 1.5 } })
    rows.push({ name: 'TCP echo round trip 64 B, p99', value: ee.p99, baseline: ep.p99, unit: 'µs', baselineName: 'plain Node echo server', higherIsBetter: false, target: { ratioAtMost: 1.5 } })

    const up = await udpPlain()
    const ue = await udpEngine()
    rows.push({
      name: `UDP 64 B at ${UDP_RATE / 1000}k/s for ${UDP_SECONDS} s, datagrams received of ${ue.sent} sent`,
      value: ue.received,
      baseline: up.received,
      unit: 'datagrams',
      baselineName: 'plain dgram, 4 MiB buffer',
      higherIsBetter: true,
      target: { valueAtLeast: ue.sent }
    })

    const ap = await acceptPlain()
    const ae = await acceptEngine()
    rows.push({ name: `${CONNECTIONS} concurrent TCP connections accepted (backlog ${BACKLOG})`, value: ae, baseline: ap, unit: 'ms', baselineName: 'plain Node net server', higherIsBetter: false, target: { valueAtMost: 1000 } })
    return rows
  }
}

export default suite

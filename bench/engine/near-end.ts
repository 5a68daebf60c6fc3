// The measured side of each engine bench, run as its own process (bundled, in plain Node): either
// a plain Node socket or the engine, with the same loop, the same polling and the same memory
// sampler, so the two differ only in who handles the bytes. A process of its own keeps the bench's
// orchestration (and tsx's compiler, about 30 MB) out of the figures, as the app runs the engine
// bundled too.
//
// Protocol: argv is a mode; the child prints one JSON line {port} once listening, then answers each
// line from the parent ("go", "wait N", "report", "stop") with one JSON line.
import dgram from 'node:dgram'
import { readFileSync } from 'node:fs'
import net from 'node:net'
import { join } from 'node:path'
import tls from 'node:tls'
import { createInterface } from 'node:readline'
import { createEngine, type Engine } from '../../src/main/engine'

export type NearEndMode = 'bulk' | 'tls-bulk' | 'echo' | 'udp' | 'accept'
export type NearEndSide = 'plain' | 'plain-keep' | 'engine' | 'engine-nocapture'

const [mode, side, target, backlog] = process.argv.slice(2) as [NearEndMode, NearEndSide, string, string]
const say = (obj: object): void => void process.stdout.write(JSON.stringify(obj) + '\n')

/** tls-bulk: the certificate and key both sides serve, written by the parent (cert.pem, key.pem). */
function tlsPair(): { cert: string; key: string } {
  const dir = process.env.ENGINE_BENCH_TLS_DIR
  if (!dir) throw new Error('tls-bulk needs ENGINE_BENCH_TLS_DIR: the folder holding cert.pem and key.pem')
  return { cert: readFileSync(join(dir, 'cert.pem'), 'utf8'), key: readFileSync(join(dir, 'key.pem'), 'utf8') }
}

/** What the measured side exposes: where it listens and how much it has taken in. */
interface Measured {
  port: number
  /** Bytes (bulk), datagrams (udp) or connections (accept) so far. */
  count(): number
  close(): Promise<void>
}

/**
 * What keeping the bytes costs by itself: a ring of 1 MiB slabs up to the engine's default capture
 * limit, allocated as it fills and then reused, into which each chunk is copied. The engine's
 * capture has the same memory to touch; this shows how much of its cost is that.
 */
function keeper(): (chunk: Buffer) => void {
  const SLAB = 1024 * 1024
  const slabs: Buffer[] = []
  const LIMIT = 256
  let slab = 0
  let at = SLAB
  return (chunk) => {
    for (let done = 0; done < chunk.length; ) {
      if (at === SLAB) {
        slab = (slab + 1) % LIMIT
        slabs[slab] ??= Buffer.allocUnsafeSlow(SLAB)
        at = 0
      }
      const n = Math.min(SLAB - at, chunk.length - done)
      chunk.copy(slabs[slab]!, at, done, done + n)
      at += n
      done += n
    }
  }
}

function listen(server: net.Server): Promise<number> {
  return new Promise((r) => server.listen({ host: '127.0.0.1', port: 0, backlog: Number(backlog) || 511 }, () => r((server.address() as net.AddressInfo).port)))
}

async function plain(): Promise<Measured> {
  let n = 0
  if (mode === 'udp') {
    const s = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 * 1024 * 1024 })
    s.on('message', () => n++)
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()))
    return { port: s.address().port, count: () => n, close: () => new Promise((r) => s.close(() => r())) }
  }
  const sockets: net.Socket[] = []
  const accepted = (s: net.Socket): void => {
    sockets.push(s)
    s.on('error', () => {})
    if (mode === 'bulk' || mode === 'tls-bulk') {
      const keep = side === 'plain-keep' ? keeper() : undefined
      s.on('data', (c: Buffer) => {
        keep?.(c)
        n += c.length
      })
    }
    else if (mode === 'echo') s.on('data', (c: Buffer) => s.write(c))
    else {
      // A server reads what it accepts, as the engine does: a socket nobody reads costs less.
      s.on('data', () => {})
      n++
    }
  }
  // The same handler either way: a TLS server's connections are counted once their handshake is done.
  const server = mode === 'tls-bulk' ? tls.createServer(tlsPair(), accepted) : net.createServer(accepted)
  const port = await listen(server)
  return {
    port,
    count: () => n,
    close: async () => {
      for (const s of sockets) s.destroy()
      await new Promise((r) => server.close(r))
    }
  }
}

async function engineSide(): Promise<Measured> {
  const engine: Engine = createEngine({ capture: side !== 'engine-nocapture' })
  // The app always has a window subscribed, so the engine pays for its events as it would there.
  engine.subscribe({ deliver: () => {}, isOpen: () => true, autoAck: true })
  const info =
    mode === 'udp'
      ? await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0 })
      : mode === 'tls-bulk'
        ? await engine.open({ kind: 'tls-server', host: '127.0.0.1', port: 0, ...tlsPair() })
        : await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, backlog: Number(backlog) || 511, ...(mode === 'echo' ? { autoReply: { mode: 'echo' as const } } : {}) })
  const id = info.id
  const port = (info.local as { port: number }).port
  const count = (): number => {
    const ep = engine.get(id)
    return mode === 'bulk' || mode === 'tls-bulk' ? ep.counters.bytesIn : mode === 'udp' ? ep.counters.chunksIn : ep.peerCount
  }
  return { port, count, close: () => engine.closeAll() }
}

/** Samples resident memory every 10 ms until stopped; the peak in MB. */
function rssSampler(): () => number {
  let peak = process.memoryUsage.rss()
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10)
  return () => {
    clearInterval(timer)
    return Math.max(peak, process.memoryUsage.rss()) / 1e6
  }
}

/** Polls every millisecond, the same for both sides, until `count` reaches `want`; elapsed ms. */
function timeUntil(count: () => number, want: number, t0: number): Promise<number> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (count() < want) return
      clearInterval(timer)
      resolve(performance.now() - t0)
    }, 1)
  })
}

async function main(): Promise<void> {
  const m = side === 'plain' || side === 'plain-keep' ? await plain() : await engineSide()
  say({ port: m.port })
  const lines = createInterface({ input: process.stdin })
  let peak: (() => number) | undefined
  let cpu0 = process.cpuUsage()
  const cpuMs = (): number => {
    const cpu = process.cpuUsage(cpu0)
    return (cpu.user + cpu.system) / 1000
  }
  for await (const line of lines) {
    if (line === 'go') {
      const t0 = performance.now()
      cpu0 = process.cpuUsage()
      peak = rssSampler()
      if (mode === 'bulk' || mode === 'tls-bulk' || mode === 'accept') {
        const ms = await timeUntil(m.count, Number(target), t0)
        say({ ms, peakMB: peak(), cpuMs: cpuMs() })
      } else say({ started: true })
    } else if (line.startsWith('wait ')) {
      await timeUntil(m.count, Number(line.slice(5)), 0)
      say({ waited: true })
    } else if (line === 'report') {
      say({ count: m.count(), peakMB: peak ? peak() : 0, cpuMs: cpuMs() })
    } else if (line === 'stop') {
      await m.close()
      say({ stopped: true })
      break
    }
  }
  process.exit(0)
}

main().catch((err: unknown) => {
  process.stderr.write(String(err instanceof Error ? err.stack : err) + '\n')
  process.exit(1)
})

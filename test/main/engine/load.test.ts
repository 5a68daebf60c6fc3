// Load on one echo server endpoint whose queues are kept small, so most peers fill theirs and have
// their reading stopped and restarted: a few hundred clients, some reading late, some resetting
// mid-stream. Every byte of those that stay comes back, and the counters, the capture and the
// peers' pending figures agree to the byte.
import { randomBytes } from 'node:crypto'
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/engine'
import { portOf, readWholeCapture, record, sha256, waitFor } from './helpers'

let engine: Engine
const sockets: net.Socket[] = []

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy()
  await engine.closeAll()
})

const CLIENTS = 300
const BYTES = 64 * 1024
const HALF = BYTES / 2
const WAVE = 100
/** Smaller than one client's stream, so echoes wait and reading stops for most peers. */
const LIMIT = 16 * 1024

type Kind = 'stays' | 'reads-late' | 'resets-after-half' | 'resets-at-once'

function kindOf(i: number): Kind {
  if (i % 10 === 3) return 'resets-at-once'
  if (i % 10 === 7) return 'resets-after-half'
  if (i % 10 === 5) return 'reads-late'
  return 'stays'
}

interface Client {
  kind: Kind
  localPort: number
  /** Bytes written before it ended or reset. */
  wrote: number
  sent: string
  echoed: string
}

/** Writes the payload in uneven pieces, as real clients do. */
function writePieces(s: net.Socket, payload: Buffer): void {
  for (let at = 0, i = 0; at < payload.length; i++) {
    const n = Math.min(payload.length - at, 1000 + ((i * 7919) % 9000))
    s.write(payload.subarray(at, at + n))
    at += n
  }
}

function runClient(port: number, kind: Kind): Promise<Client> {
  const payload = randomBytes(BYTES)
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let got = 0
    const s = net.connect({ host: '127.0.0.1', port })
    sockets.push(s)
    // Read at connect: a destroyed socket no longer says.
    let localPort = 0
    const done = (wrote: number): void => resolve({ kind, localPort, wrote, sent: sha256(payload.subarray(0, wrote)), echoed: sha256(chunks) })
    s.once('connect', () => {
      localPort = s.localPort!
      if (kind === 'resets-at-once') {
        s.write(payload)
        s.resetAndDestroy()
        resolve({ kind, localPort, wrote: BYTES, sent: '', echoed: '' })
        return
      }
      if (kind === 'resets-after-half') writePieces(s, payload.subarray(0, HALF))
      else {
        writePieces(s, payload)
        s.end()
      }
    })
    s.on('data', (c: Buffer) => {
      chunks.push(c)
      got += c.length
      if (kind === 'reads-late' && chunks.length === 1) {
        s.pause()
        setTimeout(() => s.resume(), 20)
      }
      // Everything it wrote has come back, so the server has read all of it: reset mid-stream now.
      if (kind === 'resets-after-half' && got === HALF) {
        s.resetAndDestroy()
        done(HALF)
      }
    })
    s.on('error', (err) => {
      if (kind !== 'resets-after-half' && kind !== 'resets-at-once') reject(err)
    })
    s.on('end', () => done(BYTES))
  })
}

describe('an echo server endpoint under load, with small queues', () => {
  it(`echoes ${CLIENTS} clients of 64 KiB byte for byte while some read late and some reset, with exact counters and nothing left queued`, async () => {
    engine = createEngine({ outboundLimitBytes: LIMIT })
    const rec = record(engine)
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, backlog: 4096, responder: { kind: 'echo' } })
    const port = portOf(server)

    const running: Promise<Client>[] = []
    for (let i = 0; i < CLIENTS; i += WAVE) {
      for (let j = i; j < Math.min(CLIENTS, i + WAVE); j++) running.push(runClient(port, kindOf(j)))
      await new Promise((r) => setImmediate(r))
    }
    const clients = await Promise.all(running)
    for (const c of clients) if (c.kind === 'stays' || c.kind === 'reads-late') expect(c.echoed, `client ${c.localPort}`).toBe(c.sent)

    const closes = await waitFor(() => {
      const c = rec.of('peer-close')
      return c.length === CLIENTS && engine.peers(server.id).length === 0 ? c : undefined
    }, 'every peer gone', 15_000)

    // What the capture holds for each peer, in and out.
    const captured = new Map<string, { in: number; out: number }>()
    for (const r of readWholeCapture(engine, server.id, 10_000)) {
      if (r.type !== 'data') continue
      const c = captured.get(r.peerId) ?? { in: 0, out: 0 }
      c[r.dir] += r.length
      captured.set(r.peerId, c)
    }
    expect(engine.readCapture(server.id, 0).droppedBytes).toBe(0)

    const byPort = new Map(clients.map((c) => [c.localPort, c]))
    const sum = { bytesIn: 0, bytesOut: 0, chunksIn: 0, chunksOut: 0 }
    for (const close of closes) {
      const peer = close.peer
      const remotePort = (peer.remote as { port: number }).port
      // A connection reset before it was accepted has no address left to name it by: only a client
      // that reset at once can be one.
      const client = byPort.get(remotePort) ?? (remotePort === 0 ? { kind: 'resets-at-once' as const, wrote: BYTES } : undefined)
      expect(client, `a client for peer ${peer.id} at port ${remotePort}`).toBeDefined()
      if (!client) continue
      const k = peer.counters
      for (const key of Object.keys(sum) as (keyof typeof sum)[]) sum[key] += k[key]
      // The capture lists every write accepted: what the kernel took, and what never left.
      expect(captured.get(peer.id) ?? { in: 0, out: 0 }).toEqual({ in: k.bytesIn, out: k.bytesOut + (peer.pendingOut ?? 0) })
      if (client.kind === 'resets-at-once') {
        // Whatever had not been read when the reset came is gone with the connection.
        expect(k.bytesIn).toBeLessThanOrEqual(BYTES)
        expect(k.bytesOut).toBeLessThanOrEqual(k.bytesIn)
        continue
      }
      // The rest wrote what the server read, and read back all it echoed.
      expect(k.bytesIn, `peer ${peer.id} (${client.kind})`).toBe(client.wrote)
      expect(k.bytesOut, `peer ${peer.id} (${client.kind})`).toBe(client.wrote)
      expect(peer.pendingOut).toBe(0)
      expect(close.reason).toBe(client.kind === 'resets-after-half' ? 'reset' : 'fin-peer')
    }
    // The endpoint's counters are its peers' together, and nothing waits any more.
    const info = engine.get(server.id)
    expect(info.counters).toEqual(sum)
    expect(info.pendingOut).toBe(0)
    expect(info.peerCount).toBe(0)
  })
})

import { randomBytes } from 'node:crypto'
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/engine'
import { portOf, record, sha256, waitFor } from './helpers'

let engine: Engine

afterEach(async () => {
  await engine.closeAll()
})

const CLIENTS = 1000
const BYTES = 64 * 1024
/** Connects per wave: well inside the backlog, so no SYN is dropped and retried a second later. */
const WAVE = 250

interface ClientResult {
  localPort: number
  sent: string
  echoed: string
}

function runClient(port: number): Promise<ClientResult> {
  const payload = randomBytes(BYTES)
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.end(payload)
    })
    socket.on('data', (c: Buffer) => chunks.push(c))
    socket.on('error', reject)
    socket.on('end', () => {
      resolve({ localPort: socket.localPort!, sent: sha256(payload), echoed: sha256(chunks) })
    })
  })
}

describe('one echoing server endpoint under many clients', () => {
  it(`echoes ${CLIENTS} concurrent clients of 64 KiB each, byte for byte, with exact counters`, async () => {
    engine = createEngine()
    const rec = record(engine)
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, backlog: 4096, responder: { kind: 'echo' } })
    const port = portOf(server)

    const pending: Promise<ClientResult>[] = []
    for (let i = 0; i < CLIENTS; i += WAVE) {
      for (let j = i; j < Math.min(CLIENTS, i + WAVE); j++) pending.push(runClient(port))
      // Let the wave's connects land before the next one.
      await new Promise((r) => setImmediate(r))
    }
    const results = await Promise.all(pending)
    for (const r of results) expect(r.echoed).toBe(r.sent)

    const total = CLIENTS * BYTES
    await waitFor(() => engine.get(server.id).counters.bytesOut === total && engine.peers(server.id).length === 0, 'every echo sent and peer closed', 15000)
    const counters = engine.get(server.id).counters
    expect(counters.bytesIn).toBe(total)
    expect(counters.bytesOut).toBe(total)

    // Each peer's close reports its own exact counters, and its captured input hashes like what its client sent.
    const closes = await waitFor(() => {
      const c = rec.of('peer-close')
      return c.length === CLIENTS ? c : undefined
    }, 'every peer-close event')
    const bySha = new Map<number, string>(results.map((r) => [r.localPort, r.sent]))
    const chunksOf = new Map<string, Uint8Array[]>()
    for (let seq = 0; ; ) {
      const page = engine.readCapture(server.id, seq, 10_000)
      for (const rcd of page.records) {
        if (rcd.type !== 'data' || rcd.dir !== 'in') continue
        const list = chunksOf.get(rcd.peerId) ?? []
        list.push(engine.readChunk(server.id, rcd.seq).bytes)
        chunksOf.set(rcd.peerId, list)
      }
      if (page.records.length === 0 || page.nextSeq === seq) break
      seq = page.nextSeq
    }
    expect(engine.readCapture(server.id, 0).droppedBytes).toBe(0)
    for (const c of closes) {
      expect(c.reason).toBe('fin-peer')
      expect(c.peer.counters).toMatchObject({ bytesIn: BYTES, bytesOut: BYTES })
      const remote = c.peer.remote as { port: number }
      expect(sha256(chunksOf.get(c.peer.id) ?? [])).toBe(bySha.get(remote.port))
    }
  })
})

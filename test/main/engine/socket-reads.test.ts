// Stream sockets read into the capture ring (bulk) or a shared scratch buffer (the rest): what the
// capture holds, what taps, frames and replies keep, and the fallback to 'data' events, all checked
// byte for byte against what real peers sent.
import { randomBytes } from 'node:crypto'
import { connect, createServer, type AddressInfo, type Socket } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/engine'
import { CaptureBudget, SLAB_BYTES } from '../../../src/main/engine/capture'
import { MAX_RESERVATIONS, READ_BYTES, resetReadSlots } from '../../../src/main/engine/socket-reads'
import { record, sha256, waitFor } from './helpers'

function portOf(info: { local?: unknown }): number {
  return (info.local as { port: number }).port
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s))
    s.once('error', reject)
  })
}

/** Every held chunk of the endpoint, checked against the bytes its peer sent at that offset. */
function checkHeld(engine: Engine, endpointId: string, sentBy: (peerId: string) => Buffer): { held: number; dropped: number } {
  let held = 0
  let next = 0
  let dropped = 0
  for (;;) {
    const page = engine.readCapture(endpointId, next, 1000)
    for (const r of page.records) {
      if (r.type === 'dropped') dropped = r.bytes
      if (r.type !== 'data') continue
      const bytes = engine.readChunk(endpointId, r.seq).bytes
      const sent = sentBy(r.peerId).subarray(r.offset, r.offset + r.length)
      expect(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).equals(sent), `chunk ${r.seq} of ${r.peerId} at ${r.offset}`).toBe(true)
      held += r.length
    }
    if (page.nextSeq === next) return { held, dropped }
    next = page.nextSeq
  }
}

/**
 * How a stream's reads should have landed: a read earns a loan in the ring only after a full read,
 * which says more is waiting, so the reads copied in are exactly each socket's first and those after
 * a short one. How many that is depends on how the machine schedules writer against reader.
 */
function expectedLanding(engine: Engine, endpointId: string, peerId?: string): { copied: number; reads: number } {
  const last = new Map<string, number>()
  let copied = 0
  let reads = 0
  let next = 0
  for (;;) {
    const page = engine.readCapture(endpointId, next, 1000)
    for (const r of page.records) {
      if (r.type !== 'data' || r.dir !== 'in' || (peerId !== undefined && r.peerId !== peerId)) continue
      if (last.get(r.peerId) !== READ_BYTES) copied++
      last.set(r.peerId, r.length)
      reads++
    }
    if (page.nextSeq === next) return { copied, reads }
    next = page.nextSeq
  }
}

describe('socket reads', () => {
  let engine: Engine
  const sockets: Socket[] = []
  afterEach(async () => {
    vi.restoreAllMocks()
    resetReadSlots()
    for (const s of sockets.splice(0)) s.destroy()
    await engine.closeAll()
  })

  /** One client sends `size` random bytes to the server; resolves once the engine counted them all. */
  async function upload(ep: { id: string; local?: unknown }, size: number): Promise<Buffer> {
    const client = await open(portOf(ep))
    sockets.push(client)
    const payload = randomBytes(size)
    const before = engine.get(ep.id).counters.bytesIn
    client.write(payload)
    await waitFor(() => engine.get(ep.id).counters.bytesIn === before + size, 'all bytes')
    return payload
  }

  it('reads a bulk stream straight into the capture: every chunk reads back as sent, every read after a full one in place', async () => {
    engine = createEngine({})
    const copies = vi.spyOn(CaptureBudget.prototype, 'write')
    const ep = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0 })
    const payload = await upload(ep, 8 << 20)

    const { held } = checkHeld(engine, ep.id, () => payload)
    expect(held).toBe(payload.byteLength)
    // Every read after a full one landed in place; only the others were copied in.
    const { copied, reads } = expectedLanding(engine, ep.id)
    expect(copies.mock.calls.length).toBe(copied)
    expect(copied).toBeLessThan(reads)
  })

  it('reads into the capture on a client endpoint too, connection after connection', async () => {
    engine = createEngine({})
    const copies = vi.spyOn(CaptureBudget.prototype, 'write')
    const payload = randomBytes(4 << 20)
    const server = createServer((s) => s.end(payload))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
    try {
      const ep = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: (server.address() as AddressInfo).port })
      await waitFor(() => engine.get(ep.id).counters.bytesIn === payload.byteLength, 'the first download')
      // The server ended its side: the client closes by itself (or here, whichever comes first).
      await engine.close(ep.id)
      await engine.start(ep.id)
      await waitFor(() => engine.get(ep.id).counters.bytesIn === 2 * payload.byteLength, 'the second download')
      const { held } = checkHeld(engine, ep.id, () => payload)
      expect(held).toBe(2 * payload.byteLength)
      const { copied, reads } = expectedLanding(engine, ep.id)
      expect(copies.mock.calls.length).toBe(copied)
      expect(copied).toBeLessThan(reads)
    } finally {
      await engine.closeAll()
      await new Promise((r) => server.close(r))
    }
  })

  it('keeps every stream exact when more streams read in bulk than there are loans and the ring wraps', async () => {
    engine = createEngine({ captureLimitBytes: 4 * SLAB_BYTES })
    const ep = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0 })
    const clients = MAX_RESERVATIONS + 8
    const payloads = new Map<number, Buffer>()
    for (let i = 0; i < clients; i++) {
      const s = await open(portOf(ep))
      sockets.push(s)
      payloads.set(s.localPort!, randomBytes(1 << 20))
    }
    await waitFor(() => engine.get(ep.id).peerCount === clients, 'every client accepted')
    for (const s of sockets) s.write(payloads.get(s.localPort!)!)
    const total = clients << 20
    await waitFor(() => engine.get(ep.id).counters.bytesIn === total, 'all bytes', 10_000)

    const byPeer = new Map(engine.peers(ep.id).map((p) => [p.id, payloads.get((p.remote as { port: number }).port)!]))
    for (const p of engine.peers(ep.id)) expect(p.counters.bytesIn).toBe(1 << 20)
    const { held, dropped } = checkHeld(engine, ep.id, (peerId) => byPeer.get(peerId)!)
    expect(held + dropped).toBe(total)
    expect(held).toBeGreaterThan(2 * SLAB_BYTES)
  })

  it('reports a chunk whose handling throws, and reads on without overwriting what it captured', async () => {
    engine = createEngine({})
    const rec = record(engine)
    const ep = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0 })
    let calls = 0
    // Fails on a chunk read into a loan: the read after it must not land in the same place.
    engine.tapChunks(ep.id, () => {
      if (++calls === 5) throw new Error('tap failed')
    })
    const payload = await upload(ep, 4 << 20)
    expect(checkHeld(engine, ep.id, () => payload).held).toBe(payload.byteLength)
    await waitFor(() => rec.of('error').find((e) => e.error.message.includes('tap failed')), 'the error event')
  })

  it('lends nothing to sockets whose transfer ended, so later bulk streams still read in place', async () => {
    engine = createEngine({})
    const copies = vi.spyOn(CaptureBudget.prototype, 'write')
    const ep = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0 })
    for (let i = 0; i < MAX_RESERVATIONS + 4; i++) {
      const s = await open(portOf(ep))
      sockets.push(s)
      s.write(randomBytes(20_000))
    }
    await waitFor(() => engine.get(ep.id).counters.bytesIn === (MAX_RESERVATIONS + 4) * 20_000, 'the small sends')
    copies.mockClear()
    const bulk = await open(portOf(ep))
    sockets.push(bulk)
    bulk.write(randomBytes(8 << 20))
    await waitFor(() => engine.get(ep.id).counters.bytesIn === (MAX_RESERVATIONS + 4) * 20_000 + (8 << 20), 'the upload')
    const peerId = engine.peers(ep.id).find((p) => (p.remote as { port: number }).port === bulk.localPort)!.id
    // The bulk stream still gets loans: only its reads after a short one are copied.
    const { copied, reads } = expectedLanding(engine, ep.id, peerId)
    expect(copies.mock.calls.length).toBe(copied)
    expect(copied).toBeLessThan(reads)
  })

  it('falls back to data events where the runtime has no onread slots, with the same bytes held', async () => {
    resetReadSlots(true)
    engine = createEngine({})
    const copies = vi.spyOn(CaptureBudget.prototype, 'write')
    const ep = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0 })
    const payload = await upload(ep, 2 << 20)
    expect(checkHeld(engine, ep.id, () => payload).held).toBe(payload.byteLength)
    expect(copies.mock.calls.length).toBe(engine.get(ep.id).counters.chunksIn)
  })

  it('echoes a stream whole to a client that reads late: replies own their bytes while reading pauses', async () => {
    engine = createEngine({ capture: false })
    const ep = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, responder: { kind: 'echo' } })
    const client = await open(portOf(ep))
    sockets.push(client)
    const payload = randomBytes(16 << 20)
    client.pause()
    client.write(payload)
    // Nobody reads the echo yet: the server stops reading instead of queueing it all.
    await waitFor(() => engine.get(ep.id).counters.bytesIn > 0 && client.writableLength > 0, 'the send backed up')
    const echoed: Buffer[] = []
    let got = 0
    client.on('data', (c: Buffer) => {
      echoed.push(c)
      got += c.byteLength
    })
    client.resume()
    await waitFor(() => got === payload.byteLength, 'the whole echo', 10_000)
    expect(sha256(echoed)).toBe(sha256(payload))
  })

  it('decodes frames that span reads from borrowed buffers', async () => {
    engine = createEngine({ capture: false })
    const ep = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, framing: 'len:4', responder: { kind: 'echo' } })
    const client = await open(portOf(ep))
    sockets.push(client)
    // Frames of 100 KiB: each spans two reads or more, the first part kept while the next arrives.
    const frames = Array.from({ length: 20 }, () => randomBytes(100 * 1024))
    const header = (n: number): Buffer => {
      const h = Buffer.alloc(4)
      h.writeUInt32BE(n)
      return h
    }
    const wire = Buffer.concat(frames.flatMap((f) => [header(f.byteLength), f]))
    const echoed: Buffer[] = []
    let got = 0
    client.on('data', (c: Buffer) => {
      echoed.push(c)
      got += c.byteLength
    })
    client.write(wire)
    await waitFor(() => got === wire.byteLength, 'every frame echoed', 10_000)
    // Echoed frame by frame, each re-framed: the same bytes as sent.
    expect(sha256(echoed)).toBe(sha256(wire))
  })
})

import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/engine'
import type { DataEvent } from '../../../src/shared/api'
import { BYTES_PER_EVENT, MIN_EVENTS } from '../../../src/main/engine/capture-events'
import { decode, portOf, readWholeCapture, record, rejection, text, waitFor } from './helpers'

let engine: Engine

afterEach(async () => {
  await engine.closeAll()
})

function inData(events: DataEvent[], endpointId: string): string {
  return events
    .filter((e) => e.endpointId === endpointId && e.dir === 'in')
    .map((e) => decode(e.preview))
    .join('')
}

describe('TCP endpoints', () => {
  it('echoes through a server endpoint and a client endpoint, one event per chunk and per write', async () => {
    engine = createEngine()
    const rec = record(engine)
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, responder: { kind: 'echo' } })
    expect(server.state).toBe('listening')
    const client = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: portOf(server), noDelay: true })
    expect(client.state).toBe('connected')

    const sent = await engine.send(client.id, undefined, text('hello'))
    expect(sent).toMatchObject({ bytes: 5, seqs: [0] })
    await waitFor(() => inData(rec.of('data'), client.id) === 'hello', 'the echo')
    const data = rec.of('data')
    const out = data.find((e) => e.endpointId === client.id && e.dir === 'out')!
    expect(out).toMatchObject({ seq: 0, offset: 0, length: 5 })
    const back = data.find((e) => e.endpointId === client.id && e.dir === 'in')!
    expect(back.seq).toBe(1)
    expect(back.time).toBeGreaterThanOrEqual(out.time)

    await engine.send(client.id, undefined, text(' world'))
    await waitFor(() => inData(rec.of('data'), client.id) === 'hello world', 'the second echo')
    const second = rec.of('data').filter((e) => e.endpointId === client.id && e.dir === 'out')[1]!
    expect(second.offset).toBe(5)

    const srv = engine.get(server.id)
    expect(srv.counters).toEqual({ bytesIn: 11, bytesOut: 11, chunksIn: srv.counters.chunksIn, chunksOut: srv.counters.chunksOut })
    expect(srv.peerCount).toBe(1)
    const [peer] = engine.peers(server.id)
    expect(peer).toMatchObject({ state: 'open', counters: { bytesIn: 11, bytesOut: 11 }, remote: { address: '127.0.0.1', family: 'IPv4' } })

    // The capture holds every chunk, in order, with its bytes.
    const page = engine.readCapture(client.id, 0)
    const held = page.records.filter((r) => r.type === 'data')
    expect(held.map((r) => r.dir)).toEqual(['out', 'in', 'out', 'in'].slice(0, held.length))
    // The client's own states and its peer's arrival are kept with the chunks, before the first.
    const word = (r: (typeof page.records)[number]): string => (r.type === 'state' ? r.state : r.type === 'peer' ? r.event.type : r.type)
    expect(page.records.slice(0, 4).map(word)).toEqual(['opening', 'peer-open', 'connected', 'data'])
    expect(decode(engine.readChunk(client.id, 0).bytes)).toBe('hello')
    await waitFor(() => rec.batches.some((b) => b.counters[client.id]?.bytesIn === 11), 'exact counters in a batch')
  })

  it('half-close: the client ends, the server still sends, then ends', async () => {
    engine = createEngine()
    const rec = record(engine)
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0 })
    const client = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: portOf(server) })
    await waitFor(() => engine.peers(server.id)[0], 'the accepted peer')
    const [clientPeer] = engine.peers(client.id)

    expect(await engine.endOutput(client.id)).toEqual({ ended: 1 })
    expect(engine.peers(client.id)[0]!.state).toBe('we-ended')
    const serverPeer = await waitFor(() => engine.peers(server.id).find((p) => p.state === 'peer-ended'), 'FIN at the server')

    await engine.send(server.id, { peerId: serverPeer.id }, text('still here'))
    await waitFor(() => inData(rec.of('data'), client.id) === 'still here', 'data after half-close')
    // Our side is ended: sending again is refused with a hint, not a crash.
    expect((await rejection(engine.send(client.id, undefined, text('x')))).code).toBe('EPIPE')

    await engine.endOutput(server.id, serverPeer.id)
    const closes = await waitFor(() => {
      const c = rec.of('peer-close')
      return c.length === 2 ? c : undefined
    }, 'both peers closed')
    expect(closes.find((c) => c.peer.endpointId === server.id)!.reason).toBe('fin-peer')
    expect(closes.find((c) => c.peer.id === clientPeer!.id && c.peer.endpointId === client.id)!.reason).toBe('fin-local')
    await waitFor(() => engine.get(client.id).state === 'closed', 'client closed')
    expect(rec.of('peer-state').map((e) => e.peer.state)).toEqual(expect.arrayContaining(['we-ended', 'peer-ended']))
  })

  it('reports a reset as RST on the other side, and other peers carry on', async () => {
    engine = createEngine()
    const rec = record(engine)
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, responder: { kind: 'echo' } })
    const a = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: portOf(server) })
    const b = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: portOf(server) })
    await waitFor(() => engine.peers(server.id).length === 2, 'two peers')
    const [aPeer] = engine.peers(a.id)

    const closed = await engine.closePeer(a.id, aPeer!.id, 'reset')
    expect(closed).toMatchObject({ state: 'closed', closeReason: 'reset' })
    const atServer = await waitFor(() => rec.of('peer-close').find((c) => c.peer.endpointId === server.id), 'RST at the server')
    expect(atServer.reason).toBe('reset')
    expect(atServer.error).toMatchObject({ code: 'ECONNRESET' })
    expect(atServer.error!.hint).toMatch(/reset/)

    await engine.send(b.id, undefined, text('ping'))
    await waitFor(() => engine.get(b.id).counters.bytesIn === 4, 'the other client still echoed')
    expect(engine.get(server.id).state).toBe('listening')
  })

  it('closes a peer gracefully with FIN, and the client can connect again on the same endpoint', async () => {
    engine = createEngine()
    const rec = record(engine)
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0 })
    const client = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: portOf(server) })
    const p = await waitFor(() => engine.peers(server.id)[0], 'peer')
    const info = await engine.closePeer(server.id, p.id, 'graceful')
    expect(info.closeReason).toBe('fin-local')
    const atClient = await waitFor(() => rec.of('peer-state').find((e) => e.peer.endpointId === client.id), 'FIN at client')
    expect(atClient.peer.state).toBe('peer-ended')
    await engine.close(client.id)
    expect(engine.get(client.id).state).toBe('closed')
    const closeAtClient = await waitFor(() => rec.of('peer-close').find((c) => c.peer.endpointId === client.id), 'close event')
    expect(closeAtClient.reason).toBe('fin-peer')

    for (let i = 0; i < 3; i++) {
      expect((await engine.start(client.id)).state).toBe('connected')
      await engine.send(client.id, undefined, text('x'))
      await engine.close(client.id)
    }
    await waitFor(() => engine.get(server.id).counters.bytesIn === 3, 'three connections')
    // Each connection is its own peer, so the capture tells them apart.
    // The client's state changes are kept too; this is about its peers.
    const records = readWholeCapture(engine, client.id, 2).filter((r) => r.type !== 'state')
    const peerIds = new Set(records.flatMap((r) => (r.type === 'data' ? [r.peerId] : [])))
    expect(peerIds.size).toBe(3)
    // ...and each one's coming and going is kept in order around its chunk, read in pages of two.
    const kinds = records.map((r) => (r.type === 'peer' ? `${r.event.type} ${r.event.peer.id}` : `${r.type} ${r.type === 'data' ? r.peerId : ''}`))
    const first = closeAtClient.peer.id
    expect(kinds).toEqual([`peer-open ${first}`, `peer-state ${first}`, `peer-close ${first}`, ...[...peerIds].flatMap((id) => [`peer-open ${id}`, `data ${id}`, `peer-close ${id}`])])
  })

  it('gives back kept peer events over a lowered capture limit at once', async () => {
    engine = createEngine({ captureLimitBytes: 4000 * BYTES_PER_EVENT })
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0 })
    const port = portOf(server)
    // 550 connections, each reset at once: 1,100 peer events, more than the least the engine keeps.
    for (let i = 0; i < 550; i++) {
      await new Promise<void>((resolve, reject) => {
        const s = net.connect(port, '127.0.0.1', () => s.resetAndDestroy())
        s.on('error', reject)
        s.on('close', () => resolve())
      })
    }
    const peerEvents = (): number => readWholeCapture(engine, server.id).filter((r) => r.type === 'peer').length
    await waitFor(() => peerEvents() === 1100, 'every connection opened and closed')
    engine.setLimits({ captureLimitBytes: MIN_EVENTS * BYTES_PER_EVENT })
    expect(peerEvents()).toBe(MIN_EVENTS)
  })

  it('sends to one peer or to all, and refuses an unknown peer', async () => {
    engine = createEngine()
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0 })
    const clients = await Promise.all([0, 1, 2].map(() => engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: portOf(server) })))
    await waitFor(() => engine.peers(server.id).length === 3, 'three peers')
    const res = await engine.send(server.id, 'all', text('all'))
    expect(res.seqs).toHaveLength(3)
    const first = engine.peers(server.id)[0]!
    await engine.send(server.id, { peerId: first.id }, text('one'))
    await waitFor(() => clients.reduce((n, c) => n + engine.get(c.id).counters.bytesIn, 0) === 12, 'all bytes')
    const err = await rejection(engine.send(server.id, { peerId: 'p999' }, text('x')))
    expect(err.code).toBe('EUNKNOWN')
    expect(err.hint).toBeTruthy()
  })

  it('works on IPv6 loopback', async () => {
    engine = createEngine()
    const server = await engine.open({ kind: 'tcp-server', host: '::1', port: 0, responder: { kind: 'upper' } })
    expect(server.local).toMatchObject({ address: '::1', family: 'IPv6' })
    const client = await engine.open({ kind: 'tcp-client', host: '::1', port: portOf(server) })
    await engine.send(client.id, undefined, text('abc'))
    await waitFor(() => engine.get(client.id).counters.bytesIn === 3, 'the uppercase reply')
    expect(decode(engine.readChunk(client.id, 1).bytes)).toBe('ABC')
    expect(engine.peers(server.id)[0]!.remote).toMatchObject({ address: '::1', family: 'IPv6' })
  })

  it('refuses a second server on a taken port with EADDRINUSE and a hint', async () => {
    engine = createEngine()
    const first = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, name: 'first' })
    const err = await rejection(engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: portOf(first) }))
    expect(err.code).toBe('EADDRINUSE')
    expect(err.hint).toMatch(/"first"/)
    expect(err.hint).toMatch(/port 0/)
    // The failed endpoint leaves nothing behind; the first one is untouched.
    expect(engine.list()).toHaveLength(1)
    expect(engine.get(first.id).state).toBe('listening')

    // A port held outside the engine still gets a hint.
    const outside = net.createServer()
    await new Promise<void>((r) => outside.listen(0, '127.0.0.1', () => r()))
    const port = (outside.address() as net.AddressInfo).port
    const err2 = await rejection(engine.open({ kind: 'tcp-server', host: '127.0.0.1', port }))
    expect(err2.code).toBe('EADDRINUSE')
    expect(err2.hint).toMatch(/another TCP socket/)
    await new Promise((r) => outside.close(r))
  })

  it('refuses invalid options before any socket is made', async () => {
    engine = createEngine()
    const bad = [
      { kind: 'tcp-server', host: '127.0.0.1', port: 70000 },
      { kind: 'tcp-client', host: 'not a host!', port: 80 },
      { kind: 'tcp-client', host: '127.0.0.1', port: 0 },
      { kind: 'udp', host: '127.0.0.1', port: -1 },
      { kind: 'tcp-server', host: '127.0.0.1', port: 1, framing: 'nonsense:zz' },
      { kind: 'tcp-client', host: '127.0.0.1', port: 80, responder: { kind: 'echo' } }
    ]
    for (const config of bad) {
      const err = await rejection(engine.open(config as never))
      expect(err.code, JSON.stringify(config)).toBe('EINVAL')
      expect(err.hint).toBeTruthy()
    }
    expect(engine.list()).toHaveLength(0)
  })

  it('maps connect failures: ECONNREFUSED, ENOTFOUND, ETIMEDOUT', async () => {
    engine = createEngine()
    const probe = net.createServer()
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()))
    const port = (probe.address() as net.AddressInfo).port
    await new Promise((r) => probe.close(r))
    const refused = await rejection(engine.open({ kind: 'tcp-client', host: '127.0.0.1', port }))
    expect(refused.code).toBe('ECONNREFUSED')
    expect(refused.hint).toMatch(/Nothing listens/)

    const unknown = await rejection(engine.open({ kind: 'tcp-client', host: 'no-such-host.invalid', port: 80 }))
    expect(['ENOTFOUND', 'EAI_AGAIN']).toContain(unknown.code)

    // A listener whose accept queue is full leaves further SYNs unanswered.
    const idle = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: 9, connectTimeoutMs: 1 }, false)
    const timedOut = await rejection(engine.start(idle.id))
    expect(['ETIMEDOUT', 'ECONNREFUSED']).toContain(timedOut.code)
    expect(engine.get(idle.id).state).toBe('error')
    expect(engine.get(idle.id).error?.hint).toBeTruthy()
  })

  it('streams many writes with backpressure, keeping exact counters when old capture is dropped', async () => {
    engine = createEngine({ captureLimitBytes: 2 * 1024 * 1024 })
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0 })
    const client = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: portOf(server) })
    function* pieces(): Generator<Uint8Array> {
      for (let i = 0; i < 128; i++) yield new Uint8Array(64 * 1024).fill(i)
    }
    const res = await engine.sendStream(client.id, undefined, pieces())
    expect(res).toEqual({ bytes: 8 * 1024 * 1024, chunks: 128 })
    await waitFor(() => engine.get(server.id).counters.bytesIn === 8 * 1024 * 1024, 'every byte')
    expect(engine.get(client.id).counters).toMatchObject({ bytesOut: 8 * 1024 * 1024, chunksOut: 128 })
    const info = engine.get(client.id)
    expect(info.captureDroppedBytes).toBeGreaterThan(0)
    const page = engine.readCapture(client.id, 0, 5)
    expect(page.records[0]).toMatchObject({ type: 'dropped' })
    expect(page.firstSeq).toBeGreaterThan(0)
    expect((await rejection(() => engine.readChunk(client.id, 0))).code).toBe('EDROPPED')
    // The newest chunk is still held, byte for byte. That is the server's last read, not the
    // client's last write: the reads that trail it by a socket buffer or more come later and can
    // push it out of a 2 MiB ring. Byte o of the stream is o / 64 KiB, as the pieces were filled.
    const last = engine.readCapture(server.id, engine.readCapture(server.id, 0, 1).firstSeq, 10_000).records.at(-1)!
    if (last.type !== 'data') throw new Error('expected a data record last')
    const newest = engine.readChunk(server.id, last.seq)
    expect(newest.offset + newest.bytes.byteLength).toBe(8 * 1024 * 1024)
    expect(newest.bytes).toEqual(Uint8Array.from(newest.bytes, (_, j) => Math.floor((newest.offset + j) / 65536)))
  })
})

// Exports of real endpoints' captures on loopback, read back with tshark: what Wireshark shows of
// each connection is exactly what each side captured.
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/engine'
import { streamCaptureExport, type CaptureExportSpec } from '../../../src/main/export/capture-export'
import type { CaptureRecord } from '../../../src/shared/api'
import { portOf, readWholeCapture, record, rejection, tempDir, text, waitFor } from '../engine/helpers'
import { concat } from '../../shared/export/capture-script'
import { captureDir, expertInfo, followTcp, problems, readPackets, tcpStreams, udpDatagrams, unixPackets } from '../../shared/export/tshark'

let engine: Engine
const files = captureDir()

afterEach(async () => {
  await engine.closeAll()
})
afterAll(() => files.remove())

let n = 0
async function exportTo(spec: Partial<CaptureExportSpec> & { endpointIds: string[] }, options: Parameters<typeof streamCaptureExport>[3] = {}): Promise<string> {
  const parts: Uint8Array[] = []
  await streamCaptureExport(engine, { format: 'pcapng', ...spec }, async (b) => void parts.push(b), options)
  return files.file(`real-${++n}.${spec.format ?? 'pcapng'}`, concat(parts))
}

/** What an endpoint captured each way, per peer, straight from the engine. */
function captured(endpointId: string): Map<string, { in: Uint8Array[]; out: Uint8Array[] }> {
  const out = new Map<string, { in: Uint8Array[]; out: Uint8Array[] }>()
  for (const r of readWholeCapture(engine, endpointId)) {
    if (r.type !== 'data') continue
    const bytes = engine.readChunk(endpointId, r.seq).bytes
    const st = out.get(r.peerId) ?? { in: [], out: [] }
    st[r.dir].push(bytes)
    out.set(r.peerId, st)
  }
  return out
}

const closes = (rec: ReturnType<typeof record>, endpointId: string) => rec.of('peer-close').filter((e) => e.peer.endpointId === endpointId)

async function tcpPair(host: string) {
  const rec = record(engine)
  const server = await engine.open({ kind: 'tcp-server', host, port: 0 })
  const client = await engine.open({ kind: 'tcp-client', host, port: portOf(server), noDelay: true })
  const peer = await waitFor(() => engine.peers(server.id)[0], 'the server to accept')
  return { rec, server, client, peer }
}

describe('exporting real captures as pcapng', () => {
  it('a TCP conversation over 127.0.0.1: several chunks both ways, a half-close, a close', async () => {
    engine = createEngine()
    const { rec, server, client, peer } = await tcpPair('127.0.0.1')
    const big = new Uint8Array(200_000).map((_, i) => (i * 7) & 0xff)
    for (const chunk of [text('hello\n'), big, text('third')]) {
      await engine.send(client.id, undefined, chunk)
      await engine.send(server.id, { peerId: peer.id }, text(`got ${chunk.byteLength}\n`))
    }
    await waitFor(() => engine.get(client.id).counters.bytesIn === 'got 6\ngot 200000\ngot 5\n'.length, 'the answers')
    await engine.endOutput(client.id)
    await waitFor(() => engine.peers(server.id)[0]?.state === 'peer-ended', 'the client FIN at the server')
    await engine.closePeer(server.id, peer.id, 'graceful')
    await waitFor(() => closes(rec, server.id).length === 1 && closes(rec, client.id).length === 1, 'both closes')

    for (const ep of [server, client]) {
      const file = await exportTo({ endpointIds: [ep.id] })
      const expert = expertInfo(file)
      expect(problems(expert)).toEqual([])
      expect(readPackets(file).every((p) => p.ipChecksum === '1' && p.tcpChecksum === '1')).toBe(true)
      const [st] = [...captured(ep.id).values()]
      const f = followTcp(file, 0)
      // Node 0 sent the SYN: the client.
      const fromClient = ep.id === server.id ? st!.in : st!.out
      const fromServer = ep.id === server.id ? st!.out : st!.in
      expect(f.node1).toBe(`127.0.0.1:${portOf(server)}`)
      expect(f.bytes0.equals(concat(fromClient))).toBe(true)
      expect(f.bytes1.equals(concat(fromServer))).toBe(true)
      expect(f.bytes0.byteLength).toBe(6 + 200_000 + 5)
      const chats = expert.map((i) => i.summary)
      expect(chats.some((c) => c.startsWith('Connection finish (FIN)'))).toBe(true)
    }
  }, 60_000)

  it('a reset: RST from the side that sent it, in each endpoint\u2019s export', async () => {
    engine = createEngine()
    const { rec, server, client, peer } = await tcpPair('127.0.0.1')
    await engine.send(client.id, undefined, text('about to be reset'))
    await waitFor(() => engine.get(server.id).counters.bytesIn === 17, 'the bytes at the server')
    await engine.closePeer(server.id, peer.id, 'reset')
    await waitFor(() => closes(rec, server.id).length === 1 && closes(rec, client.id).length === 1, 'both closes')
    expect(closes(rec, client.id)[0]!.reason).toBe('reset')

    const serverPort = portOf(server)
    for (const ep of [server, client]) {
      const file = await exportTo({ endpointIds: [ep.id] })
      expect(problems(file, [/Warns: TCP Connection reset \(RST\)/])).toEqual([])
      const rst = readPackets(file).filter((p) => p.flags.includes('R'))
      expect(rst).toHaveLength(1)
      expect(rst[0]!.srcPort).toBe(String(serverPort))
      const f = followTcp(file, 0)
      expect(f.bytes0.toString()).toBe('about to be reset')
    }
  }, 60_000)

  it('TCP over ::1', async () => {
    engine = createEngine()
    const { rec, server, client, peer } = await tcpPair('::1')
    await engine.send(client.id, undefined, text('over IPv6'))
    await waitFor(() => engine.get(server.id).counters.bytesIn === 9, 'the bytes')
    await engine.send(server.id, { peerId: peer.id }, text('and back'))
    await waitFor(() => engine.get(client.id).counters.bytesIn === 8, 'the answer')
    await engine.closePeer(client.id, engine.peers(client.id)[0]!.id, 'graceful')
    await waitFor(() => engine.peers(server.id)[0]?.state === 'peer-ended', 'the FIN at the server')
    await engine.closePeer(server.id, peer.id, 'graceful')
    await waitFor(() => closes(rec, server.id).length === 1, 'the close at the server')
    const file = await exportTo({ endpointIds: [server.id] })
    expect(problems(file)).toEqual([])
    const f = followTcp(file, 0)
    expect(f.node1).toBe(`[::1]:${portOf(server)}`)
    expect(f.bytes0.toString()).toBe('over IPv6')
    expect(f.bytes1.toString()).toBe('and back')
  }, 60_000)

  it('a UDP exchange, datagram by datagram, on IPv4 and IPv6', async () => {
    engine = createEngine()
    for (const host of ['127.0.0.1', '::1']) {
      const a = await engine.open({ kind: 'udp', host, port: 0, responder: { kind: 'upper' } })
      const b = await engine.open({ kind: 'udp', host, port: 0 })
      for (const msg of ['one', '', 'three, with a comma', 'x'.repeat(1400)]) await engine.send(b.id, { host, port: portOf(a) }, text(msg))
      await waitFor(() => engine.get(b.id).counters.chunksIn === 4, 'the answers')
      for (const ep of [a, b]) {
        const file = await exportTo({ endpointIds: [ep.id] })
        expect(problems(file)).toEqual([])
        const want = readWholeCapture(engine, ep.id)
          .filter((r): r is CaptureRecord & { type: 'data' } => r.type === 'data')
          .map((r) => ({ dir: r.dir, bytes: engine.readChunk(ep.id, r.seq).bytes }))
        const got = udpDatagrams(file)
        expect(got).toHaveLength(8)
        got.forEach((d, i) => {
          expect(d.payload.equals(want[i]!.bytes)).toBe(true)
          expect(want[i]!.dir === 'in' ? d.dstPort : d.srcPort).toBe(portOf(ep))
        })
        expect(got.every((d) => d.src === host && d.dst === host)).toBe(true)
      }
    }
  }, 60_000)

  it('a Unix stream as data packets per connection and direction', async () => {
    engine = createEngine()
    const dir = await tempDir()
    try {
      const rec = record(engine)
      const path = join(dir.path, 'lab.sock')
      const server = await engine.open({ kind: 'unix-server', path, responder: { kind: 'echo' } })
      const client = await engine.open({ kind: 'unix-client', path })
      await engine.send(client.id, undefined, text('unix bytes'))
      await waitFor(() => engine.get(client.id).counters.bytesIn === 10, 'the echo')
      await engine.close(client.id)
      await waitFor(() => closes(rec, server.id).length === 1, 'the close')
      const file = await exportTo({ endpointIds: [server.id] })
      expect(problems(file)).toEqual([])
      const packets = unixPackets(file).filter((p) => p.payload.byteLength > 0)
      expect(packets.map((p) => [p.direction, p.queue, p.payload.toString()])).toEqual([
        ['1', 1, 'unix bytes'],
        ['0', 1, 'unix bytes']
      ])
    } finally {
      await engine.closeAll()
      await dir.remove()
    }
  }, 60_000)

  it('all endpoints in one file, merged in time order; a connection between two of them written once', async () => {
    engine = createEngine()
    const { rec, server, client, peer } = await tcpPair('127.0.0.1')
    const udp = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0 })
    await engine.send(client.id, undefined, text('tcp'))
    await engine.send(udp.id, { host: '127.0.0.1', port: portOf(udp) }, text('to myself'))
    await waitFor(() => engine.get(udp.id).counters.chunksIn === 1 && engine.get(server.id).counters.bytesIn === 3, 'the traffic')
    await engine.close(client.id)
    await waitFor(() => engine.peers(server.id)[0]?.state === 'peer-ended', 'the FIN at the server')
    await engine.closePeer(server.id, peer.id, 'graceful')
    await waitFor(() => closes(rec, server.id).length === 1, 'the close')
    // The client and the server captured the same connection: twice in the file, every packet would
    // look like a retransmission to Wireshark.
    const file = await exportTo({ endpointIds: [server.id, client.id, udp.id] })
    expect(problems(file)).toEqual([])
    const packets = readPackets(file)
    expect(packets.some((p) => p.protocols.includes('udp'))).toBe(true)
    expect(packets.filter((p) => p.flags.includes('S'))).toHaveLength(2)
    expect(tcpStreams(file)).toBe(1)
    expect(followTcp(file, 0).bytes0.toString()).toBe('tcp')
  }, 60_000)

  it('bytes the capture dropped become a comment, and the rest still follows as a stream', async () => {
    engine = createEngine({ captureLimitBytes: 2 * 1024 * 1024 })
    const { server, client, peer } = await tcpPair('127.0.0.1')
    const chunk = new Uint8Array(256 * 1024).fill(0x61)
    for (let i = 0; i < 24; i++) await engine.send(client.id, undefined, chunk, { waitMs: 5000 })
    await waitFor(() => engine.get(server.id).counters.bytesIn === 24 * chunk.byteLength, 'all bytes at the server')
    await engine.send(server.id, { peerId: peer.id }, text('done'))
    await waitFor(() => engine.get(client.id).counters.bytesIn === 4, 'the answer')
    expect(engine.get(server.id).captureDroppedBytes).toBeGreaterThan(0)
    const file = await exportTo({ endpointIds: [server.id] })
    expect(problems(file)).toEqual([])
    const packets = readPackets(file)
    expect(packets[0]!.comment).toMatch(/capture dropped \d+ bytes in \d+ chunks/)
    const [st] = [...captured(server.id).values()]
    const f = followTcp(file, 0)
    const fromClient = f.node0.endsWith(`:${portOf(server)}`) ? f.bytes1 : f.bytes0
    expect(fromClient.equals(concat(st!.in))).toBe(true)
  }, 60_000)

  it('exports what the capture held when it began, not what came while it ran', async () => {
    engine = createEngine()
    const { server, client } = await tcpPair('127.0.0.1')
    await engine.send(client.id, undefined, text('before'))
    await waitFor(() => engine.get(server.id).counters.bytesIn === 6, 'the bytes')
    let release!: () => void
    const held = new Promise<void>((r) => (release = r))
    const parts: Uint8Array[] = []
    let writes = 0
    const done = streamCaptureExport(engine, { endpointIds: [server.id], format: 'jsonl' }, async (b) => {
      parts.push(b)
      if (writes++ === 0) await held
    }, { pageSize: 1, highWaterBytes: 1 })
    await waitFor(() => writes === 1, 'the first write')
    await engine.send(client.id, undefined, text('after'))
    await waitFor(() => engine.get(server.id).counters.bytesIn === 11, 'the late bytes')
    release()
    await done
    const log = new TextDecoder().decode(concat(parts))
    expect(log).toContain('"text":"before"')
    expect(log).not.toContain('after')
  }, 60_000)

  it('stops when cancelled, and refuses an unknown endpoint before writing anything', async () => {
    engine = createEngine()
    const { server, client } = await tcpPair('127.0.0.1')
    for (let i = 0; i < 20; i++) await engine.send(client.id, undefined, text(`chunk ${i}`))
    await waitFor(() => engine.get(server.id).counters.chunksIn > 0, 'some bytes')
    const controller = new AbortController()
    let writes = 0
    const err = await rejection(
      streamCaptureExport(engine, { endpointIds: [server.id], format: 'text' }, async () => {
        if (++writes === 2) controller.abort()
      }, { signal: controller.signal, pageSize: 1, highWaterBytes: 1 })
    )
    expect(err.code).toBe('ECANCELED')
    expect(writes).toBe(2)
    const unknown = await rejection(streamCaptureExport(engine, { endpointIds: ['e999'], format: 'pcapng' }, async () => expect.fail('nothing should be written')))
    expect(unknown.code).toBe('EUNKNOWN')
  }, 60_000)
})

import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/engine'
import { decode, portOf, readWholeCapture, record, rejection, text, waitFor } from './helpers'

let engine: Engine

afterEach(async () => {
  await engine.closeAll()
})

describe('framing on an endpoint', () => {
  it('decodes lines per peer and answers frame by frame', async () => {
    engine = createEngine()
    const rec = record(engine)
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, framing: 'line', responder: { kind: 'upper' } })
    const client = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: portOf(server) })
    await engine.send(client.id, undefined, text('ab\ncd'))
    await waitFor(() => engine.get(server.id).counters.bytesIn === 5, 'first write')
    await engine.send(client.id, undefined, text('\nef'))
    await waitFor(() => engine.get(client.id).counters.bytesIn === 6, 'two replies')
    const frames = await waitFor(() => {
      const f = rec.of('frame').filter((e) => e.endpointId === server.id)
      return f.length === 2 ? f : undefined
    }, 'two frames')
    expect(frames.map((f) => decode(f.preview))).toEqual(['ab', 'cd'])
    expect(frames.map((f) => [f.offset, f.length])).toEqual([
      [0, 3],
      [3, 3]
    ])
    const serverChunks = rec.of('data').filter((e) => e.endpointId === server.id && e.dir === 'in')
    expect(frames[1]!.seq).toBe(serverChunks[1]!.seq)
    const replies = engine.readCapture(client.id, 0).records.filter((r) => r.type === 'data' && r.dir === 'in')
    expect(replies.map((r) => decode(engine.readChunk(client.id, r.seq).bytes)).join('')).toBe('AB\nCD\n')
    // Raw framing makes no frame events: the chunks are the frames.
    expect(rec.of('frame').some((f) => f.endpointId === client.id)).toBe(false)
  })

  it('keeps frames in the capture after the chunk that completed them, with no window watching', async () => {
    engine = createEngine()
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, framing: 'line' })
    const client = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: portOf(server) })
    const long = 'x'.repeat(1000)
    await engine.send(client.id, undefined, text('ab\ncd'))
    await waitFor(() => engine.get(server.id).counters.bytesIn === 5, 'first write')
    await engine.send(client.id, undefined, text(`\n${long}\n`))
    await waitFor(() => engine.get(server.id).counters.bytesIn === 1007, 'second write')

    const records = readWholeCapture(engine, server.id).filter((r) => r.type !== 'state')
    const words = records.map((r) => {
      if (r.type === 'frame') return `frame ${decode(r.event.preview).slice(0, 4)}`
      if (r.type === 'peer') return r.event.type
      return `${r.type} ${r.seq}`
    })
    expect(words).toEqual(['peer-open', 'data 0', 'frame ab', 'data 1', 'frame cd', 'frame xxxx'])
    const last = records.at(-1)!
    // The capture keeps the payload's length apart from the frame's: a line's LF is not payload.
    expect(last.type === 'frame' && [last.event.offset, last.event.length, last.event.payloadLength, last.event.preview.byteLength]).toEqual([6, 1001, 1000, 256])
  })

  it('answers the frames of a chunk after all of them, so live events and the capture list the same order', async () => {
    engine = createEngine()
    const rec = record(engine)
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, framing: 'line', responder: { kind: 'upper' } })
    const client = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: portOf(server) })
    await engine.send(client.id, undefined, text('a\nb\n'))
    await waitFor(() => engine.get(client.id).counters.bytesIn === 4, 'both answers')
    await waitFor(() => rec.of('data').filter((e) => e.endpointId === server.id).length === 3, 'the answers as events')

    const word = (type: string, dir: string | undefined, seq: number): string => `${type === 'frame' ? 'frame' : dir} ${seq}`
    const live = rec.events.flatMap((e) => ((e.type === 'data' || e.type === 'frame') && e.endpointId === server.id ? [word(e.type, e.dir, e.seq)] : []))
    const captured = readWholeCapture(engine, server.id).flatMap((r) => (r.type === 'data' ? [word('data', r.dir, r.seq)] : r.type === 'frame' ? [word('frame', 'in', r.seq)] : []))
    expect(live).toEqual(['in 0', 'frame 0', 'frame 0', 'out 1', 'out 2'])
    expect(captured).toEqual(live)
  })

  it('reports a framing error for one peer and keeps decoding for the others', async () => {
    engine = createEngine()
    const rec = record(engine)
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, framing: 'len:4' })
    const bad = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: portOf(server) })
    const good = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: portOf(server) })
    await engine.send(bad.id, undefined, Uint8Array.of(0xff, 0xff, 0xff, 0xff, 1, 2, 3))
    const err = await waitFor(() => rec.of('error').find((e) => e.endpointId === server.id), 'the framing error')
    expect(err.peerId).toBeTruthy()
    expect(err.error.code).toBe('EFRAMETOOBIG')
    expect(err.error.hint).toBeTruthy()

    await engine.send(good.id, undefined, Uint8Array.of(0, 0, 0, 2, 0x68, 0x69))
    const frame = await waitFor(() => rec.of('frame').find((f) => f.endpointId === server.id), 'a frame from the good peer')
    expect(decode(frame.preview)).toBe('hi')
    expect(frame.headerLength).toBe(4)
    expect(frame.payloadLength).toBe(2)
    expect(frame.length).toBe(6)
    // The bad peer stays connected; its bytes are still counted.
    await engine.send(bad.id, undefined, text('more'))
    await waitFor(() => engine.get(server.id).counters.bytesIn === 7 + 6 + 4, 'bytes after the error')
    expect(engine.peers(server.id)).toHaveLength(2)
  })

  it('refuses a JSON header announced over the header limit from its length alone, for that peer only', async () => {
    engine = createEngine()
    const rec = record(engine)
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, framing: 'json-header' })
    const bad = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: portOf(server) })
    const good = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: portOf(server) })
    // struct.pack('i', 1 MiB) and nothing after it: the header itself never comes.
    await engine.send(bad.id, undefined, Uint8Array.of(0, 0, 0x10, 0))
    const err = await waitFor(() => rec.of('error').find((e) => e.endpointId === server.id), 'the framing error')
    expect(err.error.code).toBe('EFRAMETOOBIG')
    expect(err.error.message).toMatch(/announces 1048576 bytes, more than the 65536-byte header limit/)
    expect(err.error.hint).toMatch(/json-header:header=1m/)

    const json = text(JSON.stringify({ file_name: 'a.txt', file_size: 2 }))
    await engine.send(good.id, undefined, Uint8Array.from([json.length, 0, 0, 0, ...json, 0x68, 0x69]))
    const frame = await waitFor(() => rec.of('frame').find((f) => f.endpointId === server.id), 'a frame from the good peer')
    expect(frame.meta).toEqual({ file_name: 'a.txt', file_size: 2 })
    expect(decode(frame.preview)).toBe('hi')

    expect(engine.update(server.id, { framing: 'json-header:header=1m' }).config.framing).toBe('json-header:header=1m')
  })

  it('changes framing on a running endpoint and refuses a bad spec', async () => {
    engine = createEngine()
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0 })
    const updated = engine.update(server.id, { framing: 'fixed:4', name: 'renamed' })
    expect(updated).toMatchObject({ name: 'renamed', config: { framing: 'fixed:4' } })
    const err = await rejection(() => engine.update(server.id, { framing: 'len:3' }))
    expect(err.code).toBe('EINVAL')
    expect(err.hint).toBeTruthy()
    expect(engine.get(server.id).config.framing).toBe('fixed:4')
  })
})

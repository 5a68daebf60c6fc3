// A server's responder changed while it runs (updateEndpoint({responder})), at the worst moments:
// a peer mid-frame, replies waiting out their delay, a queue full of answers owed, a chat holding,
// an invalid configuration, and a UDP socket with 256 senders. Nothing crashes, the old responder
// stays when the new one is refused, and every byte in and out is counted exactly once.
import dgram from 'node:dgram'
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/engine'
import { portOf, readWholeCapture, record, rejection, waitFor } from './helpers'

let engine: Engine
const sockets: { destroy?: () => void; close?: () => void }[] = []

afterEach(async () => {
  for (const s of sockets.splice(0)) {
    if (s.destroy) s.destroy()
    else s.close?.()
  }
  await engine.closeAll()
})

interface Client {
  socket: net.Socket
  got: () => Buffer
  written: () => number
  write: (b: string | Uint8Array) => void
}

async function connect(port: number): Promise<Client> {
  const socket = net.connect(port, '127.0.0.1')
  sockets.push(socket)
  const chunks: Buffer[] = []
  let written = 0
  socket.on('data', (c: Buffer) => chunks.push(c))
  socket.on('error', () => undefined)
  await new Promise<void>((res, rej) => {
    socket.once('connect', res)
    socket.once('error', rej)
  })
  return {
    socket,
    got: () => Buffer.concat(chunks),
    written: () => written,
    write: (b) => {
      written += typeof b === 'string' ? Buffer.byteLength(b) : b.byteLength
      socket.write(b)
    }
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** The server's counters agree with what the client wrote and read, and with its capture. */
async function countsAgree(serverId: string, c: Client): Promise<void> {
  await waitFor(() => engine.get(serverId).counters.bytesIn === c.written(), 'every byte the client wrote read')
  await waitFor(() => engine.get(serverId).counters.bytesOut === c.got().byteLength && engine.get(serverId).pendingOut === 0, 'every byte sent received')
  const records = readWholeCapture(engine, serverId)
  const out = records.flatMap((r) => (r.type === 'data' && r.dir === 'out' ? [r.length] : []))
  const inn = records.flatMap((r) => (r.type === 'data' && r.dir === 'in' ? [r.length] : []))
  expect(out.reduce((a, b) => a + b, 0)).toBe(c.got().byteLength)
  expect(inn.reduce((a, b) => a + b, 0)).toBe(c.written())
}

const rules = (reply: string, delayMs?: number) => ({
  kind: 'rules' as const,
  rules: [{ match: { type: 'contains' as const, payload: { format: 'text' as const, text: '' } }, then: { type: 'reply' as const, payload: { format: 'text' as const, text: reply }, ...(delayMs ? { delayMs } : {}) } }]
})

describe('a responder changed live', () => {
  it('while a peer is mid-frame: the frame completes under the new responder', async () => {
    engine = createEngine()
    const events = record(engine)
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, framing: 'line', responder: { kind: 'upper' } })
    const c = await connect(portOf(server))
    c.write('first\n')
    await waitFor(() => c.got().toString() === 'FIRST\n', 'the upper reply')
    c.write('hal')
    await waitFor(() => engine.get(server.id).counters.bytesIn === 9, 'half a frame read')
    engine.update(server.id, { responder: rules('new') })
    c.write('f\n')
    await waitFor(() => c.got().toString() === 'FIRST\nnew\n', 'the new reply to the finished frame')
    await countsAgree(server.id, c)
    expect(events.of('error')).toEqual([])
  })

  it('while replies wait out their delay: none of them is sent, and the frames held behind them get the new answer', async () => {
    engine = createEngine()
    const events = record(engine)
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, framing: 'line', responder: rules('late', 400) })
    const c = await connect(portOf(server))
    c.write('1\n2\n3\n4\n5\n')
    await waitFor(() => engine.get(server.id).counters.bytesIn === 10, 'the frames read')
    engine.update(server.id, { responder: rules('now') })
    // Frame 1 went to the old responder and its reply is dropped; 2 to 5 were held, owed, and go to the new one.
    await waitFor(() => c.got().toString() === 'now\n'.repeat(4), 'the held frames answered')
    await sleep(600)
    expect(c.got().toString()).toBe('now\n'.repeat(4))
    await countsAgree(server.id, c)
    expect(events.of('error')).toEqual([])
  })

  it('while the outbound queue is full and answers are owed: turning it off reads on, another answers what is owed', async () => {
    const LIMIT = 64 * 1024
    engine = createEngine({ outboundLimitBytes: LIMIT })
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, framing: 'line', responder: { kind: 'fixed', reply: { format: 'hex', text: '41'.repeat(1000) } } })
    const c = await connect(portOf(server))
    c.socket.pause()
    const LINES = 20_000
    c.write(new Uint8Array(LINES).fill(0x0a))
    await waitFor(() => (engine.get(server.id).pendingOut ?? 0) > 0, 'answers queued')
    await sleep(100)
    const stuck = engine.get(server.id).counters.bytesIn
    // Change to a one-byte answer: what is owed is answered by it as the queue drains.
    engine.update(server.id, { responder: { kind: 'fixed', reply: { format: 'hex', text: '42' } } })
    c.socket.resume()
    await countsAgree(server.id, c)
    const got = c.got()
    expect(engine.get(server.id).counters.bytesIn).toBe(LINES)
    // Every line answered once, by the old reply or the new one, never both and never lost.
    const old = got.filter((b) => b === 0x41).byteLength
    const now = got.filter((b) => b === 0x42).byteLength
    expect(old % 1000).toBe(0)
    expect(old / 1000 + now).toBe(LINES)
    expect(stuck).toBeLessThanOrEqual(LINES)

    // And off while full: nothing more is answered, reading goes on.
    c.socket.pause()
    engine.update(server.id, { responder: { kind: 'fixed', reply: { format: 'hex', text: '41'.repeat(1000) } } })
    c.write(new Uint8Array(LINES).fill(0x0a))
    await waitFor(() => (engine.get(server.id).pendingOut ?? 0) > 0, 'answers queued again')
    await sleep(100)
    engine.update(server.id, { responder: null })
    await waitFor(() => engine.get(server.id).counters.bytesIn === 2 * LINES, 'the rest read with no responder')
    c.socket.resume()
    await countsAgree(server.id, c)
  })

  it('an invalid responder is refused with a clear error, and the old one keeps answering', async () => {
    engine = createEngine()
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, framing: 'line', responder: rules('old') })
    const c = await connect(portOf(server))
    const bad: [unknown, RegExp][] = [
      [{ kind: 'rules', rules: [{ match: { type: 'regex', pattern: '(a)\\1' }, then: { type: 'close' } }] }, /rule 1/i],
      [{ kind: 'rules', rules: [{ match: { type: 'hex-prefix', hex: 'zz' }, then: { type: 'close' } }] }, /rule 1's hex prefix/],
      [{ kind: 'rules', rules: Array.from({ length: 101 }, () => ({ match: { type: 'contains', payload: { format: 'text', text: '' } }, then: { type: 'close' } })) }, /rules.*at most 100/],
      [{ kind: 'file-server' }, /framing/],
      [{ kind: 'nope' }, /responder|kind/i],
      [{ kind: 'fixed' }, /reply/],
      [{ kind: 'fixed', reply: { format: 'hex', text: '{random:99999999}', macros: true } }, /random/]
    ]
    for (const [responder, says] of bad) {
      const err = await rejection(() => engine.update(server.id, { responder } as never))
      expect(err.code, JSON.stringify(responder).slice(0, 80)).toBe('EINVAL')
      expect(err.message, err.message).toMatch(says)
      expect(err.hint.length).toBeGreaterThan(0)
      expect(engine.get(server.id).config).toMatchObject({ responder: rules('old') })
    }
    c.write('x\n')
    await waitFor(() => c.got().toString() === 'old\n', 'the old responder answering')
    await countsAgree(server.id, c)
  })

  it('to a chat that holds, and back: the held frame is answered by what the user types, then by rules', async () => {
    engine = createEngine()
    const events = record(engine)
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, framing: 'line', responder: rules('r') })
    const c = await connect(portOf(server))
    c.write('a\n')
    await waitFor(() => c.got().toString() === 'r\n', 'the rule reply')
    engine.update(server.id, { responder: { kind: 'chat' } })
    c.write('b\nc\n')
    await waitFor(() => engine.get(server.id).counters.bytesIn === 6, 'the chat frames read')
    const [peer] = engine.peers(server.id)
    engine.responderInput(server.id, peer!.id, new TextEncoder().encode('typed'))
    await waitFor(() => c.got().toString() === 'r\ntyped\n', 'the typed line')
    // The chat took frame c and holds for a line; a change of responder drops what it held and reads on.
    engine.update(server.id, { responder: rules('back') })
    c.write('d\n')
    await waitFor(() => c.got().toString() === 'r\ntyped\nback\n', 'the next frame answered by the rules')
    await countsAgree(server.id, c)
    expect(events.of('error')).toEqual([])
  })

  it('to a file server mid-stream: what does not parse is reported, nothing crashes, counts stay exact', async () => {
    engine = createEngine()
    const events = record(engine)
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, responder: { kind: 'echo' } })
    const c = await connect(portOf(server))
    c.write('hello')
    await waitFor(() => c.got().toString() === 'hello', 'the echo')
    engine.update(server.id, { responder: { kind: 'file-server', ack: true } })
    c.write(Buffer.from([0xff, 0xff, 0xff, 0x7f, 1, 2, 3]))
    await waitFor(() => events.of('responder-note').length > 0, 'a note about the bad header')
    const good = Buffer.from(JSON.stringify({ file_name: 'x', file_size: 0 }))
    const len = Buffer.alloc(4)
    len.writeInt32LE(good.byteLength)
    const c2 = await connect(portOf(server))
    c2.write(Buffer.concat([len, good]))
    await waitFor(() => c2.got().byteLength > 4, 'the ack to a new client')
    await countsAgree(server.id, { ...c, got: () => Buffer.concat([c.got(), c2.got()]), written: () => c.written() + c2.written() })
    expect(events.of('error')).toEqual([])
  })

  it('on a UDP socket with 256 senders: each datagram answered by the responder in force when it arrived', async () => {
    engine = createEngine()
    const events = record(engine)
    const server = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0, responder: { kind: 'upper' } })
    const port = portOf(server)
    const SENDERS = 256
    const clients: { s: dgram.Socket; got: string[] }[] = []
    for (let i = 0; i < SENDERS; i++) {
      const s = dgram.createSocket('udp4')
      sockets.push(s)
      const got: string[] = []
      s.on('message', (m) => got.push(m.toString()))
      await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()))
      clients.push({ s, got })
    }
    const round = async (text: string): Promise<void> => {
      for (const { s } of clients) s.send(text, port, '127.0.0.1')
    }
    await round('a')
    await waitFor(() => clients.every((c) => c.got.length === 1), 'every sender answered once', 10_000)
    engine.update(server.id, { responder: rules('r') })
    await round('b')
    await waitFor(() => clients.every((c) => c.got.length === 2), 'every sender answered twice', 10_000)
    // Flip while the next round is on its way: each answer is one of the two, whole.
    const flip = round('c')
    engine.update(server.id, { responder: { kind: 'echo' } })
    await flip
    await waitFor(() => clients.every((c) => c.got.length === 3), 'every sender answered three times', 10_000)
    for (const c of clients) {
      expect(c.got[0]).toBe('A')
      expect(c.got[1]).toBe('r')
      expect(['c', 'r']).toContain(c.got[2])
    }
    const info = engine.get(server.id)
    expect(info.counters).toMatchObject({ bytesIn: 3 * SENDERS, chunksIn: 3 * SENDERS, chunksOut: 3 * SENDERS })
    expect(info.counters.bytesOut).toBe(clients.reduce((n, c) => n + c.got.join('').length, 0))
    expect(events.of('error')).toEqual([])
  })
})

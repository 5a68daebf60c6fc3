// A stream server serving one client at a time, like the lessons' accept loop: later clients are
// connected by the kernel but wait, unread and unanswered, until the one served leaves; past the
// backlog a new client is reset at once.
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/engine'
import { decode, portOf, readWholeCapture, record, rejection, tempDir, text, waitFor } from './helpers'

let engine: Engine
const sockets: net.Socket[] = []

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy()
  await engine.closeAll()
})

interface Client {
  socket: net.Socket
  got(): string
  error(): string | undefined
  ended(): boolean
}

function client(to: number | string, waitConnect = true): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = typeof to === 'number' ? net.connect(to, '127.0.0.1') : net.connect(to)
    sockets.push(socket)
    let got = ''
    let error: string | undefined
    let ended = false
    socket.on('data', (d) => (got += d.toString()))
    socket.on('end', () => (ended = true))
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code))
    const made = { socket, got: () => got, error: () => error, ended: () => ended }
    if (!waitConnect) return resolve(made)
    socket.once('connect', () => resolve(made))
    socket.once('error', reject)
  })
}

describe('one client at a time', () => {
  it('holds later clients unread, resets one past the backlog, and takes up the waiting in order', async () => {
    engine = createEngine()
    const rec = record(engine)
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, oneAtATime: true, backlog: 2, responder: { kind: 'upper' } })
    const port = portOf(server)
    const a = await client(port)
    await waitFor(() => engine.get(server.id).peerCount === 1, 'a accepted')
    const b = await client(port)
    const c = await client(port)
    await waitFor(() => engine.get(server.id).waitingCount === 2, 'b and c waiting')
    // d: the kernel completes its handshake, but the wait queue is full: reset at once (so soon that
    // the client may learn of it as its connect completes).
    const d = await client(port, false)

    await waitFor(() => d.error() === 'ECONNRESET' || d.ended(), 'd refused')
    expect(d.error()).toBe('ECONNRESET')
    const refused = await waitFor(() => rec.of('peer-close').find((e) => e.reason === 'reset'), 'the refusal')
    expect(refused.error).toMatchObject({ code: 'EBACKLOG' })
    expect(refused.error!.hint).toMatch(/listen\(2\)/)

    a.socket.write('a1')
    b.socket.write('b1')
    c.socket.write('c1')
    await waitFor(() => a.got() === 'A1', 'a served')
    // b and c are connected but not read: their bytes stay in the kernel, and nothing is answered.
    await new Promise((r) => setTimeout(r, 50))
    expect(engine.get(server.id).counters.bytesIn).toBe(2)
    expect(b.got()).toBe('')
    const peers = engine.peers(server.id)
    expect(peers.filter((p) => p.waiting).map((p) => (p.remote as { port: number }).port)).toEqual([b.socket.localPort, c.socket.localPort])

    // A send to everyone reaches only the one served; a waiting one cannot be picked.
    await engine.send(server.id, 'all', text('!'))
    await waitFor(() => a.got() === 'A1!', 'the send to all')
    const waitingPeer = peers.find((p) => p.waiting)!
    const held = await rejection(engine.send(server.id, { peerId: waitingPeer.id }, text('x')))
    expect(held.code).toBe('ENOTCONN')
    expect(held.message).toMatch(/waits to be served/)

    // a leaves (recv returns b'' at the server, which closes, like the lesson's loop): b is taken up.
    a.socket.end()
    await waitFor(() => b.got() === 'B1', 'b served, its waiting bytes read now')
    expect(c.got()).toBe('')
    expect(engine.get(server.id).waitingCount).toBe(1)
    b.socket.end()
    await waitFor(() => c.got() === 'C1', 'c served')
    expect(engine.get(server.id).waitingCount).toBe(0)

    // The capture tells it in order: b waited, was taken up, then its bytes were read.
    const bId = waitingPeer.id
    const words = readWholeCapture(engine, server.id).flatMap((r) => {
      if (r.type === 'peer' && r.event.peer.id === bId) return [r.event.type === 'peer-open' ? `open waiting=${r.event.peer.waiting === true}` : r.event.type === 'peer-state' ? `state ${r.event.peer.state} waiting=${r.event.peer.waiting === true}` : 'close']
      if (r.type === 'data' && r.peerId === bId) return [`${r.dir}`]
      return []
    })
    expect(words.slice(0, 4)).toEqual(['open waiting=true', 'state open waiting=false', 'in', 'out'])
  })

  it('turning the mode off serves every waiting client at once; a Unix server holds them too', async () => {
    engine = createEngine()
    const dir = await tempDir()
    try {
      const server = await engine.open({ kind: 'unix-server', path: `${dir.path}/one.sock`, oneAtATime: true, responder: { kind: 'echo' } })
      const first = await client(`${dir.path}/one.sock`)
      await waitFor(() => engine.get(server.id).peerCount === 1, 'first accepted')
      const second = await client(`${dir.path}/one.sock`)
      await waitFor(() => engine.get(server.id).waitingCount === 1, 'second waiting')
      second.socket.write('hello')
      first.socket.write('hi')
      await waitFor(() => first.got() === 'hi', 'first echoed')
      expect(second.got()).toBe('')
      engine.update(server.id, { oneAtATime: false })
      await waitFor(() => second.got() === 'hello', 'second echoed once the mode is off')
      expect(engine.get(server.id).waitingCount).toBeUndefined()
      expect(decode(engine.readChunk(server.id, readWholeCapture(engine, server.id).find((r) => r.type === 'data' && r.dir === 'in')!.seq).bytes)).toBe('hi')
    } finally {
      await engine.closeAll()
      await dir.remove()
    }
  })
})

// Errors speak of endpoints by name and of peers by address: never the engine's ids (e3, p7), and
// never port 0 once the socket has a port of its own.
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/engine'
import { portOf, record, rejection, text, waitFor } from './helpers'

let engine: Engine

afterEach(async () => {
  await engine.closeAll()
})

const INTERNAL_ID = /\b[ep]\d+\b/

describe('error messages name what the user sees', () => {
  it('a port-0 server is named by the port it got, and so are its errors', async () => {
    engine = createEngine()
    const rec = record(engine)
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0 })
    const port = portOf(server)
    expect(server.name).toBe(`TCP server 127.0.0.1:${port}`)

    const noPeers = await rejection(engine.send(server.id, 'all', text('x')))
    expect(noPeers.code).toBe('ENOTCONN')
    expect(noPeers.message).toContain(`TCP server 127.0.0.1:${port}`)
    expect(noPeers.message).not.toMatch(INTERNAL_ID)

    const gone = await rejection(engine.closePeer(server.id, 'p99', 'reset'))
    expect(gone.message).not.toMatch(INTERNAL_ID)
    expect(gone.message).toContain(server.name)

    // A client that resets: the close names it by its address, not the server's port 0.
    const socket = net.connect(port, '127.0.0.1')
    await new Promise((r) => socket.once('connect', r))
    const clientPort = socket.localPort
    socket.write('hi')
    await waitFor(() => engine.get(server.id).counters.bytesIn === 2, 'the bytes')
    socket.resetAndDestroy()
    const close = await waitFor(() => rec.of('peer-close').find((e) => e.peer.endpointId === server.id), 'the reset')
    expect(close.error?.message).toContain(`127.0.0.1:${clientPort}`)
    expect(close.error?.message).not.toMatch(/:0\b/)
    expect(close.error?.message).not.toMatch(INTERNAL_ID)
  })

  it('a UDP socket not bound yet, and a change that does not fit, are named too', async () => {
    engine = createEngine()
    const udp = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0, name: 'chat A' }, false)
    const unbound = await rejection(engine.send(udp.id, { host: '127.0.0.1', port: 9 }, text('x')))
    expect(unbound.message).toContain('"chat A"')
    expect(unbound.message).not.toMatch(INTERNAL_ID)
    const misfit = await rejection(() => engine.update(udp.id, { recvSize: 1024 }))
    expect(misfit.code).toBe('EINVAL')
    expect(misfit.message).toContain('chat A')
    expect(misfit.hint).toMatch(/datagram whole/)
    const chunk = await rejection(() => engine.readChunk(udp.id, 3))
    expect(chunk.message).not.toMatch(INTERNAL_ID)
  })
})

// A UDP socket says whom the last datagram came from, the natural target of a reply (recvfrom, then
// sendto), without an endpoint event per datagram when senders take turns in a flood.
import dgram from 'node:dgram'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/engine'
import { portOf, record, waitFor } from './helpers'

let engine: Engine
const sockets: dgram.Socket[] = []

afterEach(async () => {
  for (const s of sockets.splice(0)) s.close()
  await engine.closeAll()
})

function sender(): Promise<dgram.Socket> {
  const s = dgram.createSocket('udp4')
  sockets.push(s)
  return new Promise((resolve) => s.bind(0, '127.0.0.1', () => resolve(s)))
}

describe('the last sender of a UDP socket', () => {
  it('follows whoever sent last, and a flood from two senders costs few endpoint events', async () => {
    engine = createEngine()
    const rec = record(engine)
    const udp = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0 })
    const port = portOf(udp)
    expect(udp.lastSender).toBeUndefined()
    const [a, b] = [await sender(), await sender()]

    a.send('hello', port, '127.0.0.1')
    await waitFor(() => engine.get(udp.id).lastSender?.port === a.address().port, 'a as last sender')
    expect(engine.get(udp.id).lastSender).toEqual({ address: '127.0.0.1', port: a.address().port, family: 'IPv4' })
    b.send('hi', port, '127.0.0.1')
    await waitFor(() => engine.get(udp.id).lastSender?.port === b.address().port, 'b as last sender')

    const before = rec.of('endpoint').length
    for (let i = 0; i < 500; i++) (i % 2 ? a : b).send('x', port, '127.0.0.1')
    await waitFor(() => engine.get(udp.id).counters.chunksIn === 502, 'the flood', 10_000)
    a.send('last', port, '127.0.0.1')
    await waitFor(() => engine.get(udp.id).counters.chunksIn === 503, 'every datagram', 10_000)
    // The window hears of the last sender within a moment, not once per datagram.
    await waitFor(() => rec.of('endpoint').at(-1)?.endpoint.lastSender?.port === a.address().port, 'the window told of a')
    expect(rec.of('endpoint').length - before).toBeLessThan(60)
  })
})

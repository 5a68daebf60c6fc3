// Engine errors reach the window as catalog ids with params, so it can say them in its language;
// the English message stays for the command line and logs.
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/engine'
import { toAppError } from '../../../src/shared/errors'
import { portOf, rejection } from './helpers'

let engine: Engine
const closers: (() => Promise<unknown>)[] = []

afterEach(async () => {
  await engine.closeAll()
  for (const close of closers.splice(0)) await close()
})

async function occupiedPort(): Promise<number> {
  const outside = net.createServer()
  await new Promise<void>((r) => outside.listen(0, '127.0.0.1', () => r()))
  closers.push(() => new Promise((r) => outside.close(r)))
  return (outside.address() as net.AddressInfo).port
}

async function closedPort(): Promise<number> {
  const probe = net.createServer()
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()))
  const port = (probe.address() as net.AddressInfo).port
  await new Promise((r) => probe.close(r))
  return port
}

describe('engine errors carry catalog ids and params', () => {
  it('EADDRINUSE from a port held outside the engine: action, target, reason and holder', async () => {
    engine = createEngine()
    const port = await occupiedPort()
    const err = toAppError(await rejection(engine.open({ kind: 'tcp-server', host: '127.0.0.1', port })))
    expect(err).toMatchObject({
      code: 'EADDRINUSE',
      id: 'osFailed',
      hintId: process.platform === 'win32' ? 'addressInUseTcpWindows' : 'addressInUseTcp',
      params: { action: 'listenOn', target: `127.0.0.1:${port}`, reason: 'EADDRINUSE', holder: 'anotherTcpSocket' }
    })
    expect(err.message).toBe(`listen on 127.0.0.1:${port} failed: address already in use`)
    expect(err.hint).toContain('another TCP socket')
  })

  it("EADDRINUSE from one of the engine's own servers names it as the holder", async () => {
    engine = createEngine()
    const first = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, name: 'first' })
    const err = toAppError(await rejection(engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: portOf(first) })))
    expect(err.params).toMatchObject({ holder: `this app's endpoint "first"` })
  })

  it('ECONNREFUSED from a client, also on the endpoint it leaves in the error state', async () => {
    engine = createEngine()
    const port = await closedPort()
    const client = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port }, false)
    const err = toAppError(await rejection(engine.start(client.id)))
    const expected = { code: 'ECONNREFUSED', id: 'osFailed', hintId: 'refused', params: { action: 'connectTo', target: `127.0.0.1:${port}`, reason: 'ECONNREFUSED' } }
    expect(err).toMatchObject(expected)
    expect(engine.get(client.id).error).toMatchObject(expected)
  })

  it('errors the engine makes itself: an unknown endpoint, a send with nobody connected', async () => {
    engine = createEngine()
    expect(toAppError(await rejection(() => engine.get('e404')))).toMatchObject({ code: 'EUNKNOWN', id: 'endpointGone' })
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0 })
    const err = toAppError(await rejection(engine.send(server.id, 'all', Uint8Array.of(1))))
    expect(err).toMatchObject({ code: 'ENOTCONN', id: 'notRunning', params: { endpoint: server.name, state: 'connectedToAnyPeer' } })
  })

  it('a UDP datagram past 65507 bytes', async () => {
    engine = createEngine()
    const udp = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0 })
    const err = toAppError(await rejection(engine.send(udp.id, { host: '127.0.0.1', port: portOf(udp) }, new Uint8Array(65508))))
    expect(err).toMatchObject({ code: 'EMSGSIZE', id: 'datagramTooLarge', params: { size: 65508, max: 65507, family: 4 } })
  })
})

describe('options refused before a socket is made', () => {
  it("keep the schema's own words in English and name them by catalog term", async () => {
    engine = createEngine()
    const err = toAppError(await rejection(engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, recvSize: 0 })))
    expect(err).toMatchObject({ code: 'EINVAL', id: 'invalidOption', hintId: 'invalidOptions', params: { what: 'endpointOptions', field: 'recvSize', reason: 'recvSizeRange' } })
    expect(err.message).toBe('Invalid endpoint options: recvSize: recvSize must be from 1 to 65536 bytes')
  })

  it('a bound without words of its own says the limit', async () => {
    engine = createEngine()
    const err = toAppError(await rejection(engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, backlog: 70000 })))
    expect(err).toMatchObject({ id: 'invalidOptionTooBig', params: { field: 'backlog', limit: 65535 } })
    expect(err.message).toBe('Invalid endpoint options: backlog: must be at most 65535')
  })

  it('a bad framing keeps the codec id that says what is wrong with it', async () => {
    engine = createEngine()
    const err = toAppError(await rejection(engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, framing: 'len:3' })))
    expect(err).toMatchObject({ code: 'EINVAL', id: 'specLengthSize', hintId: 'badFramingSpec', params: { spec: 'len:3', got: '3' } })
    expect(err.message).toMatch(/^Invalid framing "len:3": bad framing spec 'len:3'/)
  })
})

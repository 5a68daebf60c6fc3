// A TLS server against clients that misbehave on loopback: garbage in place of a ClientHello, a
// plaintext alert injected after the handshake, renegotiation (TLS 1.2) once and past Node's
// limit, and 50 clients with certificates at once. The server stays up, each peer shows its own
// session, every failure is an error event with code, message and hint, and nothing is unhandled.
import net from 'node:net'
import tls from 'node:tls'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/engine'
import type { AppError } from '../../../src/shared/api'
import { endpointConfig } from '../../../src/shared/schemas'
import { makeTestCertificates, type TestCertificates } from '../../helpers/tls-certs'
import { portOf, record, waitFor, type Recorder } from './helpers'

let engine: Engine
let certs: TestCertificates
const sockets: net.Socket[] = []
const unhandled: unknown[] = []
const onUnhandled = (err: unknown): void => void unhandled.push(err)

beforeAll(() => {
  certs = makeTestCertificates()
  process.on('unhandledRejection', onUnhandled)
  process.on('uncaughtException', onUnhandled)
})
afterAll(() => {
  process.off('unhandledRejection', onUnhandled)
  process.off('uncaughtException', onUnhandled)
  certs.remove()
})
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy()
  await engine.closeAll()
  expect(unhandled).toEqual([])
})

function server(extra: Record<string, unknown> = {}) {
  return engine.open(endpointConfig.parse({ kind: 'tls-server', host: '127.0.0.1', port: 0, cert: certs.leaf.cert, key: certs.leaf.key, responder: { kind: 'echo' }, ...extra }))
}

function tlsClient(port: number, extra: tls.ConnectionOptions = {}): Promise<tls.TLSSocket> {
  const s = tls.connect({ host: '127.0.0.1', port, ca: certs.ca.cert, servername: 'localhost', ...extra })
  sockets.push(s)
  s.on('error', () => undefined)
  return new Promise((res, rej) => {
    s.once('secureConnect', () => res(s))
    s.once('error', rej)
  })
}

/** Sends `text` and resolves once it comes back (the server echoes); rejects if the socket closes first. */
function roundTrip(s: tls.TLSSocket, text: string): Promise<void> {
  return new Promise((res, rej) => {
    let got = ''
    const done = (): void => {
      s.off('data', on)
      s.off('close', closed)
    }
    const on = (c: Buffer): void => {
      got += c.toString()
      if (got.includes(text)) {
        done()
        res()
      }
    }
    const closed = (): void => {
      done()
      rej(new Error(`closed before "${text}" came back`))
    }
    s.on('data', on)
    s.once('close', closed)
    s.write(text)
  })
}

function expectClear(error: AppError | undefined): void {
  expect(error).toBeDefined()
  expect(error!.code.length).toBeGreaterThan(0)
  expect(error!.message.length).toBeGreaterThan(0)
  expect(error!.hint.length).toBeGreaterThan(0)
  // The message says what happened, not only a code or "undefined".
  expect(error!.message).not.toMatch(/undefined|\[object/)
}

async function rawClient(port: number): Promise<net.Socket> {
  const raw = net.connect(port, '127.0.0.1')
  sockets.push(raw)
  raw.on('error', () => undefined)
  await new Promise((r) => raw.once('connect', r))
  return raw
}

/** A TCP relay to the server that can slip bytes of its own into what the client sends. */
async function injectingProxy(target: number): Promise<{ port: number; inject: (b: Buffer) => void; close: () => void }> {
  let upstream: net.Socket | undefined
  const relay = net.createServer((down) => {
    down.on('error', () => undefined)
    const up = net.connect(target, '127.0.0.1')
    upstream = up
    sockets.push(up, down)
    up.on('error', () => down.destroy())
    down.on('close', () => up.destroy())
    up.on('close', () => down.destroy())
    down.pipe(up)
    up.pipe(down)
  })
  await new Promise<void>((r) => relay.listen(0, '127.0.0.1', () => r()))
  return {
    port: (relay.address() as net.AddressInfo).port,
    inject: (b) => upstream?.write(b),
    close: () => relay.close()
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** A good client still gets served: the server is up and echoing. */
async function stillServes(port: number): Promise<void> {
  const s = await tlsClient(port)
  await roundTrip(s, 'still here')
  s.destroy()
}

async function errorsAfter(rec: Recorder, n: number): Promise<AppError[]> {
  await waitFor(() => rec.of('error').length >= n, `${n} error events`)
  return rec.of('error').map((e) => e.error)
}

describe('a TLS server under attack', () => {
  it('garbage instead of a ClientHello: refused on the endpoint, no peer, server serves on', async () => {
    engine = createEngine()
    const rec = record(engine)
    const srv = await server()
    const port = portOf(srv)
    const garbage = [Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), Buffer.alloc(300, 0xff), Buffer.from([0x80, 0x2e, 0x01, 0x03, 0x01]), Buffer.from([0x16, 0x03, 0x01, 0x00, 0x02, 0x00, 0x00])]
    for (const bytes of garbage) {
      const raw = await rawClient(port)
      raw.end(bytes)
      await new Promise((r) => raw.once('close', r))
    }
    const errors = await errorsAfter(rec, garbage.length)
    for (const e of errors) expectClear(e)
    expect(errors[0]!.hint).toMatch(/plain TCP client/)
    expect(rec.of('peer-open')).toEqual([])
    expect(engine.get(srv.id).state).toBe('listening')
    await stillServes(port)
  })

  it('a record header that promises more than comes: the server serves others, and closing it cuts the half handshake', async () => {
    engine = createEngine()
    const srv = await server()
    const port = portOf(srv)
    const raw = await rawClient(port)
    raw.write(Buffer.from([0x16, 0x03, 0x01, 0x40, 0x00, 0x01]))
    await stillServes(port)
    const closed = new Promise((r) => raw.once('close', r))
    await engine.close(srv.id)
    await closed
    expect(engine.get(srv.id).state).toBe('closed')
  })

  it('a handshake left half sent is cut after the handshake timeout, saying so; the server serves on', async () => {
    engine = createEngine({ tlsHandshakeTimeoutMs: 400 })
    const rec = record(engine)
    const srv = await server()
    const port = portOf(srv)
    const raw = await rawClient(port)
    const closed = new Promise((r) => raw.once('close', r))
    // A handshake record that promises 16 KiB, and one byte of it.
    raw.write(Buffer.from([0x16, 0x03, 0x01, 0x40, 0x00, 0x01]))
    await closed
    const [error] = await errorsAfter(rec, 1)
    expectClear(error!)
    expect(error!.code).toBe('ERR_TLS_HANDSHAKE_TIMEOUT')
    expect(error!.hint).toMatch(/within 0\.4 s/)
    expect(rec.of('peer-open')).toEqual([])
    expect(engine.get(srv.id).state).toBe('listening')
    await stillServes(port)
  })

  it('a plaintext alert after the handshake ends that peer with a TLS error saying so; others are untouched', async () => {
    engine = createEngine()
    const rec = record(engine)
    const srv = await server()
    const port = portOf(srv)
    const bystander = await tlsClient(port)
    for (const maxVersion of ['TLSv1.2', 'TLSv1.3'] as const) {
      const proxy = await injectingProxy(port)
      const s = await tlsClient(proxy.port, { maxVersion })
      await roundTrip(s, 'hello')
      const closes = rec.of('peer-close').length
      // A fatal handshake_failure alert slipped in unencrypted: the server's record layer fails on it.
      proxy.inject(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]))
      await waitFor(() => rec.of('peer-close').length > closes, 'the peer closed')
      const close = rec.of('peer-close').at(-1)!
      expect(close.reason).toBe('error')
      expectClear(close.error)
      expect(close.error!.code).toMatch(/^ERR_SSL_/)
      expect(close.error!.hint).toMatch(/does not decrypt/)
      expect(close.error!.hint).toContain(close.error!.code)
      expect(close.peer.tls?.protocol).toBe(maxVersion)
      proxy.close()
    }
    await roundTrip(bystander, 'bystander')
    await stillServes(port)
  })

  it('renegotiation under TLS 1.2: served within the limit Node sets; past it that peer alone is cut, saying why', async () => {
    engine = createEngine()
    const rec = record(engine)
    const srv = await server()
    const port = portOf(srv)
    const bystander = await tlsClient(port)
    const s = await tlsClient(port, { maxVersion: 'TLSv1.2' })
    await roundTrip(s, 'before')
    // Bounded: a server that drops the connection leaves the callback uncalled.
    const renegotiate = (): Promise<Error | null> =>
      Promise.race([new Promise<Error | null>((res) => void s.renegotiate({ rejectUnauthorized: true }, (err) => res(err))), sleep(2000).then(() => new Error('no answer to the renegotiation'))])
    let served = 0
    for (let i = 0; i < tls.CLIENT_RENEG_LIMIT + 2; i++) {
      if (await renegotiate()) break
      if (!(await roundTrip(s, `round ${i}`).then(() => true, () => false))) break
      served++
      const [peer] = engine.peers(srv.id).filter((p) => p.tls?.protocol === 'TLSv1.2')
      expect(peer?.counters.bytesIn).toBe('before'.length + Array.from({ length: served }, (_, k) => `round ${k}`.length).reduce((a, b) => a + b, 0))
    }
    // Node allows tls.CLIENT_RENEG_LIMIT renegotiations in tls.CLIENT_RENEG_WINDOW seconds.
    expect(served).toBe(tls.CLIENT_RENEG_LIMIT)
    await waitFor(() => rec.of('peer-close').length === 1, 'the renegotiating peer cut')
    const close = rec.of('peer-close')[0]!
    expect(close.reason).toBe('error')
    expectClear(close.error)
    expect(close.error!.code).toBe('ERR_TLS_SESSION_ATTACK')
    expect(close.error!.hint).toMatch(/renegotiate/)
    expect(close.peer.tls?.protocol).toBe('TLSv1.2')
    expect(engine.get(srv.id).state).toBe('listening')
    await roundTrip(bystander, 'bystander')
    await stillServes(port)
  })

  it('50 clients with certificates at once: each peer shows the certificate its own client sent', async () => {
    engine = createEngine()
    const rec = record(engine)
    const srv = await server({ requestCert: true, ca: certs.ca.cert })
    const port = portOf(srv)
    const clients = await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        const pem = i % 2 === 0 ? certs.leaf : certs.otherName
        return tlsClient(port, { cert: pem.cert, key: pem.key, maxVersion: i % 3 === 0 ? 'TLSv1.2' : 'TLSv1.3' }).then((s) => ({ s, i }))
      })
    )
    await Promise.all(clients.map(({ s, i }) => roundTrip(s, `client ${i}`)))
    const peers = engine.peers(srv.id)
    expect(peers).toHaveLength(50)
    for (const { s, i } of clients) {
      const peer = peers.find((p) => 'port' in p.remote && p.remote.port === s.localPort)
      expect(peer, `client ${i}`).toBeDefined()
      expect(peer!.tls?.authorized).toBe(true)
      expect(peer!.tls?.protocol).toBe(i % 3 === 0 ? 'TLSv1.2' : 'TLSv1.3')
      expect(peer!.tls?.peerChain?.[0]?.subject).toBe(i % 2 === 0 ? 'CN=localhost' : 'CN=other.example')
      expect(peer!.counters.bytesIn).toBe(`client ${i}`.length)
    }
    expect(rec.of('error')).toEqual([])
  })
})

// The TCP relay toward a Unix socket and a TLS server, with real sockets: a few MiB each way byte
// for byte, half-close passed on after the bytes before it, faults as over TCP, and an upstream
// that cannot be reached (no socket file, a certificate not trusted) resetting the client and
// saying why.
import { randomBytes } from 'node:crypto'
import net from 'node:net'
import { join } from 'node:path'
import tls from 'node:tls'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/engine'
import type { EndpointInfo } from '../../../src/shared/api'
import type { RelayFaults, StreamUpstream } from '../../../src/shared/schemas'
import { makeTestCertificates, type TestCertificates } from '../../helpers/tls-certs'
import { portOf, record, sha256, tempDir, waitFor } from './helpers'
import { collect, connectTo, listenFor, pause, type Cleanups } from './socket-kit'

let engine: Engine
let certs: TestCertificates
let dir: { path: string; remove: () => Promise<void> }
const cleanups: Cleanups = []
const listen = (server: net.Server, at: net.ListenOptions): Promise<net.Socket[]> => listenFor(cleanups, server, at)
const connect = (port: number): Promise<net.Socket> => connectTo(cleanups, port)

beforeAll(async () => {
  certs = makeTestCertificates()
  dir = await tempDir()
})
afterAll(async () => {
  certs.remove()
  await dir.remove()
})
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
  await engine.closeAll()
})

interface Upstream {
  reads: Buffer[][]
  /** How each connection's reading side ended: 'end' (FIN), or the error code. */
  endings: string[]
  /** Connections the server saw, handshake done for TLS. */
  accepted: () => number
}

/**
 * An upstream that records what it reads and, once the client's side has ended, answers with
 * `reply` and ends its own: an answer that only a half-open connection can carry.
 */
function recording(reply: Buffer): { up: Upstream; onSocket: (s: net.Socket) => void } {
  const up: Upstream = { reads: [], endings: [], accepted: () => up.reads.length }
  const onSocket = (s: net.Socket): void => {
    const i = up.reads.length
    up.reads.push([])
    s.on('data', (c: Buffer) => up.reads[i]!.push(c))
    s.on('end', () => {
      up.endings[i] ??= 'end'
      s.end(reply)
    })
    s.on('error', (e: NodeJS.ErrnoException) => (up.endings[i] ??= e.code ?? 'error'))
  }
  return { up, onSocket }
}


async function unixUpstream(name: string, reply: Buffer): Promise<Upstream & { path: string }> {
  const { up, onSocket } = recording(reply)
  const sockets: net.Socket[] = []
  const server = net.createServer({ allowHalfOpen: true }, (s) => {
    sockets.push(s)
    onSocket(s)
  })
  const path = join(dir.path, name)
  await listen(server, { path })
  cleanups.push(() => sockets.forEach((s) => s.destroy()))
  return { ...up, path }
}

async function tlsUpstream(pem: { cert: string; key: string }, reply: Buffer): Promise<Upstream & { port: number; failedHandshakes: () => number }> {
  const { up, onSocket } = recording(reply)
  const sockets: net.Socket[] = []
  let failed = 0
  const server = tls.createServer({ cert: pem.cert, key: pem.key, allowHalfOpen: true }, (s) => {
    sockets.push(s)
    onSocket(s)
  })
  server.on('tlsClientError', () => failed++)
  await listen(server, { host: '127.0.0.1', port: 0 })
  cleanups.push(() => sockets.forEach((s) => s.destroy()))
  return { ...up, port: (server.address() as net.AddressInfo).port, failedHandshakes: () => failed }
}

async function relay(upstream: StreamUpstream, faults?: RelayFaults): Promise<EndpointInfo> {
  return engine.open({ kind: 'tcp-relay', host: '127.0.0.1', port: 0, upstream, ...(faults ? { faults } : {}) })
}



/**
 * Sends `sent` in uneven writes, then FIN; the upstream answers only after that FIN, so the reply
 * arriving whole proves the FIN came after every byte and left the way back open.
 */
async function roundTrip(info: EndpointInfo, up: Upstream, sent: Buffer, reply: Buffer): Promise<void> {
  const client = await connect(portOf(info))
  const got = collect(client)
  let at = 0
  let size = 1
  while (at < sent.length) {
    client.write(sent.subarray(at, at + size))
    at += size
    size = size >= 200_000 ? 1 : size * 7
  }
  client.end()
  expect(await got.ended).toBe('end')
  await waitFor(() => up.endings[0] === 'end', 'the upstream to see FIN')
  expect(sha256(Buffer.concat(up.reads[0]!))).toBe(sha256(sent))
  expect(sha256(Buffer.concat(got.chunks))).toBe(sha256(reply))
  const counters = await waitFor(() => {
    const c = engine.get(info.id).counters
    return c.bytesOut === reply.length && c
  }, 'the counters to settle')
  expect(counters.bytesIn).toBe(sent.length)
}


/**
 * The upstream writes 24 MiB as fast as it may to a client that does not read: the relay must stop
 * reading the upstream (TLS or Unix alike), hold a bounded amount, and deliver it all once the client reads.
 */
async function slowReaderHoldsBack(limit: number, listenOn: (onSocket: (s: net.Socket) => void) => Promise<StreamUpstream>): Promise<void> {
  const TOTAL = 24 * 1024 * 1024
  const block = randomBytes(1024 * 1024)
  let upSocket: net.Socket | undefined
  const upstream = await listenOn((s) => (upSocket = s))
  const info = await relay(upstream)
  const client = await connect(portOf(info))
  client.pause()
  await waitFor(() => upSocket, 'the upstream connection')
  let written = 0
  const pump = (): void => {
    while (written < TOTAL) {
      written += block.length
      if (!upSocket!.write(block)) {
        upSocket!.once('drain', pump)
        return
      }
    }
    upSocket!.end()
  }
  pump()
  await pause(400)
  const peer = engine.peers(info.id)[0]!
  expect(peer.pendingOut ?? 0).toBeLessThanOrEqual(2 * limit + 2 * 65536)
  const writtenBefore = written
  const outBefore = engine.get(info.id).counters.bytesOut
  await pause(300)
  expect(written).toBe(writtenBefore)
  expect(written).toBeLessThan(TOTAL)
  expect(engine.get(info.id).counters.bytesOut).toBe(outBefore)
  const got = collect(client)
  client.resume()
  expect(await got.ended).toBe('end')
  const expected: Buffer[] = []
  for (let n = 0; n < TOTAL; n += block.length) expected.push(block)
  expect(sha256(Buffer.concat(got.chunks))).toBe(sha256(expected))
}

describe('TCP relay to a Unix socket', () => {
  it('carries 4 MiB each way byte for byte, and passes FIN on after the bytes before it', async () => {
    engine = createEngine()
    const sent = randomBytes(4 * 1024 * 1024)
    const reply = randomBytes(3 * 1024 * 1024 + 17)
    const up = await unixUpstream('up.sock', reply)
    const info = await relay({ path: up.path })
    expect(info.remote).toEqual({ path: up.path })
    await roundTrip(info, up, sent, reply)
  })

  it('applies its faults as over TCP: the upstream gets exactly N bytes before the reset', async () => {
    engine = createEngine()
    const up = await unixUpstream('faults.sock', Buffer.alloc(0))
    const info = await relay({ path: up.path }, { resetAfter: 1000, chunk: 7 })
    const client = await connect(portOf(info))
    const got = collect(client)
    client.write(randomBytes(5000))
    expect(await got.ended).toBe('ECONNRESET')
    await waitFor(() => up.endings[0] !== undefined, 'the upstream to be reset')
    expect(Buffer.concat(up.reads[0]!).length).toBe(1000)
    expect(Math.max(...up.reads[0]!.map((c) => c.length))).toBeLessThanOrEqual(7)
  })

  it('stops reading the upstream while a slow client does not read: memory stays bounded', async () => {
    const LIMIT = 512 * 1024
    engine = createEngine({ outboundLimitBytes: LIMIT })
    await slowReaderHoldsBack(LIMIT, async (onSocket) => {
      const path = join(dir.path, 'slow.sock')
      await listen(net.createServer(onSocket), { path })
      return { path }
    })
  }, 30_000)

  it('resets the client and says there is no socket file when nothing is at the path', async () => {
    engine = createEngine()
    const rec = record(engine)
    const path = join(dir.path, 'nothing-here.sock')
    const info = await relay({ path })
    const client = await connect(portOf(info))
    expect(await collect(client).ended).toBe('ECONNRESET')
    const err = await waitFor(() => rec.of('error').find((e) => e.error.code === 'ENOENT'), 'the error event')
    expect(err.error.message).toContain(`unix:${path}`)
    expect(err.error.hint).toContain(`no socket at ${path}`)
    expect(err.error.hintId).toBe('noSocketFile')
    expect(engine.get(info.id).state).toBe('listening')
  })
})

describe('TCP relay to a TLS server', () => {
  it('verifies the server against the given CA, then carries 4 MiB each way and half-closes', async () => {
    engine = createEngine()
    const rec = record(engine)
    const sent = randomBytes(4 * 1024 * 1024)
    const reply = randomBytes(2 * 1024 * 1024 + 5)
    const up = await tlsUpstream(certs.leaf, reply)
    const info = await relay({ host: '127.0.0.1', port: up.port, tls: { ca: certs.ca.cert, servername: 'localhost' } })
    await roundTrip(info, up, sent, reply)
    expect(up.failedHandshakes()).toBe(0)
    // The client's rows say what the relay's handshake with the upstream negotiated.
    const notes = await waitFor(() => {
      const found = rec.of('responder-note').filter((e) => e.endpointId === info.id && e.note.kind === 'upstream-tls')
      return found.length > 0 && found
    }, 'the upstream TLS note')
    expect(notes).toHaveLength(1)
    const note = notes[0]!.note
    if (note.kind !== 'upstream-tls') throw new Error('not an upstream TLS note')
    expect(note.upstream).toBe(`tls://127.0.0.1:${up.port}`)
    expect(note.tls.authorized).toBe(true)
    expect(note.tls.servername).toBe('localhost')
    expect(note.tls.protocol).toMatch(/^TLSv1\.[23]$/)
    expect(note.tls.cipher).toBeTruthy()
    expect(note.tls.peerChain?.[0]?.subject).toContain('localhost')
  })

  it('resets the client when the certificate is not trusted, naming the upstream, the reason and what to do', async () => {
    engine = createEngine()
    const rec = record(engine)
    const up = await tlsUpstream(certs.selfSigned, Buffer.from('never'))
    const info = await relay({ host: '127.0.0.1', port: up.port, tls: {} })
    const client = await connect(portOf(info))
    const got = collect(client)
    client.write('secret that must not reach an unverified server')
    expect(await got.ended).toBe('ECONNRESET')
    expect(got.chunks).toEqual([])
    const err = await waitFor(() => rec.of('error').find((e) => e.error.id === 'relayUpstreamFailed'), 'the error event')
    expect(err.error.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT')
    expect(err.error.message).toContain(`tls://127.0.0.1:${up.port}`)
    expect(err.error.message).toMatch(/self[- ]signed/i)
    expect(err.error.hintId).toBe('tlsSelfSigned')
    expect(err.error.hint).toContain('--ca FILE')
    expect(err.peerId).toBeDefined()
    expect(up.accepted()).toBe(0)
    expect(engine.get(info.id).state).toBe('listening')
  })

  it('applies its faults as over TCP: exactly N bytes through TLS, then a reset the server sees', async () => {
    engine = createEngine()
    const up = await tlsUpstream(certs.leaf, Buffer.alloc(0))
    const info = await relay({ host: '127.0.0.1', port: up.port, tls: { ca: certs.ca.cert } }, { resetAfter: 4321, chunk: 1000 })
    const client = await connect(portOf(info))
    const got = collect(client)
    client.write(randomBytes(100_000))
    expect(await got.ended).toBe('ECONNRESET')
    await waitFor(() => up.endings[0] !== undefined, 'the upstream to be reset')
    expect(up.endings[0]).toBe('ECONNRESET')
    expect(Buffer.concat(up.reads[0]!).length).toBe(4321)
  })

  it('presents a client certificate when the server asks for one, and says so when it has none', async () => {
    engine = createEngine()
    const rec = record(engine)
    const reply = Buffer.from('welcome, certified client')
    const { up, onSocket } = recording(reply)
    const server = tls.createServer({ cert: certs.leaf.cert, key: certs.leaf.key, ca: certs.ca.cert, requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.3', allowHalfOpen: true }, onSocket)
    await listen(server, { host: '127.0.0.1', port: 0 })
    const port = (server.address() as net.AddressInfo).port
    // Without a certificate: the server's refusal arrives after the handshake, and is said as one.
    const bare = await relay({ host: '127.0.0.1', port, tls: { ca: certs.ca.cert } })
    const refused = await connect(portOf(bare))
    const got = collect(refused)
    refused.write('hello?')
    expect(await got.ended).toBe('ECONNRESET')
    const err = await waitFor(() => rec.of('error').find((e) => e.error.id === 'relayUpstreamFailed'), 'the error event')
    expect(err.error.message).toContain(`tls://127.0.0.1:${port}`)
    expect(err.error.hintId).toBe('tlsClientCertRequired')
    expect(up.reads.every((r) => r.length === 0)).toBe(true)
    // With one the CA vouches for: carried both ways.
    const certified = await relay({ host: '127.0.0.1', port, tls: { ca: certs.ca.cert, cert: certs.leaf.cert, key: certs.leaf.key } })
    const client = await connect(portOf(certified))
    const back = collect(client)
    client.end('hello')
    expect(await back.ended).toBe('end')
    expect(Buffer.concat(back.chunks).toString()).toBe(reply.toString())
  })

  it('stops reading the upstream while a slow client does not read: memory stays bounded', async () => {
    const LIMIT = 512 * 1024
    engine = createEngine({ outboundLimitBytes: LIMIT })
    await slowReaderHoldsBack(LIMIT, async (onSocket) => {
      const server = tls.createServer({ cert: certs.leaf.cert, key: certs.leaf.key }, onSocket)
      await listen(server, { host: '127.0.0.1', port: 0 })
      return { host: '127.0.0.1', port: (server.address() as net.AddressInfo).port, tls: { ca: certs.ca.cert } }
    })
  }, 30_000)

  it('with insecure, connects to a self-signed server and carries bytes both ways', async () => {
    engine = createEngine()
    const sent = randomBytes(64 * 1024)
    const reply = randomBytes(100_000)
    const rec = record(engine)
    const up = await tlsUpstream(certs.selfSigned, reply)
    const info = await relay({ host: '127.0.0.1', port: up.port, tls: { insecure: true } })
    await roundTrip(info, up, sent, reply)
    // Insecure connects all the same, and the note says the certificate did not verify, and why.
    const note = await waitFor(() => rec.of('responder-note').find((e) => e.endpointId === info.id && e.note.kind === 'upstream-tls')?.note, 'the upstream TLS note')
    if (note.kind !== 'upstream-tls') throw new Error('not an upstream TLS note')
    expect(note.tls.authorized).toBe(false)
    expect(note.tls.authorizationError).toBe('DEPTH_ZERO_SELF_SIGNED_CERT')
  })

  it('says so when the server does not speak TLS', async () => {
    engine = createEngine()
    const rec = record(engine)
    const plain = net.createServer((s) => s.resume().end('HTTP/1.0 400 Bad Request\r\n\r\n'))
    await listen(plain, { host: '127.0.0.1', port: 0 })
    const port = (plain.address() as net.AddressInfo).port
    const info = await relay({ host: '127.0.0.1', port, tls: { insecure: true } })
    const client = await connect(portOf(info))
    expect(await collect(client).ended).toBe('ECONNRESET')
    const err = await waitFor(() => rec.of('error').find((e) => e.error.id === 'relayUpstreamFailed'), 'the error event')
    expect(err.error.message).toContain(`tls://127.0.0.1:${port}`)
    expect(err.error.hintId).toMatch(/^tls/)
  })
})

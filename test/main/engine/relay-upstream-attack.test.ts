// The TCP relay toward TLS and Unix upstreams that misbehave: a server that takes the connection
// and never answers the handshake, one that answers with garbage, one that resets or closes in the
// middle, paths that are not sockets, a relay stopped or changed while handshakes are under way,
// many clients at once, and an upstream that never reads. Every byte is checked by hash, and what
// one client suffers must not touch another.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import net from 'node:net'
import { join } from 'node:path'
import tls from 'node:tls'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/engine'
import type { EndpointInfo } from '../../../src/shared/api'
import type { RelayFaults, StreamUpstream } from '../../../src/shared/schemas'
import { requirePeerTool } from '../../helpers/peer-tools'
import { makeTestCertificates, type TestCertificates } from '../../helpers/tls-certs'
import { portOf, record, sha256, tempDir, waitFor } from './helpers'
import { collect, connectTo, listenFor, type Cleanups } from './socket-kit'

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


/** A TCP server that takes every connection and reads, but never says a word: a handshake that never ends. */
async function silentServer(): Promise<{ port: number; sockets: net.Socket[]; closed: () => number; received: () => number }> {
  let closed = 0
  let received = 0
  const server = net.createServer((s) => {
    s.on('data', (c: Buffer) => (received += c.length))
    s.on('error', () => {})
    s.on('close', () => closed++)
  })
  const sockets = await listen(server, { host: '127.0.0.1', port: 0 })
  return { port: (server.address() as net.AddressInfo).port, sockets, closed: () => closed, received: () => received }
}

interface Echoing {
  port: number
  /** What each connection read, in order of acceptance. */
  reads: Buffer[][]
  endings: string[]
}

/** A TLS server that echoes every byte back and ends when its client does. */
async function tlsEcho(): Promise<Echoing> {
  const up: Echoing = { port: 0, reads: [], endings: [] }
  const server = tls.createServer({ cert: certs.leaf.cert, key: certs.leaf.key, allowHalfOpen: true }, (s) => {
    const i = up.reads.push([]) - 1
    s.on('data', (c: Buffer) => {
      up.reads[i]!.push(c)
      s.write(c)
    })
    s.on('end', () => {
      up.endings[i] ??= 'end'
      s.end()
    })
    s.on('error', (e: NodeJS.ErrnoException) => (up.endings[i] ??= e.code ?? 'error'))
  })
  const secure: tls.TLSSocket[] = []
  server.on('secureConnection', (s: tls.TLSSocket) => secure.push(s))
  await listen(server, { host: '127.0.0.1', port: 0 })
  cleanups.push(() => secure.forEach((s) => s.destroy()))
  up.port = (server.address() as net.AddressInfo).port
  return up
}

/** A Unix server that echoes every byte back and ends when its client does. */
async function unixEcho(name: string): Promise<Echoing & { path: string }> {
  const up = { port: 0, reads: [] as Buffer[][], endings: [] as string[], path: join(dir.path, name) }
  const server = net.createServer({ allowHalfOpen: true }, (s) => {
    const i = up.reads.push([]) - 1
    s.on('data', (c: Buffer) => {
      up.reads[i]!.push(c)
      s.write(c)
    })
    s.on('end', () => {
      up.endings[i] ??= 'end'
      s.end()
    })
    s.on('error', (e: NodeJS.ErrnoException) => (up.endings[i] ??= e.code ?? 'error'))
  })
  await listen(server, { path: up.path })
  return up
}

const trusted = (port: number): StreamUpstream => ({ host: '127.0.0.1', port, tls: { ca: certs.ca.cert, servername: 'localhost' } })

async function relay(upstream: StreamUpstream, faults?: RelayFaults): Promise<EndpointInfo> {
  return engine.open({ kind: 'tcp-relay', host: '127.0.0.1', port: 0, upstream, ...(faults ? { faults } : {}) })
}



describe('a TLS upstream that never finishes its handshake', () => {
  it('resets the client with a timeout that names the upstream, and leaves nothing open', async () => {
    engine = createEngine()
    const rec = record(engine)
    const up = await silentServer()
    const info = await relay({ host: '127.0.0.1', port: up.port, tls: { insecure: true } })
    const client = await connect(portOf(info))
    const got = collect(client)
    client.write('bytes that must never reach a server that has not finished its handshake')
    expect(await got.ended).toBe('ECONNRESET')
    expect(got.chunks).toEqual([])
    const err = await waitFor(() => rec.of('error').find((e) => e.error.id === 'relayUpstreamFailed'), 'the error event')
    expect(err.error.code).toBe('ETIMEDOUT')
    expect(err.error.message).toContain(`tls://127.0.0.1:${up.port}`)
    expect(err.error.hintId).toBe('relayUpstreamTimedOut')
    // The upstream's connection is closed with the client's, not left behind.
    await waitFor(() => up.closed() === 1, 'the upstream connection to close')
    expect(engine.get(info.id).state).toBe('listening')
    // The client's socket closes a moment after its reset was sent: then it leaves the list.
    await waitFor(() => engine.peers(info.id).length === 0, 'the reset client to leave the peer list')
  }, 20_000)

  it('says so at once when the server answers the ClientHello with garbage', async () => {
    engine = createEngine()
    const rec = record(engine)
    let closed = 0
    const server = net.createServer((s) => {
      s.on('error', () => {})
      s.on('close', () => closed++)
      s.once('data', () => s.write(randomBytes(4096)))
    })
    await listen(server, { host: '127.0.0.1', port: 0 })
    const port = (server.address() as net.AddressInfo).port
    const info = await relay({ host: '127.0.0.1', port, tls: { insecure: true } })
    const client = await connect(portOf(info))
    const got = collect(client)
    client.write('hello')
    expect(await got.ended).toBe('ECONNRESET')
    const err = await waitFor(() => rec.of('error').find((e) => e.error.id === 'relayUpstreamFailed'), 'the error event')
    expect(err.error.message).toContain(`tls://127.0.0.1:${port}`)
    expect(err.error.code).not.toBe('ETIMEDOUT')
    await waitFor(() => closed === 1, 'the upstream connection to close')
    expect(engine.get(info.id).state).toBe('listening')
  })

  it('says the upstream refused when nothing listens on the TLS port', async () => {
    engine = createEngine()
    const rec = record(engine)
    const probe = net.createServer()
    await new Promise<void>((r) => probe.listen({ host: '127.0.0.1', port: 0 }, () => r()))
    const port = (probe.address() as net.AddressInfo).port
    await new Promise<void>((r) => probe.close(() => r()))
    const info = await relay({ host: '127.0.0.1', port, tls: {} })
    const client = await connect(portOf(info))
    expect(await collect(client).ended).toBe('ECONNRESET')
    const err = await waitFor(() => rec.of('error').find((e) => e.error.id === 'relayUpstreamFailed'), 'the error event')
    expect(err.error.code).toBe('ECONNREFUSED')
    expect(err.error.hintId).toBe('relayUpstreamRefused')
  })

  it('when the relay stops, closes the upstream connections whose handshakes are still under way', async () => {
    engine = createEngine()
    const up = await silentServer()
    const info = await relay({ host: '127.0.0.1', port: up.port, tls: { insecure: true } })
    const clients = await Promise.all([0, 1, 2].map(() => connect(portOf(info))))
    const ends = clients.map((c) => collect(c).ended)
    await waitFor(() => up.sockets.length === 3 && up.received() > 0, 'three handshakes to start')
    await engine.close(info.id)
    for (const e of ends) expect(['end', 'close', 'ECONNRESET']).toContain(await e)
    // Well before the connect timeout: a stopped relay holds no connection open.
    await waitFor(() => up.closed() === 3, 'the upstream connections to close', 3000)
  })

  it('takes new faults while handshakes are under way, and applies them once the upstream is reached', async () => {
    engine = createEngine()
    // A pass-through that holds the server's first answer back, so the handshake is still under way
    // when the faults change.
    const up = await tlsEcho()
    let release: () => void = () => {}
    const held = new Promise<void>((r) => (release = r))
    const front = net.createServer((s) => {
      const back = net.connect({ host: '127.0.0.1', port: up.port })
      s.on('error', () => {})
      back.on('error', () => {})
      s.pipe(back)
      back.pause()
      void held.then(() => back.pipe(s))
      s.on('close', () => back.destroy())
      back.on('close', () => s.destroy())
    })
    const fronted = await listen(front, { host: '127.0.0.1', port: 0 })
    const info = await relay(trusted((front.address() as net.AddressInfo).port))
    const client = await connect(portOf(info))
    const got = collect(client)
    const sent = randomBytes(10_000)
    client.write(sent)
    await waitFor(() => fronted.length === 1, 'the upstream connection')
    engine.update(info.id, { faults: { chunk: 100 } })
    release()
    await waitFor(() => got.bytes() === sent.length, 'the echo')
    expect(sha256(Buffer.concat(got.chunks))).toBe(sha256(sent))
    // Split on the way up: the server read pieces of at most 100 bytes.
    expect(Math.max(...up.reads[0]!.map((c) => c.length))).toBeLessThanOrEqual(100)
    client.end()
    expect(await got.ended).toBe('end')
  })
})

describe('a Unix upstream path that is not a listening socket', () => {
  const cases: [string, () => Promise<string>][] = [
    ['a regular file', async () => {
      const p = join(dir.path, 'plain-file')
      await writeFile(p, 'not a socket')
      return p
    }],
    ['a directory', async () => {
      const p = join(dir.path, 'a-directory')
      await mkdir(p, { recursive: true })
      return p
    }],
    ['a path under a file', async () => {
      const p = join(dir.path, 'file-as-dir')
      await writeFile(p, 'x')
      return join(p, 'up.sock')
    }]
  ]
  for (const [what, make] of cases) {
    it(`resets the client and says why when the path is ${what}; the relay keeps listening`, async () => {
      engine = createEngine()
      const rec = record(engine)
      const path = await make()
      const info = await relay({ path })
      for (let i = 0; i < 2; i++) {
        const client = await connect(portOf(info))
        expect(await collect(client).ended).toBe('ECONNRESET')
      }
      const errs = await waitFor(() => rec.of('error').filter((e) => e.error.id === 'relayUpstreamFailed').length === 2 && rec.of('error'), 'two error events')
      const err = errs.find((e) => e.error.id === 'relayUpstreamFailed')!
      expect(err.error.message).toContain(`unix:${path}`)
      // Not "nothing listens there": the path is no socket at all, and the hint says so.
      expect(err.error.hintId).toBe('notASocketUnix')
      expect(err.error.hint).toContain('is not a socket a server listens on')
      expect(engine.get(info.id).state).toBe('listening')
    })
  }

  it('refuses a path too long for a Unix socket address, or reaches it whole, never a shortened one', async () => {
    engine = createEngine()
    const rec = record(engine)
    // The first 107 bytes name a real listening socket: a relay that cut the path would reach it.
    const base = join(dir.path, 'x'.repeat(Math.max(1, 107 - dir.path.length - 1)))
    expect(Buffer.byteLength(base)).toBe(107)
    const up = await unixEcho(base.slice(dir.path.length + 1))
    const long = `${base}-and-then-some`
    let info: EndpointInfo
    try {
      info = await relay({ path: long })
    } catch (err) {
      // Refused when the config is read: fine, if it says what was wrong.
      expect(String((err as Error).message)).toMatch(/long/i)
      return
    }
    const client = await connect(portOf(info))
    const got = collect(client)
    client.write('for the long path only')
    expect(await got.ended).toBe('ECONNRESET')
    expect(up.reads).toEqual([])
    const err = await waitFor(() => rec.of('error').find((e) => e.error.id === 'relayUpstreamFailed'), 'the error event')
    expect(err.error.message).toContain(`unix:${long}`)
    expect(engine.get(info.id).state).toBe('listening')
  })
})

/**
 * A pass-through in front of `port` that holds the server's answers back until released: the
 * relay's handshake with the server behind it stays under way as long as the test wants.
 */
async function holdingFront(port: number): Promise<{ port: number; release: () => void; sockets: net.Socket[]; closed: () => number }> {
  let release: () => void = () => {}
  const held = new Promise<void>((r) => (release = r))
  let closed = 0
  const front = net.createServer({ allowHalfOpen: true }, (s) => {
    const back = net.connect({ host: '127.0.0.1', port, allowHalfOpen: true })
    s.on('error', () => {})
    back.on('error', () => {})
    s.pipe(back)
    back.pause()
    void held.then(() => back.pipe(s))
    s.on('close', () => {
      closed++
      back.destroy()
    })
    back.on('close', () => s.destroy())
  })
  const sockets = await listen(front, { host: '127.0.0.1', port: 0 })
  return { port: (front.address() as net.AddressInfo).port, release: () => release(), sockets, closed: () => closed }
}

describe('a client that does not wait for the upstream', () => {
  it('keeps what the client sends during the handshake, in order, and its FIN after it', async () => {
    engine = createEngine()
    const up = await tlsEcho()
    const front = await holdingFront(up.port)
    const info = await relay(trusted(front.port))
    const client = await connect(portOf(info))
    const got = collect(client)
    const sent = randomBytes(300_000)
    for (let at = 0, size = 1; at < sent.length; at += size, size = size * 3 + 1) client.write(sent.subarray(at, at + size))
    client.end()
    await waitFor(() => front.sockets.length === 1, 'the upstream connection')
    front.release()
    expect(await got.ended).toBe('end')
    expect(sha256(Buffer.concat(up.reads[0]!))).toBe(sha256(sent))
    expect(sha256(Buffer.concat(got.chunks))).toBe(sha256(sent))
    expect(up.endings[0]).toBe('end')
  })

  it('resets the upstream once it is reached when the client reset during the handshake', async () => {
    engine = createEngine()
    const up = await tlsEcho()
    const front = await holdingFront(up.port)
    const info = await relay(trusted(front.port))
    const client = await connect(portOf(info))
    client.write(randomBytes(50_000))
    await waitFor(() => front.sockets.length === 1, 'the upstream connection')
    client.resetAndDestroy()
    await new Promise((r) => setTimeout(r, 50))
    front.release()
    await waitFor(() => front.closed() === 1, 'the upstream connection to close')
    await waitFor(() => engine.peers(info.id).length === 0, 'the peer to go')
    expect(engine.get(info.id).state).toBe('listening')
  })
})

describe('a TLS upstream that fails in the middle', () => {
  /** An echoing TLS server that, once it has read `after` bytes, does `act` to its TCP connection. */
  /** Only the first connection fails: the others echo on, to show one failure touches no one else. */
  async function failing(after: number, act: (raw: net.Socket, s: tls.TLSSocket) => void): Promise<{ port: number }> {
    const raws: net.Socket[] = []
    let count = 0
    const server = tls.createServer({ cert: certs.leaf.cert, key: certs.leaf.key, allowHalfOpen: true }, (s) => {
      const raw = raws.shift()!
      const first = count++ === 0
      let n = 0
      s.on('error', () => {})
      s.on('data', (c: Buffer) => {
        if (first && n >= after) return
        n += c.length
        s.write(c)
        if (first && n >= after) act(raw, s)
      })
      s.on('end', () => s.end())
    })
    server.on('connection', (raw: net.Socket) => raws.push(raw))
    await listen(server, { host: '127.0.0.1', port: 0 })
    return { port: (server.address() as net.AddressInfo).port }
  }

  /** A client of `info` that sends `size` bytes and collects the echo; the echo of the healthy one is checked whole. */
  async function bystander(info: EndpointInfo, size: number): Promise<() => Promise<void>> {
    const client = await connect(portOf(info))
    const got = collect(client)
    const sent = randomBytes(size)
    client.write(sent)
    return async () => {
      await waitFor(() => got.bytes() >= size, 'the bystander echo')
      client.end()
      expect(await got.ended).toBe('end')
      expect(sha256(Buffer.concat(got.chunks))).toBe(sha256(sent))
    }
  }

  it('resets the client when the server resets, and the other client carries on', async () => {
    engine = createEngine()
    const rec = record(engine)
    const bad = await failing(100_000, (raw) => raw.resetAndDestroy())
    const info = await relay(trusted(bad.port))
    const client = await connect(portOf(info))
    const got = collect(client)
    await waitFor(() => engine.peers(info.id).length === 1, 'the first peer')
    const check = await bystander(info, 2_000_000)
    client.write(randomBytes(400_000))
    expect(await got.ended).toBe('ECONNRESET')
    await check()
    const closes = await waitFor(() => rec.of('peer-close').length === 2 && rec.of('peer-close'), 'both peers to close')
    expect(closes.map((c) => c.reason)).toEqual(['reset', 'fin-peer'])
    expect(engine.get(info.id).state).toBe('listening')
  })

  it('passes the server\'s end on to the client after every byte before it when the server drops TCP without close_notify', async () => {
    engine = createEngine()
    const bad = await failing(100_000, (raw) => raw.destroy())
    const info = await relay(trusted(bad.port))
    const client = await connect(portOf(info))
    const got = collect(client)
    await waitFor(() => engine.peers(info.id).length === 1, 'the first peer')
    const check = await bystander(info, 2_000_000)
    const sent = randomBytes(100_000)
    client.write(sent)
    const ending = await got.ended
    expect(['end', 'ECONNRESET']).toContain(ending)
    // Whatever came through is the start of the echo, never bytes out of order.
    const echoed = Buffer.concat(got.chunks)
    expect(sha256(echoed)).toBe(sha256(sent.subarray(0, echoed.length)))
    // Half-closed by the relay, as a TCP upstream's FIN would leave it: the client ends its side too.
    if (ending === 'end') client.end()
    await check()
    await waitFor(() => engine.peers(info.id).length === 0, 'the peers to go')
  })

  it('keeps carrying the client\'s bytes after the server ended its side (close_notify) and reads on', async () => {
    engine = createEngine()
    const reads: Buffer[] = []
    let serverSaw = ''
    const server = tls.createServer({ cert: certs.leaf.cert, key: certs.leaf.key, allowHalfOpen: true }, (s) => {
      s.on('error', (e: NodeJS.ErrnoException) => (serverSaw = e.code ?? 'error'))
      s.end('greeting, and nothing more from me')
      s.on('data', (c: Buffer) => reads.push(c))
      s.on('end', () => (serverSaw ||= 'end'))
    })
    const secure: tls.TLSSocket[] = []
    server.on('secureConnection', (s: tls.TLSSocket) => secure.push(s))
    await listen(server, { host: '127.0.0.1', port: 0 })
    cleanups.push(() => secure.forEach((s) => s.destroy()))
    const info = await relay(trusted((server.address() as net.AddressInfo).port))
    const client = await connect(portOf(info))
    const got = collect(client)
    expect(await got.ended).toBe('end')
    expect(Buffer.concat(got.chunks).toString()).toBe('greeting, and nothing more from me')
    const sent = randomBytes(500_000)
    client.end(sent)
    await waitFor(() => serverSaw !== '', 'the server to see the end')
    expect(serverSaw).toBe('end')
    expect(sha256(Buffer.concat(reads))).toBe(sha256(sent))
  })
})

describe('many clients at once', () => {
  it('carries 50 clients through a TLS and a Unix upstream byte for byte while some of them reset mid-stream', async () => {
    engine = createEngine()
    const rec = record(engine)
    const viaTls = await relay(trusted((await tlsEcho()).port))
    const viaUnix = await relay({ path: (await unixEcho('many.sock')).path })
    const SIZE = 200_000
    const runs = Array.from({ length: 50 }, async (_, i) => {
      const info = i % 2 === 0 ? viaTls : viaUnix
      const resets = i % 5 === 0
      const client = await connect(portOf(info))
      const port = client.localPort!
      const got = collect(client)
      const sent = randomBytes(SIZE)
      let at = 0
      for (let size = 1 + i; at < (resets ? SIZE / 2 : SIZE); at += size, size = (size * 5) % 65_521 + 1) {
        client.write(sent.subarray(at, Math.min(at + size, SIZE)))
      }
      if (resets) {
        await waitFor(() => got.bytes() > 0, `client ${i}'s first echo`)
        client.resetAndDestroy()
        return { i, port, info, resets, sent, got, ending: 'reset' }
      }
      client.end()
      const ending = await got.ended
      return { i, port, info, resets, sent, got, ending }
    })
    const results = await Promise.all(runs)
    for (const r of results.filter((x) => !x.resets)) {
      expect(r.ending, `client ${r.i}`).toBe('end')
      expect(sha256(Buffer.concat(r.got.chunks)), `client ${r.i}'s echo`).toBe(sha256(r.sent))
    }
    const closes = await waitFor(() => rec.of('peer-close').length === 50 && rec.of('peer-close'), 'every peer to close', 15_000)
    for (const r of results) {
      const close = closes.find((c) => c.peer.endpointId === r.info.id && 'port' in c.peer.remote && c.peer.remote.port === r.port)!
      expect(close, `client ${r.i}'s close`).toBeDefined()
      if (r.resets) {
        expect(close.reason, `client ${r.i}`).toBe('reset')
        continue
      }
      expect(close.reason, `client ${r.i}`).toBe('fin-peer')
      expect(close.peer.counters.bytesIn, `client ${r.i} in`).toBe(SIZE)
      expect(close.peer.counters.bytesOut, `client ${r.i} out`).toBe(SIZE)
    }
    expect(engine.get(viaTls.id).state).toBe('listening')
    expect(engine.get(viaUnix.id).state).toBe('listening')
  }, 30_000)
})

describe('a TLS upstream that never reads', () => {
  it('holds a bounded amount while the client sends 64 MiB, then delivers every byte once the server reads', async () => {
    engine = createEngine()
    const reads: Buffer[] = []
    let readBytes = 0
    let server!: tls.TLSSocket
    const tlsServer = tls.createServer({ cert: certs.leaf.cert, key: certs.leaf.key }, (s) => {
      server = s
      s.pause()
      s.on('error', () => {})
      s.on('data', (c: Buffer) => {
        reads.push(c)
        readBytes += c.length
      })
    })
    const secure: tls.TLSSocket[] = []
    tlsServer.on('secureConnection', (s: tls.TLSSocket) => secure.push(s))
    await listen(tlsServer, { host: '127.0.0.1', port: 0 })
    cleanups.push(() => secure.forEach((s) => s.destroy()))
    const info = await relay(trusted((tlsServer.address() as net.AddressInfo).port))
    const sent = randomBytes(64 * 1024 * 1024)
    const client = await connect(portOf(info))
    const got = collect(client)
    const before = process.memoryUsage().arrayBuffers
    client.end(sent)
    // Wait until the relay stops reading: its count stays still for a while.
    let last = -1
    let still = 0
    await waitFor(() => {
      const n = engine.get(info.id).counters.bytesIn
      still = n === last ? still + 1 : 0
      last = n
      return still >= 40
    }, 'the relay to stop reading', 20_000)
    const held = process.memoryUsage().arrayBuffers - before
    const readIn = engine.get(info.id).counters.bytesIn
    console.log(`relay read ${readIn} bytes of ${sent.length}; array buffers grew ${held} bytes while the server did not read`)
    expect(readIn).toBeLessThan(sent.length / 2)
    expect(held).toBeLessThan(48 * 1024 * 1024)
    server.resume()
    await waitFor(() => readBytes === sent.length, 'the server to read every byte', 30_000)
    expect(sha256(Buffer.concat(reads))).toBe(sha256(sent))
    expect(engine.get(info.id).counters.bytesIn).toBe(sent.length)
    client.destroy()
    void got
  }, 60_000)
})

describe('the last bytes of a client that has gone', () => {
  it('delivers every byte a delayed client sent before it closed, after the upstream had ended first', async () => {
    engine = createEngine()
    const reads: Buffer[] = []
    let readBytes = 0
    let ending = ''
    const server = tls.createServer({ cert: certs.leaf.cert, key: certs.leaf.key, allowHalfOpen: true }, (s) => {
      s.on('error', (e: NodeJS.ErrnoException) => (ending ||= e.code ?? 'error'))
      // The server has said all it will say at once: the client's FIN then closes the client's connection.
      s.end('ready')
      s.on('data', (c: Buffer) => {
        reads.push(c)
        readBytes += c.length
      })
      s.on('end', () => (ending ||= 'end'))
    })
    const secure: tls.TLSSocket[] = []
    server.on('secureConnection', (s: tls.TLSSocket) => secure.push(s))
    await listen(server, { host: '127.0.0.1', port: 0 })
    cleanups.push(() => secure.forEach((s) => s.destroy()))
    const info = await relay(trusted((server.address() as net.AddressInfo).port), { delayMs: 150 })
    const client = await connect(portOf(info))
    const got = collect(client)
    expect(await got.ended).toBe('end')
    // More than the pipe's limit, less than the pipe and the queue together: the relay reads it all
    // and the FIN with it, while part of it still waits in the queue behind the delayed pipe.
    const sent = randomBytes(6 * 1024 * 1024)
    client.end(sent)
    await waitFor(() => ending !== '', 'the server to see the end', 10_000)
    expect(readBytes).toBe(sent.length)
    expect(sha256(Buffer.concat(reads))).toBe(sha256(sent))
    expect(ending).toBe('end')
  }, 20_000)
})

describe('stopping the relay', () => {
  /** Open TCP sockets in this process: a paused peer never reads the FIN, so only this shows a socket left open. */
  const openSockets = (): number => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length

  it('closes an upstream connection that never reads what is queued for it', async () => {
    engine = createEngine()
    const server = tls.createServer({ cert: certs.leaf.cert, key: certs.leaf.key }, (s) => {
      s.pause()
      s.on('error', () => {})
    })
    const taken = await listen(server, { host: '127.0.0.1', port: 0 })
    const info = await relay(trusted((server.address() as net.AddressInfo).port))
    const before = openSockets()
    const client = await connect(portOf(info))
    collect(client)
    client.write(randomBytes(32 * 1024 * 1024))
    let last = -1
    let still = 0
    await waitFor(() => {
      const n = engine.get(info.id).counters.bytesIn
      still = n === last ? still + 1 : 0
      last = n
      return still >= 40
    }, 'the relay to stop reading', 20_000)
    await engine.close(info.id)
    client.destroy()
    // Left: the server's side, which reads nothing and so never learns. The relay, stopped, holds
    // no connection open, once its linger is over.
    expect(taken.length).toBe(1)
    await waitFor(() => openSockets() === before + 1, 'the relay\'s upstream connection to close', LINGER_WAIT_MS)
  }, 30_000)
})

/** Longer than the relay's linger on a close, shorter than anything that means "never". */
const LINGER_WAIT_MS = 5000

describe('a TLS record forged on the way from the upstream', () => {
  it('resets the client and closes the upstream connection, rather than leaving both hanging', async () => {
    engine = createEngine()
    const rec = record(engine)
    const up = await tlsEcho()
    // A pass-through that, once the server has sent enough for the handshake and some echo, slips
    // bytes that are no TLS record into the server's stream, and then goes on passing it through.
    let closed = 0
    const front = net.createServer({ allowHalfOpen: true }, (s) => {
      const back = net.connect({ host: '127.0.0.1', port: up.port, allowHalfOpen: true })
      s.on('error', () => {})
      back.on('error', () => {})
      s.pipe(back)
      let passed = 0
      back.on('data', (c: Buffer) => {
        passed += c.length
        s.write(c)
        if (passed >= 20_000 && passed - c.length < 20_000) s.write(randomBytes(300))
      })
      s.on('close', () => {
        closed++
        back.destroy()
      })
      back.on('close', () => s.destroy())
    })
    await listen(front, { host: '127.0.0.1', port: 0 })
    const info = await relay(trusted((front.address() as net.AddressInfo).port))
    const client = await connect(portOf(info))
    const got = collect(client)
    client.write(randomBytes(200_000))
    // The relay resets it: an RST on the wire (the relay's side closes with reason 'reset' below).
    // The client, still writing, may have that error taken by its pending write and then read a
    // plain end of stream: either way its connection is over in bounded time.
    expect(['ECONNRESET', 'end']).toContain(await got.ended)
    await waitFor(() => closed === 1, 'the upstream connection to close')
    const close = await waitFor(() => rec.of('peer-close')[0], 'the peer to close')
    expect(close.reason).toBe('reset')
    // And says why: the record that failed its check, on the way from the named upstream.
    expect(close.error?.message).toContain(`tls://127.0.0.1:${(front.address() as net.AddressInfo).port}`)
    expect(close.error?.code).toMatch(/^ERR_SSL_/)
    expect(engine.get(info.id).state).toBe('listening')
  }, 15_000)
})

describe('a TLS upstream that asks for a client certificate the relay does not have', () => {
  it('resets the client and says the server wanted a certificate', async () => {
    engine = createEngine()
    const rec = record(engine)
    const server = tls.createServer({ cert: certs.leaf.cert, key: certs.leaf.key, ca: certs.ca.cert, requestCert: true, rejectUnauthorized: true }, (s) => {
      s.on('error', () => {})
      s.pipe(s)
    })
    server.on('tlsClientError', () => {})
    await listen(server, { host: '127.0.0.1', port: 0 })
    const port = (server.address() as net.AddressInfo).port
    const info = await relay(trusted(port))
    const client = await connect(portOf(info))
    const got = collect(client)
    client.write('hello')
    expect(await got.ended).toBe('ECONNRESET')
    const err = await waitFor(() => rec.of('error').find((e) => e.peerId !== undefined), 'the error event')
    expect(err.error.message).toContain(`tls://127.0.0.1:${port}`)
    expect(err.error.message).toMatch(/certificate required/i)
    expect(err.error.hintId).toBe('tlsClientCertRequired')
    expect(err.error.hint).toContain('--cert FILE --key FILE')
    const close = await waitFor(() => rec.of('peer-close')[0], 'the peer to close')
    expect(close.reason).toBe('reset')
    expect(close.error?.hintId).toBe('tlsClientCertRequired')
  }, 15_000)
})

describe('a Unix upstream that is a socket, but not one to connect to', () => {
  /** python3 holds a datagram socket and a stream socket that never accepts, with no backlog. */
  async function awkwardSockets(): Promise<{ dgram: string; full: string }> {
    const dgram = join(dir.path, 'dgram.sock')
    const full = join(dir.path, 'full.sock')
    const py = spawn(requirePeerTool('python3'), ['-c', [
      'import socket, sys',
      `d = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); d.bind(${JSON.stringify(dgram)})`,
      `s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.bind(${JSON.stringify(full)}); s.listen(0)`,
      'print("ready", flush=True)',
      'sys.stdin.read()'
    ].join('\n')], { stdio: ['pipe', 'pipe', 'inherit'] })
    cleanups.push(() => void py.kill())
    await new Promise<void>((resolve, reject) => {
      py.stdout.once('data', () => resolve())
      py.once('error', reject)
    })
    return { dgram, full }
  }

  it('resets the client and names the path when it is a datagram socket, or its server accepts nothing', async () => {
    engine = createEngine()
    const rec = record(engine)
    const { dgram, full } = await awkwardSockets()
    const toDgram = await relay({ path: dgram })
    const toFull = await relay({ path: full })
    expect(await collect(await connect(portOf(toDgram))).ended).toBe('ECONNRESET')
    // The first connection fills the backlog of a server that never accepts; the next ones are turned away.
    const first = await connect(portOf(toFull))
    await waitFor(() => engine.peers(toFull.id).length === 1, 'the first peer')
    const turnedAway = await Promise.all([0, 1, 2].map(async () => collect(await connect(portOf(toFull))).ended))
    expect(turnedAway).toEqual(['ECONNRESET', 'ECONNRESET', 'ECONNRESET'])
    const errs = await waitFor(() => rec.of('error').length >= 4 && rec.of('error'), 'four error events')
    const dgramErr = errs.find((e) => e.endpointId === toDgram.id)!
    expect(dgramErr.error.message).toContain(`unix:${dgram}`)
    expect(dgramErr.error.hintId).toBe('datagramSocketUnix')
    for (const e of errs.filter((x) => x.endpointId === toFull.id)) {
      expect(e.error.message).toContain(`unix:${full}`)
      expect(e.error.hintId).toBe('backlogFullUnix')
    }
    expect(engine.get(toDgram.id).state).toBe('listening')
    expect(engine.get(toFull.id).state).toBe('listening')
    first.destroy()
  })
})

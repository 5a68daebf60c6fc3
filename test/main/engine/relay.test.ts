// The TCP relay with real sockets on loopback: bytes both ways exact, each fault doing what it says
// and saying so on the timeline, an upstream that refuses, and a slow reader that must not make the
// relay's memory grow.
import { randomBytes } from 'node:crypto'
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/engine'
import type { EndpointInfo, EngineEvent } from '../../../src/shared/api'
import { workspaceDocument, type RelayFaults } from '../../../src/shared/schemas'
import { portOf, readWholeCapture, record, sha256, waitFor } from './helpers'
import { collect, connectTo, pause, type Cleanups } from './socket-kit'

let engine: Engine
const cleanups: Cleanups = []
const connect = (port: number): Promise<net.Socket> => connectTo(cleanups, port, { noDelay: true })

afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
  await engine.closeAll()
})

interface Upstream {
  port: number
  /** Every read of every connection, in order, per connection. */
  reads: Buffer[][]
  sockets: net.Socket[]
  /** How each connection ended: 'end' (FIN), or the error code. */
  endings: string[]
}

/** An upstream that records each read it makes; `onSocket` decides what it does besides. */
async function upstream(onSocket: (s: net.Socket, index: number) => void = () => {}, port = 0): Promise<Upstream & { close: () => Promise<void> }> {
  const up: Upstream = { port: 0, reads: [], sockets: [], endings: [] }
  const server = net.createServer({ allowHalfOpen: true }, (s) => {
    const i = up.sockets.length
    up.sockets.push(s)
    up.reads.push([])
    s.on('data', (c: Buffer) => up.reads[i]!.push(c))
    s.on('end', () => (up.endings[i] ??= 'end'))
    s.on('error', (e: NodeJS.ErrnoException) => (up.endings[i] ??= e.code ?? 'error'))
    onSocket(s, i)
  })
  await new Promise<void>((r) => server.listen({ host: '127.0.0.1', port }, () => r()))
  up.port = (server.address() as net.AddressInfo).port
  const close = (): Promise<void> => {
    for (const s of up.sockets) s.destroy()
    return new Promise((r) => server.close(() => r()))
  }
  cleanups.push(close)
  return { ...up, close, reads: up.reads, sockets: up.sockets, endings: up.endings }
}

async function relay(port: number, faults?: RelayFaults, extra: { framing?: string } = {}): Promise<EndpointInfo> {
  return engine.open({ kind: 'tcp-relay', host: '127.0.0.1', port: 0, upstream: { host: '127.0.0.1', port }, ...(faults ? { faults } : {}), ...extra })
}




function relayNotes(events: EngineEvent[]): { fault: string; toward: string; value?: number }[] {
  const out: { fault: string; toward: string; value?: number }[] = []
  for (const e of events) if (e.type === 'responder-note' && e.note.kind === 'relay') out.push({ fault: e.note.fault, toward: e.note.toward, ...(e.note.value !== undefined ? { value: e.note.value } : {}) })
  return out
}

describe('TCP relay', () => {
  it('carries 8 MiB each way unchanged, counting and capturing every byte', async () => {
    engine = createEngine()
    const sent = randomBytes(8 * 1024 * 1024)
    const reply = randomBytes(8 * 1024 * 1024)
    const up = await upstream((s) => {
      s.write(reply)
      s.end()
    })
    const info = await relay(up.port)
    const client = await connect(portOf(info))
    const got = collect(client)
    client.end(sent)
    expect(await got.ended).toBe('end')
    await waitFor(() => up.endings[0] === 'end', 'the upstream to see FIN')
    expect(sha256(Buffer.concat(up.reads[0]!))).toBe(sha256(sent))
    expect(sha256(Buffer.concat(got.chunks))).toBe(sha256(reply))
    const counters = await waitFor(() => {
      const c = engine.get(info.id).counters
      return c.bytesOut === reply.length && c
    }, 'the counters to settle')
    expect(counters.bytesIn).toBe(sent.length)
    expect(counters.bytesOut).toBe(reply.length)
    // The capture is one conversation: the client's bytes in, the upstream's out, all of them.
    const records = readWholeCapture(engine, info.id)
    let inBytes = 0
    let outBytes = 0
    for (const r of records) {
      if (r.type !== 'data') continue
      if (r.dir === 'in') inBytes += r.length
      else outBytes += r.length
    }
    expect(inBytes).toBe(sent.length)
    expect(outBytes).toBe(reply.length)
    await waitFor(() => engine.peers(info.id).length === 0, 'the peer to close')
  }, 30_000)

  it('splits writes into pieces of N bytes: the upstream reads at most N at a time', async () => {
    engine = createEngine()
    const rec = record(engine)
    const up = await upstream()
    const info = await relay(up.port, { chunk: 3 })
    const client = await connect(portOf(info))
    const payload = Buffer.from('the quick brown fox jumps over the lazy dog, twice over: the quick brown fox')
    client.write(payload)
    await waitFor(() => up.reads[0] && Buffer.concat(up.reads[0]).length === payload.length, 'every byte upstream')
    expect(Buffer.concat(up.reads[0]!).equals(payload)).toBe(true)
    expect(Math.max(...up.reads[0]!.map((r) => r.length))).toBeLessThanOrEqual(3)
    expect(up.reads[0]!.length).toBeGreaterThanOrEqual(Math.ceil(payload.length / 3))
    await waitFor(() => relayNotes(rec.events).some((n) => n.fault === 'split' && n.toward === 'upstream' && n.value === 3), 'the split note')
  })

  it('coalesces small writes held within the window into one', async () => {
    engine = createEngine()
    const up = await upstream()
    const info = await relay(up.port, { coalesceMs: 300 })
    const client = await connect(portOf(info))
    for (const part of ['one ', 'two ', 'three']) {
      client.write(part)
      await pause(15)
    }
    await waitFor(() => up.reads[0] && up.reads[0].length > 0, 'the joined write')
    await pause(50)
    expect(up.reads[0]!.map((r) => r.toString())).toEqual(['one two three'])
  })

  it('delays by a random latency and keeps the order', async () => {
    engine = createEngine()
    const rec = record(engine)
    const up = await upstream()
    const info = await relay(up.port, { delayMs: 1, delayMaxMs: 40, seed: 7 })
    const client = await connect(portOf(info))
    const parts: string[] = []
    for (let i = 0; i < 40; i++) {
      parts.push(`<${i}>`)
      client.write(`<${i}>`)
      if (i % 4 === 0) await pause(2)
    }
    const all = parts.join('')
    await waitFor(() => up.reads[0] && Buffer.concat(up.reads[0]).length === all.length, 'every part upstream')
    expect(Buffer.concat(up.reads[0]!).toString()).toBe(all)
    await waitFor(() => relayNotes(rec.events).some((n) => n.fault === 'delay' && n.toward === 'upstream' && n.value === 1), 'the delay note')
  })

  it('limits bandwidth: a burst leaves in small metered pieces, whole and in order', async () => {
    engine = createEngine()
    const rec = record(engine)
    const up = await upstream()
    const info = await relay(up.port, { bandwidth: 2000 })
    const client = await connect(portOf(info))
    const payload = randomBytes(1000)
    client.write(payload)
    // At 2000 bytes a second, 1000 bytes cannot all have gone in the first 100 ms.
    await pause(100)
    expect(Buffer.concat(up.reads[0] ?? []).length).toBeLessThan(payload.length)
    await waitFor(() => up.reads[0] && Buffer.concat(up.reads[0]).length === payload.length, 'every byte', 10_000)
    expect(Buffer.concat(up.reads[0]!).equals(payload)).toBe(true)
    // Metered in twentieths of a second: 100-byte pieces.
    expect(Math.max(...up.reads[0]!.map((r) => r.length))).toBeLessThanOrEqual(200)
    await waitFor(() => relayNotes(rec.events).some((n) => n.fault === 'bandwidth' && n.value === 2000), 'the bandwidth note')
  })

  it('resets after N bytes: the upstream gets exactly N, the client ECONNRESET', async () => {
    engine = createEngine()
    const rec = record(engine)
    const up = await upstream()
    const info = await relay(up.port, { resetAfter: 100 })
    const client = await connect(portOf(info))
    const got = collect(client)
    const payload = randomBytes(1000)
    client.write(payload.subarray(0, 60))
    await pause(20)
    client.write(payload.subarray(60))
    expect(await got.ended).toBe('ECONNRESET')
    await waitFor(() => up.endings[0] !== undefined, 'the upstream to see the end')
    expect(Buffer.concat(up.reads[0]!).equals(payload.subarray(0, 100))).toBe(true)
    // The relay reset it too; a reset that finds bytes still unread reads on Linux as data, then
    // end of stream, so either ending is the reset seen from there.
    expect(['ECONNRESET', 'end']).toContain(up.endings[0])
    await waitFor(() => relayNotes(rec.events).some((n) => n.fault === 'reset-after' && n.toward === 'upstream' && n.value === 100), 'the reset note')
    const close = await waitFor(() => rec.of('peer-close')[0], 'the peer to close')
    expect(close.reason).toBe('reset')
  })

  it('resets on a match split across reads, forwarding only what came before it', async () => {
    engine = createEngine()
    const up = await upstream()
    const info = await relay(up.port, { resetOn: 'BOOM' })
    const client = await connect(portOf(info))
    const got = collect(client)
    client.write('hello BO')
    await waitFor(() => up.reads[0] && Buffer.concat(up.reads[0]).length >= 6, 'the bytes before the match')
    client.write('OM world')
    expect(await got.ended).toBe('ECONNRESET')
    await waitFor(() => up.endings[0] !== undefined, 'the upstream to see the end')
    // "BO" went before the rest of the pattern was seen: a relay cannot take back what it wrote.
    expect(Buffer.concat(up.reads[0]!).toString()).toBe('hello BO')
  })

  it('resets the client and says so when the upstream refuses, and serves the next client', async () => {
    engine = createEngine()
    const rec = record(engine)
    // A port that nothing listens on: bound, then let go.
    const probe = net.createServer()
    await new Promise<void>((r) => probe.listen({ host: '127.0.0.1', port: 0 }, () => r()))
    const freePort = (probe.address() as net.AddressInfo).port
    await new Promise<void>((r) => probe.close(() => r()))
    const info = await relay(freePort)
    const first = await connect(portOf(info))
    const firstGot = collect(first)
    expect(await firstGot.ended).toBe('ECONNRESET')
    const err = await waitFor(() => rec.of('error').find((e) => e.error.code === 'ECONNREFUSED'), 'the error event')
    expect(err.error.message).toContain(`127.0.0.1:${freePort}`)
    expect(err.error.hint).toContain(`upstream at 127.0.0.1:${freePort} refused`)
    expect(err.peerId).toBeDefined()
    expect(engine.get(info.id).state).toBe('listening')
    // Now something listens there: the next client goes through.
    const up = await upstream((s) => s.pipe(s), freePort)
    const second = await connect(portOf(info))
    const got = collect(second)
    second.end('ping')
    expect(await got.ended).toBe('end')
    expect(Buffer.concat(got.chunks).toString()).toBe('ping')
    expect(up.reads[0]!.map(String).join('')).toBe('ping')
  })

  it('stops reading the upstream while a slow client does not read: memory stays bounded', async () => {
    const LIMIT = 512 * 1024
    engine = createEngine({ outboundLimitBytes: LIMIT })
    const TOTAL = 48 * 1024 * 1024
    const block = randomBytes(1024 * 1024)
    let upSocket: net.Socket | undefined
    const up = await upstream((s) => (upSocket = s))
    const info = await relay(up.port, { delayMs: 1 })
    const client = await connect(portOf(info))
    client.pause()
    client.write('go')
    await waitFor(() => upSocket, 'the upstream connection')
    // The upstream writes as fast as it may: 48 MiB, far past what the sockets' buffers take.
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
    // Let it run: the relay must stop taking bytes, leaving them in the upstream's buffers.
    await pause(400)
    const peer = engine.peers(info.id)[0]!
    // What the queue holds plus what the pipe toward the client released into it: twice the limit at most.
    expect(peer.pendingOut ?? 0).toBeLessThanOrEqual(2 * LIMIT + 2 * 65536)
    const writtenBefore = written
    const outBefore = engine.get(info.id).counters.bytesOut
    await pause(300)
    // Nothing moves while the client sleeps: the upstream is blocked (the relay does not read it
    // into memory behind the client's back), and only socket buffers' worth has gone by.
    expect(upSocket!.writableLength).toBeGreaterThan(0)
    expect(written).toBe(writtenBefore)
    expect(written).toBeLessThan(TOTAL)
    expect(engine.get(info.id).counters.bytesOut).toBe(outBefore)
    // The client reads now: everything arrives, whole and in order.
    const got = collect(client)
    client.resume()
    expect(await got.ended).toBe('end')
    const expected: Buffer[] = []
    for (let n = 0; n < TOTAL; n += block.length) expected.push(block)
    expect(got.bytes()).toBe(TOTAL)
    expect(sha256(Buffer.concat(got.chunks))).toBe(sha256(expected))
  }, 30_000)

  // The relay reuses the buffers it forwards in once the upstream has taken them: a buffer reused
  // a moment early would show here as bytes of a later chunk in an earlier one's place.
  for (const [what, faults] of [['no fault', undefined], ['pieces of 1000 bytes', { chunk: 1000 }], ['writes joined within 1 ms', { coalesceMs: 1 }]] as const) {
    // With a ring of two slabs and more than that allowed to wait for the upstream, the capture
    // wraps under what the relay sends straight from the ring: a slab reused under a pending write
    // shows here.
    for (const [ring, limits] of [['', { outboundLimitBytes: 256 * 1024 }], [', a 2 MiB capture ring', { outboundLimitBytes: 8 * 1024 * 1024, captureLimitBytes: 2 * 1024 * 1024 }]] as const)
    it(`forwards 16 MiB exactly to an upstream that reads in fits and starts (${what}${ring})`, async () => {
      engine = createEngine(limits)
      const got: Buffer[] = []
      const up = await upstream((s) => {
        s.on('data', (c: Buffer) => {
          got.push(c)
          // Stop now and then, so what the relay forwards waits in its buffers and the kernel's.
          if (got.length % 7 === 0) {
            s.pause()
            setTimeout(() => s.resume(), 2)
          }
        })
      })
      const info = await relay(up.port, faults)
      const client = await connect(portOf(info))
      const sent = randomBytes(16 * 1024 * 1024)
      // Writes of every size from 1 byte to 200 KiB, so reads land in the relay unevenly too.
      let at = 0
      await new Promise<void>((resolve) => {
        const next = (): void => {
          while (at < sent.length) {
            const n = Math.min(sent.length - at, 1 + Math.floor(Math.random() * 200 * 1024))
            const ok = client.write(sent.subarray(at, at + n))
            at += n
            if (!ok) return void client.once('drain', next)
          }
          client.end()
          resolve()
        }
        next()
      })
      await waitFor(() => up.endings[0], 'the FIN at the upstream', 20_000)
      expect(sha256(Buffer.concat(got))).toBe(sha256(sent))
    }, 30_000)

    it(`forwards 16 MiB exactly from the upstream to a client that reads in fits and starts (${what})`, async () => {
      engine = createEngine({ outboundLimitBytes: 256 * 1024 })
      const sent = randomBytes(16 * 1024 * 1024)
      const up = await upstream((s) => {
        let at = 0
        const next = (): void => {
          while (at < sent.length) {
            const n = Math.min(sent.length - at, 1 + Math.floor(Math.random() * 200 * 1024))
            const ok = s.write(sent.subarray(at, at + n))
            at += n
            if (!ok) return void s.once('drain', next)
          }
          s.end()
        }
        next()
      })
      const info = await relay(up.port, faults)
      const client = await connect(portOf(info))
      const got = collect(client)
      let reads = 0
      client.on('data', () => {
        if (++reads % 7 === 0) {
          client.pause()
          setTimeout(() => client.resume(), 2)
        }
      })
      expect(await got.ended).toBe('end')
      expect(sha256(Buffer.concat(got.chunks))).toBe(sha256(sent))
    }, 30_000)
  }

  // A read buffer lent at the start of a slab, read into only after the ring has moved on, is copied
  // to the ring's tail. When that copy needs a new slab, the oldest slab is recycled for it: if that
  // is the very slab the read landed in, the copy overwrote the bytes being forwarded.
  it('forwards exactly what a client sent when its read is copied to the tail of a ring that wraps onto it', async () => {
    const MiB = 1024 * 1024
    const K64 = 64 * 1024
    engine = createEngine({ captureLimitBytes: 2 * MiB })
    const up = await upstream()
    const info = await relay(up.port)
    const client = await connect(portOf(info))
    const got = collect(client)
    const far = await waitFor(() => up.sockets[0], 'the upstream connection')
    const toUpstream = (): number => up.reads[0]!.reduce((n, c) => n + c.length, 0)
    // What the upstream says is copied into the ring: it fills the first slab to 100 KiB short of its end.
    far.write(randomBytes(MiB - 100 * 1024))
    await waitFor(() => got.bytes() === MiB - 100 * 1024, 'the first reply at the client')
    // One whole read from the client; the read buffer lent after it starts the second slab.
    const first = randomBytes(K64)
    client.write(first)
    await waitFor(() => toUpstream() === K64, 'the first chunk at the upstream')
    // More from the upstream fills the ring to 32 KiB short of the end of a third slab.
    far.write(randomBytes(2 * MiB - 96 * 1024))
    await waitFor(() => got.bytes() === 3 * MiB - 196 * 1024, 'the second reply at the client')
    // The next read lands in the lent buffer; copied to the tail, it crosses into a fourth slab.
    const second = randomBytes(K64)
    client.end(second)
    await waitFor(() => up.endings[0], 'the FIN at the upstream')
    expect(sha256(Buffer.concat(up.reads[0]!))).toBe(sha256(Buffer.concat([first, second])))
  }, 20_000)

  it('decodes frames on both sides and takes new faults while it runs', async () => {
    engine = createEngine()
    const rec = record(engine)
    const up = await upstream((s) => s.on('data', (c: Buffer) => s.write(c.toString().toUpperCase())))
    const info = await relay(up.port, undefined, { framing: 'line' })
    const client = await connect(portOf(info))
    const got = collect(client)
    client.write('hello\nwor')
    await waitFor(() => got.bytes() >= 9, 'the first reply')
    engine.update(info.id, { faults: { chunk: 2 } })
    client.write('ld\n')
    await waitFor(() => got.bytes() === 12, 'the second reply')
    expect(Buffer.concat(got.chunks).toString()).toBe('HELLO\nWORLD\n')
    const frames = await waitFor(() => {
      const f = rec.of('frame')
      return f.length === 4 && f
    }, 'four frames')
    expect(frames.filter((f) => f.dir === 'in').map((f) => f.payloadLength)).toEqual([5, 5])
    expect(frames.filter((f) => f.dir === 'out').map((f) => f.payloadLength)).toEqual([5, 5])
    // The new faults split the upstream's reply toward the client into 2-byte writes.
    expect(relayNotes(rec.events)).toContainEqual({ fault: 'split', toward: 'client', value: 2 })
    const outs = rec.of('data').filter((d) => d.dir === 'out')
    expect(outs[0]!.length).toBe(9)
    expect(outs.slice(1).every((d) => d.length <= 2)).toBe(true)
    expect(engine.get(info.id).config).toMatchObject({ faults: { chunk: 2 } })
    engine.update(info.id, { faults: null })
    expect(engine.get(info.id).config).not.toHaveProperty('faults')
  })

  it('closes every upstream connection promptly when it stops', async () => {
    engine = createEngine()
    const up = await upstream()
    const info = await relay(up.port, { delayMs: 5000 })
    const client = await connect(portOf(info))
    const got = collect(client)
    client.write('held back by the delay')
    await waitFor(() => up.sockets.length === 1, 'the upstream connection')
    await engine.close(info.id)
    // The client gets FIN, the upstream too, and what the delay still held never goes.
    expect(await got.ended).toBe('end')
    await waitFor(() => up.endings[0] !== undefined, 'the upstream to see the end', 1000)
    expect(up.endings[0]).toBe('end')
    expect(up.reads[0]).toEqual([])
    expect(engine.get(info.id).state).toBe('closed')
  })

  it('is kept in a workspace file like any other endpoint, faults and all', () => {
    const doc = {
      version: 1,
      endpoints: [
        { id: 'e1', config: { kind: 'tcp-relay', host: '127.0.0.1', port: 9000, upstream: { host: '127.0.0.1', port: 8000 }, faults: { chunk: 3, delayMs: 20, delayMaxMs: 80 } } },
        { id: 'e2', config: { kind: 'udp-relay', host: '127.0.0.1', port: 0, upstream: { host: 'localhost', port: 53 }, maxPeers: 8, faults: { drop: 0.1, seed: 7 } } }
      ],
      savedPayloads: [],
      history: [],
      layout: { sidebar: 240, inspector: 320, composer: 200 }
    }
    const parsed = workspaceDocument.safeParse(doc)
    expect(parsed.success).toBe(true)
    expect(parsed.data?.endpoints.map((e) => e.config.kind)).toEqual(['tcp-relay', 'udp-relay'])
    // A fault out of range is refused with the field named, as any bad option is.
    const bad = workspaceDocument.safeParse({ ...doc, endpoints: [{ id: 'e3', config: { kind: 'udp-relay', host: '127.0.0.1', port: 0, upstream: { host: '127.0.0.1', port: 53 }, faults: { drop: 1.5 } } }] })
    expect(bad.success).toBe(false)
    expect(JSON.stringify(bad.error?.issues)).toContain('drop must be from 0 (never) to 1 (always)')
  })

  it('refuses faults on an endpoint that is not a relay', async () => {
    engine = createEngine()
    const info = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0 })
    expect(() => engine.update(info.id, { faults: { chunk: 3 } })).toThrow(/relay/)
    await expect(engine.open({ kind: 'tcp-relay', host: '127.0.0.1', port: 0, upstream: { host: '127.0.0.1', port: 9 }, faults: { chunk: 3, coalesceMs: 5 } })).rejects.toThrow(/chunk|coalesce/)
  })
})

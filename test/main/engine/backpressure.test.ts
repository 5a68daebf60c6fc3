// A peer that does not read must not grow our memory: sends past its queue's bound are refused
// with a clear error, nothing already queued is lost, and the counters count what the kernel took.
import { randomBytes } from 'node:crypto'
import net from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/engine'
import type { EndpointConfig } from '../../../src/shared/api'
import { readWholeCapture, record, rejection, sha256, tempDir, waitFor } from './helpers'

let engine: Engine
const cleanups: (() => Promise<void> | void)[] = []

afterEach(async () => {
  // Peers that never read go first: a graceful close would wait for them to take what waits.
  for (const c of cleanups.splice(0)) await c()
  await engine.closeAll()
})

const LIMIT = 256 * 1024
const SEND = 1024 * 1024
/** Far more than loopback's socket buffers take, so a peer that does not read must fill the queue. */
const MAX_SENDS = 64

/** A server that accepts and does not read until told to; then it reads everything and hashes it. */
async function deafServer(at: { port: 0 } | { path: string }): Promise<{
  target: { port: number } | { path: string }
  peer: () => net.Socket | undefined
  readAll: (bytes: number) => Promise<Buffer>
}> {
  let accepted: net.Socket | undefined
  const server = net.createServer({ pauseOnConnect: true }, (s) => {
    accepted = s
    s.on('error', () => {})
  })
  await new Promise<void>((r) => server.listen('port' in at ? { port: 0, host: '127.0.0.1' } : { path: at.path }, () => r()))
  cleanups.push(() => {
    accepted?.destroy()
    return new Promise((r) => server.close(() => r()))
  })
  const target = 'port' in at ? { port: (server.address() as net.AddressInfo).port } : { path: at.path }
  return {
    target,
    peer: () => accepted,
    readAll: (bytes) =>
      new Promise((resolve) => {
        const chunks: Buffer[] = []
        let got = 0
        accepted!.on('data', (c: Buffer) => {
          chunks.push(c)
          got += c.length
          if (got >= bytes) resolve(Buffer.concat(chunks))
        })
        accepted!.resume()
      })
  }
}

async function clientConfig(kind: 'tcp' | 'unix'): Promise<{ config: EndpointConfig; deaf: Awaited<ReturnType<typeof deafServer>> }> {
  if (kind === 'tcp') {
    const deaf = await deafServer({ port: 0 })
    return { deaf, config: { kind: 'tcp-client', host: '127.0.0.1', port: (deaf.target as { port: number }).port } }
  }
  const dir = await tempDir()
  cleanups.push(dir.remove)
  const path = join(dir.path, 'deaf.sock')
  const deaf = await deafServer({ path })
  return { deaf, config: { kind: 'unix-client', path } }
}

describe('a peer that does not read', () => {
  for (const kind of ['tcp', 'unix'] as const) {
    it(`${kind}: refuses sends past the queue's bound, loses nothing queued, and counts only what the kernel took`, async () => {
      engine = createEngine({ outboundLimitBytes: LIMIT })
      const { config, deaf } = await clientConfig(kind)
      const client = await engine.open(config)
      await waitFor(() => deaf.peer(), 'the accepted connection')

      const accepted: Buffer[] = []
      let refusal: { code: string; message: string; hint: string } | undefined
      for (let i = 0; i < MAX_SENDS && !refusal; i++) {
        const bytes = randomBytes(SEND)
        try {
          await engine.send(client.id, undefined, bytes)
          accepted.push(bytes)
        } catch (err) {
          refusal = err as typeof refusal
        }
      }
      expect(refusal, `a send refused within ${MAX_SENDS} sends of 1 MiB`).toBeDefined()
      const [peer] = engine.peers(client.id)
      expect(refusal!.code).toBe('EAGAIN')
      expect(refusal!.message).toContain('is not reading')
      expect(refusal!.message).toMatch(/: \d+ bytes wait to be sent to it/)
      expect(refusal!.hint).toMatch(/Nothing was lost/)

      // What waits is bounded: at most the limit, or one send when that alone was larger.
      const total = accepted.length * SEND
      expect(peer!.pendingOut).toBeGreaterThan(0)
      expect(peer!.pendingOut).toBeLessThanOrEqual(Math.max(LIMIT, SEND))
      // The counters say what the kernel took; with what waits, that is every byte accepted.
      const info = engine.get(client.id)
      expect(info.counters.bytesOut + peer!.pendingOut!).toBe(total)
      expect(info.pendingOut).toBe(peer!.pendingOut)
      expect(info.counters.chunksOut).toBeLessThan(accepted.length)
      // The capture lists every write accepted, and no refused one.
      const outs = readWholeCapture(engine, client.id).filter((r) => r.type === 'data' && r.dir === 'out')
      expect(outs.length).toBe(accepted.length)

      // A second refusal changes nothing, then the peer reads: every accepted byte arrives, in order.
      expect((await rejection(engine.send(client.id, undefined, randomBytes(SEND)))).code).toBe('EAGAIN')
      const got = await deaf.readAll(total)
      expect(got.length).toBe(total)
      expect(sha256(got)).toBe(sha256(accepted))
      await waitFor(() => engine.get(client.id).counters.bytesOut === total, 'every byte counted once taken')
      expect(engine.get(client.id).counters.chunksOut).toBe(accepted.length)
      expect(engine.peers(client.id)[0]!.pendingOut).toBe(0)
      // With room again, the next send is taken.
      await engine.send(client.id, undefined, new Uint8Array([1, 2, 3]))
    })
  }

  it('refuses a send to every peer whole when one of them does not read, naming it', async () => {
    engine = createEngine({ outboundLimitBytes: LIMIT })
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0 })
    const port = (server.local as { port: number }).port
    const reader = net.connect({ port, host: '127.0.0.1' })
    const deaf = net.connect({ port, host: '127.0.0.1' })
    cleanups.push(() => {
      reader.destroy()
      deaf.destroy()
    })
    deaf.pause()
    let read = 0
    reader.on('data', (c: Buffer) => (read += c.length))
    await Promise.all([new Promise((r) => reader.once('connect', r)), new Promise((r) => deaf.once('connect', r))])
    const peers = await waitFor(() => (engine.peers(server.id).length === 2 ? engine.peers(server.id) : undefined), 'both peers')
    const deafPeer = peers.find((p) => (p.remote as { port: number }).port === deaf.localPort)!

    // Filled to the brim: large sends until refused, then smaller ones, down to the size tried next.
    let sent = 0
    for (const size of [SEND, 64 * 1024, 4096, 1000]) {
      for (let i = 0; i < MAX_SENDS; i++) {
        try {
          await engine.send(server.id, { peerId: deafPeer.id }, new Uint8Array(size))
          sent++
        } catch {
          break
        }
      }
    }
    expect(sent).toBeLessThan(4 * MAX_SENDS)
    const err = await rejection(engine.send(server.id, 'all', new Uint8Array(1000)))
    expect(err.code).toBe('EAGAIN')
    // Named by its address, as the list of peers shows it, not by the engine's id.
    expect(err.message).toContain(`127.0.0.1:${deaf.localPort}`)
    expect(err.message).not.toContain(deafPeer.id)
    // The reader got nothing from the refused send.
    await new Promise((r) => setTimeout(r, 50))
    expect(read).toBe(0)
    expect(readWholeCapture(engine, server.id).filter((r) => r.type === 'data' && r.dir === 'out').length).toBe(sent)
  })

  it('a send that may wait goes once the peer reads, and one that waits in vain is refused', async () => {
    engine = createEngine({ outboundLimitBytes: LIMIT })
    const { config, deaf } = await clientConfig('tcp')
    const client = await engine.open(config)
    await waitFor(() => deaf.peer(), 'the accepted connection')
    const accepted: Buffer[] = []
    for (let i = 0; i < MAX_SENDS; i++) {
      const bytes = randomBytes(SEND)
      try {
        await engine.send(client.id, undefined, bytes)
        accepted.push(bytes)
      } catch {
        break
      }
    }
    // Nobody reads: the wait ends in the same refusal.
    expect((await rejection(engine.send(client.id, undefined, new Uint8Array(SEND), { waitMs: 30 }))).code).toBe('EAGAIN')
    // Waiting sends are bounded like the queue: past its limit in waiting bytes, a send does not wait.
    const waiting = engine.send(client.id, undefined, (accepted[accepted.length] = randomBytes(SEND)), { waitMs: 10_000 })
    expect((await rejection(engine.send(client.id, undefined, new Uint8Array(SEND), { waitMs: 10_000 }))).code).toBe('EAGAIN')
    const total = accepted.length * SEND
    const got = deaf.readAll(total)
    await waiting
    expect(sha256(await got)).toBe(sha256(accepted))
  })

  it('a peer that resets while bytes wait: a waiting send fails with the reason, and the close says what never left', async () => {
    engine = createEngine({ outboundLimitBytes: LIMIT })
    const rec = record(engine)
    const { config, deaf } = await clientConfig('tcp')
    const client = await engine.open(config)
    await waitFor(() => deaf.peer(), 'the accepted connection')
    let accepted = 0
    for (let i = 0; i < MAX_SENDS; i++) {
      try {
        await engine.send(client.id, undefined, new Uint8Array(SEND))
        accepted++
      } catch {
        break
      }
    }
    const waiting = rejection(engine.send(client.id, undefined, new Uint8Array(SEND), { waitMs: 10_000 }))
    deaf.peer()!.resetAndDestroy()
    const err = await waiting
    expect(err.code).not.toBe('EAGAIN')
    const [close] = await waitFor(() => (rec.of('peer-close').length === 1 ? rec.of('peer-close') : undefined), 'the close')
    expect(close!.reason).toBe('reset')
    // Every byte accepted either reached the kernel or is named as never sent.
    expect(close!.peer.pendingOut).toBeGreaterThan(0)
    expect(close!.peer.counters.bytesOut + close!.peer.pendingOut!).toBe(accepted * SEND)
    expect(engine.get(client.id).counters.bytesOut).toBe(close!.peer.counters.bytesOut)
  })

  it('a stream of chunks waits for room, so what waits stays bounded, and every byte arrives', async () => {
    engine = createEngine({ outboundLimitBytes: LIMIT })
    const { config, deaf } = await clientConfig('tcp')
    const client = await engine.open(config)
    await waitFor(() => deaf.peer(), 'the accepted connection')
    const chunks = Array.from({ length: 24 }, () => randomBytes(SEND))
    let most = 0
    const stop = engine.tapChunks(client.id, () => {
      most = Math.max(most, engine.peers(client.id)[0]?.pendingOut ?? 0)
    })
    const streamed = engine.sendStream(client.id, undefined, chunks)
    // The peer reads late and slowly: the stream must wait for it rather than queue it all.
    await new Promise((r) => setTimeout(r, 50))
    const got = deaf.readAll(chunks.length * SEND)
    expect(await streamed).toEqual({ bytes: chunks.length * SEND, chunks: chunks.length })
    expect(sha256(await got)).toBe(sha256(chunks))
    stop()
    expect(most).toBeLessThanOrEqual(LIMIT + SEND)
  })
})

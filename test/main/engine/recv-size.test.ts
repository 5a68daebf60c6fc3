// recv(n) for real: a stream endpoint's read size bounds every read the socket makes, on servers
// and clients, changed live, and every byte is still counted and captured as it was sent.
import { randomBytes } from 'node:crypto'
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/engine'
import { decode, portOf, readWholeCapture, rejection, sha256, text, waitFor } from './helpers'

let engine: Engine
const sockets: net.Socket[] = []

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy()
  await engine.closeAll()
})

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => resolve(s))
    sockets.push(s)
    s.once('error', reject)
  })
}

/** The received chunks of an endpoint, from its capture, with their bytes. */
function received(endpointId: string): Uint8Array[] {
  return readWholeCapture(engine, endpointId)
    .flatMap((r) => (r.type === 'data' && r.dir === 'in' ? [engine.readChunk(endpointId, r.seq).bytes] : []))
}

describe('recv size', () => {
  it('a 10 KB write read with recv size 1024 arrives as chunks of at most 1024 bytes, every byte counted', async () => {
    engine = createEngine()
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, recvSize: 1024 })
    expect(server.config).toMatchObject({ recvSize: 1024 })
    const client = await connect(portOf(server))
    const payload = randomBytes(10 * 1024)
    client.write(payload)
    await waitFor(() => engine.get(server.id).counters.bytesIn === payload.byteLength, 'every byte')
    const chunks = received(server.id)
    expect(Math.max(...chunks.map((c) => c.byteLength))).toBeLessThanOrEqual(1024)
    // Ten reads at least: the kernel had the whole write waiting, and each read took 1024 of it.
    expect(chunks.length).toBeGreaterThanOrEqual(10)
    expect(engine.get(server.id).counters.chunksIn).toBe(chunks.length)
    expect(sha256(chunks)).toBe(sha256(payload))
  })

  it('changes on a running endpoint from the very next read, and a client reads that way too', async () => {
    engine = createEngine()
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, responder: { kind: 'echo' } })
    const client = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: portOf(server), recvSize: 1 })
    await engine.send(client.id, undefined, text('hello'))
    await waitFor(() => engine.get(client.id).counters.bytesIn === 5, 'the echo')
    expect(received(client.id).map(decode)).toEqual(['h', 'e', 'l', 'l', 'o'])

    // The server read the whole write at once (64 KiB reads); from now on it reads 100 at a time.
    engine.update(server.id, { recvSize: 100 })
    const big = randomBytes(1000)
    await engine.send(client.id, undefined, big)
    await waitFor(() => engine.get(client.id).counters.bytesIn === 1005, 'the second echo')
    const atServer = received(server.id)
    expect(atServer[0]!.byteLength).toBe(5)
    expect(atServer.slice(1).every((c) => c.byteLength <= 100)).toBe(true)
    expect(sha256(atServer.slice(1))).toBe(sha256(big))
    expect(received(client.id).every((c) => c.byteLength === 1)).toBe(true)

    // Back to Node's own size: one read can take the whole write again.
    engine.update(client.id, { recvSize: 65536 })
    engine.update(server.id, { recvSize: 65536 })
    await engine.send(client.id, undefined, text('x'.repeat(3000)))
    await waitFor(() => engine.get(client.id).counters.bytesIn === 4005, 'the third echo')
    expect(Math.max(...received(client.id).map((c) => c.byteLength))).toBeGreaterThan(100)
  })

  it('refuses sizes outside 1 B to 64 KiB, saying the range', async () => {
    engine = createEngine()
    const err = await rejection(engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, recvSize: 0 }))
    expect(err.code).toBe('EINVAL')
    expect(err.message).toMatch(/recvSize.*1 to 65536/)
    expect((await rejection(engine.open({ kind: 'unix-client', path: '/tmp/x.sock', recvSize: 70000 }))).message).toMatch(/65536/)
  })
})

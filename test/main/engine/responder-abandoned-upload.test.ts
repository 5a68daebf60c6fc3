// An upload to the file-server responder cut off by something other than the client's FIN: the
// client resets, the server's user changes the responder, the endpoint closes. What the upload
// reserved in the store (its announced size, an open temporary file) is given back each time, so
// a client that starts uploads and vanishes cannot fill the store or leak descriptors.
import net from 'node:net'
import { readdirSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/engine'
import { DirectoryFileStore } from '../../../src/main/files/directory-file-store'
import { MemoryFileStore } from '../../../src/shared/responders'
import { portOf, record, tempDir, waitFor } from './helpers'

let engine: Engine
const cleanups: (() => Promise<void>)[] = []

afterEach(async () => {
  await engine.closeAll()
  for (const c of cleanups.splice(0)) await c()
})

/** struct.pack('i', len(header)) + header, as the lesson's client writes it. */
function uploadHeader(name: string, size: number): Buffer {
  const header = Buffer.from(JSON.stringify({ file_name: name, file_size: size }))
  const len = Buffer.alloc(4)
  len.writeInt32LE(header.byteLength)
  return Buffer.concat([len, header])
}

async function connect(port: number): Promise<net.Socket> {
  const s = net.connect(port, '127.0.0.1')
  s.on('error', () => undefined)
  await new Promise<void>((res, rej) => {
    s.once('connect', res)
    s.once('error', rej)
  })
  return s
}

/** Starts an upload of `size` bytes, sends `sent` of them, and waits until the server has read them. */
async function startUpload(port: number, serverId: string, name: string, size: number, sent: number): Promise<net.Socket> {
  const before = engine.get(serverId).counters.bytesIn
  const s = await connect(port)
  const head = uploadHeader(name, size)
  s.write(Buffer.concat([head, Buffer.alloc(sent, 0x61)]))
  await waitFor(() => engine.get(serverId).counters.bytesIn === before + head.byteLength + sent, 'the server to read the partial upload')
  return s
}

/** A whole upload with ack: resolves with the server's answer header, or the error note it gave. */
async function upload(port: number, name: string, size: number): Promise<string> {
  const s = await connect(port)
  const got: Buffer[] = []
  s.on('data', (c: Buffer) => got.push(c))
  s.write(Buffer.concat([uploadHeader(name, size), Buffer.alloc(size, 0x62)]))
  try {
    return await waitFor(() => {
      const all = Buffer.concat(got)
      if (all.byteLength < 4) return undefined
      const n = all.readInt32LE(0)
      return all.byteLength >= 4 + n ? all.subarray(4, 4 + n).toString() : undefined
    }, 'the upload ack', 3000)
  } finally {
    s.destroy()
  }
}

const ways: [string, (serverId: string, s: net.Socket) => Promise<void>][] = [
  ['the client resets', async (_id, s) => void s.resetAndDestroy()],
  ['the responder is changed', async (id) => void engine.update(id, { responder: { kind: 'file-server', ack: true, maxFileSize: 100_000 } })],
  ['the responder is turned off and on', async (id) => {
    engine.update(id, { responder: null })
    engine.update(id, { responder: { kind: 'file-server', ack: true } })
  }]
]

describe('an upload cut off without a FIN gives back what it reserved', () => {
  for (const [how, cut] of ways) {
    it(`in memory, when ${how}`, async () => {
      const store = new MemoryFileStore(1000)
      engine = createEngine({ files: store })
      const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, responder: { kind: 'file-server', ack: true } })
      const port = portOf(server)
      // Each announces 600 of the store's 1000 bytes; only one at a time can fit.
      for (let round = 0; round < 3; round++) {
        const s = await startUpload(port, server.id, `part${round}.bin`, 600, 10)
        await cut(server.id, s)
        s.destroy()
      }
      await waitFor(() => engine.get(server.id).peerCount === 0, 'the cut clients to go')
      const ack = await upload(port, 'whole.bin', 600)
      expect(ack).toContain('"received": 600')
      expect(store.read('whole.bin')?.byteLength).toBe(600)
    })
  }

  it('on disk: no temporary file is left, after a reset, a responder change or the endpoint closing', async () => {
    const dir = await tempDir()
    cleanups.push(dir.remove)
    engine = createEngine({ files: new DirectoryFileStore(dir.path) })
    const events = record(engine)
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, responder: { kind: 'file-server' } })
    const port = portOf(server)
    const a = await startUpload(port, server.id, 'a.bin', 5000, 100)
    a.resetAndDestroy()
    await waitFor(() => engine.get(server.id).peerCount === 0, 'the reset client to go')
    const b = await startUpload(port, server.id, 'b.bin', 5000, 100)
    engine.update(server.id, { responder: { kind: 'file-server', ack: true } })
    b.destroy()
    const c = await startUpload(port, server.id, 'c.bin', 5000, 100)
    await engine.close(server.id)
    c.destroy()
    expect(readdirSync(dir.path)).toEqual([])
    expect(events.of('error')).toEqual([])
  })
})

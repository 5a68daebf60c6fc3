import { describe, it, expect } from 'vitest'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import fc from 'fast-check'
import { createFileServer, fileServerConfig, safeName } from '../../../src/shared/responders/file-server'
import { MemoryFileStore } from '../../../src/shared/responders/memory-file-store'
import { packInt } from '../../../src/shared/responders/struct'
import type { ResponderAction, ResponderInstance } from '../../../src/shared/responders/types'
import { requirePeerTool } from '../../helpers/peer-tools'
import { bytes, notes, replies, replyBytes, testContext, text } from './helpers'

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')
const concat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => Array.from(p)))

/** A message as the lesson's client builds it, from a header object. */
function message(header: Record<string, unknown>, body: Uint8Array = new Uint8Array(0)): Uint8Array {
  const json = bytes(JSON.stringify(header))
  return concat(packInt(json.byteLength, true), json, body)
}

function python(script: string, args: string[], input: Uint8Array): Buffer {
  const run = spawnSync(requirePeerTool('python3'), [join(__dirname, 'python', script), ...args], { input, timeout: 20_000 })
  if (run.status !== 0) throw new Error(String(run.stderr))
  return run.stdout
}

function setup(config: Record<string, unknown> = {}, store = new MemoryFileStore()): { peer: ResponderInstance; store: MemoryFileStore; send: (chunk: Uint8Array) => ResponderAction[]; end: () => ResponderAction[] } {
  const peer = createFileServer(fileServerConfig.parse({ kind: 'file-server', ...config })).createInstance()
  const ctx = testContext({ files: store })
  return { peer, store, send: (chunk) => peer.frame({ payload: chunk }, ctx), end: () => peer.end!(ctx) }
}

/** Feeds `stream` cut at the given sizes (cycled); returns every action. */
function feed(send: (c: Uint8Array) => ResponderAction[], stream: Uint8Array, sizes: number[]): ResponderAction[] {
  const out: ResponderAction[] = []
  for (let at = 0, k = 0; at < stream.length; k++) {
    const n = Math.max(1, sizes[k % sizes.length] ?? 1)
    out.push(...send(stream.subarray(at, at + n)))
    at += n
  }
  return out
}

describe('file server: uploads', () => {
  it("stores what the lesson's Python client uploads, however the stream is cut, and reports size and sha256", () => {
    const file = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) & 0xff)
    const stream = new Uint8Array(python('file_upload_bytes.py', ['1.mp4'], file))
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 6 }), (sizes) => {
        const { send, store } = setup()
        const out = feed(send, stream, sizes)
        expect(notes(out)).toEqual([{ kind: 'upload', fileName: '1.mp4', size: 5000, sha256: sha(file) }])
        expect(replies(out)).toEqual([])
        expect(store.read('1.mp4')).toEqual(file)
      }),
      { numRuns: 50 }
    )
  })

  it('takes several messages in one read, and a header cut one byte at a time', () => {
    const { send, store } = setup()
    const stream = concat(message({ file_name: 'a.txt', file_size: 3 }, bytes('abc')), message({ cmd: 'put', filename: 'b.txt', size: 2 }, bytes('hi')), message({ file_name: 'empty', file_size: 0 }))
    const uploads = [
      { kind: 'upload', fileName: 'a.txt', size: 3, sha256: sha(bytes('abc')) },
      { kind: 'upload', fileName: 'b.txt', size: 2, sha256: sha(bytes('hi')) },
      { kind: 'upload', fileName: 'empty', size: 0, sha256: sha(new Uint8Array(0)) }
    ]
    expect(notes(send(stream))).toEqual(uploads)
    const { send: send2, store: store2 } = setup()
    expect(notes(feed(send2, stream, [1]))).toEqual(uploads)
    expect(store2.names()).toEqual(store.names())
  })

  it('reports an upload whose header promised more than came as incomplete, and stores nothing', () => {
    const { send, end, store } = setup()
    send(message({ file_name: 'big.bin', file_size: 1000 }, new Uint8Array(600)))
    const out = end()
    expect(notes(out)).toEqual([{ kind: 'upload-incomplete', fileName: 'big.bin', expected: 1000, received: 600 }])
    expect(out[out.length - 1]).toEqual({ type: 'close' })
    expect(store.names()).toEqual([])
  })

  it('says so when the bytes after an upload do not start a header: its file_size was too small', () => {
    const { send } = setup()
    const out = send(message({ file_name: 'liar.bin', file_size: 4 }, bytes('0123456789abcdef')))
    expect(notes(out)[0]).toMatchObject({ kind: 'upload', fileName: 'liar.bin', size: 4 })
    expect(notes(out)[1]).toMatchObject({ kind: 'error', error: { code: 'EBADFRAME', message: expect.stringContaining('The upload of liar.bin just before may have sent more bytes than its file_size said') } })
    // Nothing more is read as messages on this connection.
    expect(send(message({ file_name: 'x', file_size: 1 }, bytes('x')))).toEqual([])
  })

  it('skips an upload over the size limit without buffering it, and reads the next message', () => {
    const { send, store } = setup({ maxFileSize: 10 })
    const out = send(concat(message({ file_name: 'huge', file_size: 11 }, new Uint8Array(11)), message({ file_name: 'ok', file_size: 1 }, bytes('k'))))
    expect(notes(out)[0]).toMatchObject({ kind: 'error', error: { code: 'EFILETOOBIG' } })
    expect(store.names()).toEqual(['ok'])
  })

  it('stores a path under its last part, and refuses names that name no file', () => {
    const { send, store } = setup()
    send(message({ file_name: '../../etc/passwd', file_size: 1 }, bytes('x')))
    send(message({ file_name: 'C:\\videos\\1.mp4', file_size: 1 }, bytes('y')))
    const refused = send(concat(message({ file_name: '..', file_size: 2 }, bytes('zz')), message({ file_name: 'a\u0000b', file_size: 1 }, bytes('z')), message({ file_name: 42, file_size: 1 }, bytes('z')), message({ file_size: 1 }, bytes('z')), message({ file_name: 'after', file_size: 1 }, bytes('!'))))
    expect(store.names()).toEqual(['1.mp4', 'after', 'passwd'])
    expect(notes(refused).filter((n) => n.kind === 'error')).toHaveLength(4)
    expect(safeName('x'.repeat(256))).toBeUndefined()
  })

  it.each<[string, Uint8Array, RegExp]>([
    ['a negative header length', packInt(-1, true), /header length is -1/],
    ['a header length past the limit', packInt(70_000, true), /header length is 70000/],
    ['a header that is not JSON', concat(packInt(5, true), bytes('{oops')), /does not parse/],
    ['a header that is not an object', concat(packInt(2, true), bytes('[]')), /not an object/],
    ['a header that is not UTF-8', concat(packInt(3, true), Uint8Array.of(0x7b, 0xff, 0x7d)), /not UTF-8: can't decode byte 0xff in position 1/],
    ['a negative file_size', message({ file_name: 'x', file_size: -5 }), /file_size=-5, not a byte count/],
    ['a fractional file_size', message({ file_name: 'x', file_size: 1.5 }), /file_size=1.5/],
    ['a file_size that is text', message({ file_name: 'x', file_size: '10' }), /file_size="10"/],
    ['no size at all', message({ file_name: 'x' }), /gives no file_size/]
  ])('refuses %s, says why, and reads no further', (_what, bad, why) => {
    const { send } = setup()
    const out = send(bad)
    expect(notes(out)).toEqual([{ kind: 'error', error: { code: 'EBADFRAME', message: expect.stringMatching(why), hint: expect.stringContaining('struct.pack') } }])
    expect(send(message({ file_name: 'x', file_size: 1 }, bytes('x')))).toEqual([])
  })

  it('says the client closed in the middle of a header', () => {
    const { send, end } = setup()
    send(concat(packInt(20, true), bytes('{"file')))
    expect(notes(end())[0]).toMatchObject({ error: { message: 'the client closed in the middle of a message: 6 bytes of its 20-byte JSON header' } })
  })

  it('notes a store that refuses, and skips the body', () => {
    const { send, store } = setup({}, new MemoryFileStore(10))
    const out = send(concat(message({ file_name: 'big', file_size: 11 }, new Uint8Array(11)), message({ file_name: 'small', file_size: 2 }, bytes('ok'))))
    expect(notes(out)[0]).toMatchObject({ error: { code: 'ENOSPC' } })
    expect(store.names()).toEqual(['small'])
  })

  it('notes an upload with nowhere to go when the context has no storage', () => {
    const peer = createFileServer(fileServerConfig.parse({ kind: 'file-server' })).createInstance()
    const out = peer.frame({ payload: message({ file_name: 'x', file_size: 1 }, bytes('x')) }, testContext())
    expect(notes(out)[0]).toMatchObject({ error: { code: 'ENOSTORE' } })
  })

  it('reports the sha256 of an upload of two megabytes that arrives in uneven pieces', () => {
    const file = Uint8Array.from({ length: 2 * 1024 * 1024 + 3 }, (_, i) => (i * 31 + (i >> 11)) & 0xff)
    const { send, store } = setup()
    const out = feed(send, message({ file_name: 'big.bin', file_size: file.byteLength }, file), [1, 63, 65, 4096, 1_000_003, 7])
    expect(notes(out)).toEqual([{ kind: 'upload', fileName: 'big.bin', size: file.byteLength, sha256: sha(file) }])
    expect(store.read('big.bin')?.byteLength).toBe(file.byteLength)
  })

  it('acknowledges an upload with a header when told to', () => {
    const { send } = setup({ ack: true })
    const out = send(message({ file_name: 'a', file_size: 2 }, bytes('hi')))
    expect(replies(out).map((r) => text(r.bytes))[1]).toBe(`{"file_name": "a", "file_size": 0, "received": 2, "sha256": "${sha(bytes('hi'))}"}`)
  })

  it('takes a whole message the json-header framing already decoded', () => {
    const { peer, store } = setup()
    const out = peer.frame({ payload: bytes('hello'), meta: { file_name: 'm.txt', file_size: 5 } }, testContext({ files: store }))
    expect(notes(out)).toEqual([{ kind: 'upload', fileName: 'm.txt', size: 5, sha256: sha(bytes('hello')) }])
    expect(store.read('m.txt')).toEqual(bytes('hello'))
  })
})

describe('file server: downloads', () => {
  const file = Uint8Array.from({ length: 3000 }, (_, i) => i & 0xff)

  it("serves a stored file as header and body, which the lesson's client reads", () => {
    const store = new MemoryFileStore()
    store.put('1.mp4', file)
    const { send } = setup({}, store)
    const out = send(message({ cmd: 'download', file_name: '1.mp4' }))
    expect(notes(out)).toEqual([{ kind: 'download', fileName: '1.mp4', found: true, size: 3000 }])
    const read = JSON.parse(String(python('file_download_reads.py', [], concat(...replies(out).map((r) => r.bytes))))) as { header: unknown; sha256: string }
    expect(read).toEqual({ header: { file_name: '1.mp4', file_size: 3000 }, sha256: sha(file) })
  })

  it('answers a download of a file that does not exist with an error in the header', () => {
    const { send } = setup()
    const out = send(message({ cmd: 'get', file_name: 'nope.mp4', file_size: 0 }))
    expect(notes(out)).toEqual([{ kind: 'download', fileName: 'nope.mp4', found: false, size: 0 }])
    const read = JSON.parse(String(python('file_download_reads.py', [], concat(...replies(out).map((r) => r.bytes))))) as { header: unknown }
    expect(read.header).toEqual({ file_name: 'nope.mp4', file_size: 0, error: 'no such file: nope.mp4' })
  })

  it('answers one big download per read: a second one in the same read is told to wait', () => {
    const store = new MemoryFileStore()
    store.put('f', file)
    const { send } = setup({ maxFileSize: 4000 }, store)
    const out = send(concat(message({ cmd: 'download', file_name: 'f' }), message({ cmd: 'download', file_name: 'f' })))
    expect(notes(out).map((n) => n.kind === 'download' && n.found)).toEqual([true, false])
    expect(replyBytes(out)).toBeLessThan(4000 + 200)
  })

  it("sends a file on connect and closes, as seed 004's server does", () => {
    const store = new MemoryFileStore()
    store.put('1.mp4', file)
    const peer = createFileServer(fileServerConfig.parse({ kind: 'file-server', sendOnConnect: { fileName: '1.mp4' } })).createInstance()
    const out = peer.open!(testContext({ files: store }))
    const sent = replies(out).map((r) => r.bytes)
    expect(sent[0]).toEqual(packInt(3000, true))
    expect(sent[1]).toEqual(file)
    expect(out[out.length - 1]).toEqual({ type: 'close' })
    const missing = createFileServer(fileServerConfig.parse({ kind: 'file-server', sendOnConnect: { fileName: 'gone' } })).createInstance().open!(testContext({ files: store }))
    expect(missing).toEqual([{ type: 'note', note: { kind: 'error', error: expect.objectContaining({ code: 'ENOENT' }) } }, { type: 'close' }])
  })

  it("writes the header length in network order when told to ('!i')", () => {
    const store = new MemoryFileStore()
    store.put('f', bytes('xyz'))
    const { send } = setup({ byteOrder: 'big' }, store)
    const out = send(concat(packInt(39, false), bytes('{"cmd": "download", "file_name": "f"}  ')))
    const [length, header] = replies(out).map((r) => r.bytes)
    expect(text(header!)).toBe('{"file_name": "f", "file_size": 3}')
    expect(Array.from(length!)).toEqual([0, 0, 0, header!.byteLength])
  })
})

describe('file server: bounds', () => {
  it('never replies more than its bound, whatever bytes arrive however cut', () => {
    const store = new MemoryFileStore()
    store.put('f', new Uint8Array(500))
    const server = createFileServer(fileServerConfig.parse({ kind: 'file-server', maxFileSize: 600, ack: true }))
    const piece = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc.constantFrom(message({ cmd: 'download', file_name: 'f' }), message({ cmd: 'download', file_name: '😀'.repeat(30) }), message({ file_name: 'u', file_size: 3 }, bytes('abc')))
    )
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 4 }), (pieces, sizes) => {
        const peer = server.createInstance()
        const ctx = testContext({ files: store })
        feed(
          (c) => {
            const out = peer.frame({ payload: c }, ctx)
            expect(replyBytes(out)).toBeLessThanOrEqual(server.bound.perInputByte * c.byteLength + server.bound.fixed)
            return out
          },
          concat(...pieces),
          sizes
        )
      }),
      { numRuns: 150 }
    )
  })
})

import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, it, expect } from 'vitest'
import { CodecError, createFramer, type Frame, type FrameDecoder } from '../../../src/shared/codec'
import { codecError } from './catch-codec-error'

const enc = new TextEncoder()
const t = (s: string): Uint8Array => enc.encode(s)
const arr = (b: Uint8Array): number[] => Array.from(b)
const str = (f: Frame): string => new TextDecoder().decode(f.payload)

function pushAll(decoder: FrameDecoder, chunks: Uint8Array[]): Frame[] {
  return chunks.flatMap((c) => decoder.push(c))
}

function byteChunks(b: Uint8Array): Uint8Array[] {
  return Array.from(b, (_, i) => b.subarray(i, i + 1))
}

describe('raw', () => {
  it('yields each chunk as a frame, even an empty one', () => {
    const d = createFramer('raw').createDecoder()
    const frames = pushAll(d, [t('ab'), new Uint8Array(0), t('cde')])
    expect(frames.map((f) => [f.offset, f.length, str(f)])).toEqual([
      [0, 2, 'ab'],
      [2, 0, ''],
      [2, 3, 'cde']
    ])
    expect(arr(createFramer('raw').encode(t('x')))).toEqual([0x78])
  })
})

describe('line and delimiter', () => {
  it('splits on LF and strips one CR', () => {
    const d = createFramer('line').createDecoder()
    const frames = pushAll(d, [t('one\r\ntw'), t('o\n\nthree\r\r\n')])
    expect(frames.map(str)).toEqual(['one', 'two', '', 'three\r'])
    expect(frames.map((f) => [f.offset, f.length])).toEqual([
      [0, 5],
      [5, 4],
      [9, 1],
      [10, 8]
    ])
    expect(arr(createFramer('line').encode(t('hi')))).toEqual([0x68, 0x69, 0x0a])
  })

  it('finds a multi-byte delimiter split across chunks', () => {
    const d = createFramer('delim:0d0a').createDecoder()
    expect(d.push(t('ab\r'))).toEqual([])
    expect(d.pending).toBe(3)
    const frames = d.push(t('\ncd\r\n'))
    expect(frames.map(str)).toEqual(['ab', 'cd'])
    expect(frames[1]).toMatchObject({ offset: 4, length: 4, headerLength: 0 })
    expect(pushAll(createFramer('delim:0d0a').createDecoder(), byteChunks(t('x\r\r\ny\r\n'))).map(str)).toEqual(['x\r', 'y'])
  })

  it('fails when no delimiter comes within maxFrameSize', () => {
    const d = createFramer('line', { maxFrameSize: 8 }).createDecoder()
    expect(d.push(t('1234567'))).toEqual([])
    const err = codecError(() => d.push(t('89')))
    expect(err.code).toBe('EFRAMETOOBIG')
    expect(err.message).toBe('line at stream offset 0 is longer than the 8-byte frame limit: no line feed (LF) within it')
    expect(err.hint).toBe('Check that the sender ends every frame with the line feed (LF), or raise the maximum frame size.')
    expect(() => d.push(t('\n'))).toThrow(err)
  })

  it('hands leftover bytes to end() as an incomplete frame', () => {
    const d = createFramer('line').createDecoder()
    d.push(t('a\nno newline'))
    expect(d.end()).toEqual([{ offset: 2, length: 10, headerLength: 0, payload: t('no newline'), incomplete: true }])
    expect(d.end()).toEqual([])
  })
})

describe('fixed', () => {
  it('cuts fixed-size frames and pads short payloads', () => {
    const f = createFramer('fixed:4')
    expect(pushAll(f.createDecoder(), [t('abcdef'), t('gh')]).map(str)).toEqual(['abcd', 'efgh'])
    expect(arr(f.encode(t('ab')))).toEqual([0x61, 0x62, 0, 0])
    expect(codecError(() => f.encode(t('abcde'))).message).toMatch(/5 bytes does not fit a 4-byte fixed frame/)
    expect(codecError(() => createFramer('fixed:100', { maxFrameSize: 10 })).code).toBe('EINVAL')
  })
})

describe('length prefix', () => {
  it('writes the length in the chosen width, order and counting', () => {
    const p = t('hello')
    expect(arr(createFramer('len:4').encode(p)).slice(0, 4)).toEqual([0, 0, 0, 5])
    expect(arr(createFramer('len:2:le').encode(p)).slice(0, 2)).toEqual([5, 0])
    expect(arr(createFramer('len:4:be:incl').encode(p)).slice(0, 4)).toEqual([0, 0, 0, 9])
    expect(arr(createFramer('struct:i').encode(p)).slice(0, 4)).toEqual([5, 0, 0, 0])
    expect(arr(createFramer('struct:!I').encode(p)).slice(0, 4)).toEqual([0, 0, 0, 5])
    expect(arr(createFramer('len:8').encode(p)).slice(0, 8)).toEqual([0, 0, 0, 0, 0, 0, 0, 5])
    expect(arr(createFramer('struct:<q').encode(p)).slice(0, 8)).toEqual([5, 0, 0, 0, 0, 0, 0, 0])
  })

  it('refuses a payload its field cannot count', () => {
    expect(codecError(() => createFramer('len:1').encode(new Uint8Array(256))).message).toMatch(/256 does not fit a 1-byte unsigned/)
    expect(codecError(() => createFramer('struct:b').encode(new Uint8Array(128))).code).toBe('EINVAL')
    expect(createFramer('len:1').encode(new Uint8Array(255)).length).toBe(256)
  })

  it('decodes frames with their offsets, header included', () => {
    const f = createFramer('len:2')
    const stream = Uint8Array.of(0, 2, 0x61, 0x62, 0, 0, 0, 1, 0x63)
    const frames = pushAll(f.createDecoder(), [stream.subarray(0, 1), stream.subarray(1, 5), stream.subarray(5)])
    expect(frames.map((fr) => [fr.offset, fr.length, fr.headerLength, str(fr)])).toEqual([
      [0, 4, 2, 'ab'],
      [4, 2, 2, ''],
      [6, 3, 2, 'c']
    ])
  })

  it('errors on a length beyond maxFrameSize as soon as the header arrives, without buffering the body', () => {
    const d = createFramer('len:4', { maxFrameSize: 1024 }).createDecoder()
    d.push(createFramer('len:4').encode(t('ok')))
    const err = codecError(() => d.push(Uint8Array.of(0xff, 0xff, 0xff, 0xff)))
    expect(err.code).toBe('EFRAMETOOBIG')
    expect(err.message).toBe('frame announced by the length field at stream offset 6 is 4294967299 bytes, more than the 1024-byte frame limit')
    expect(err.hint).toMatch(/byte order/)
    expect(d.pending).toBe(4)
  })

  it('keeps frames decoded before an error on the error', () => {
    const d = createFramer('len:1', { maxFrameSize: 16 }).createDecoder()
    const err = codecError(() => d.push(Uint8Array.of(1, 0x61, 200)))
    expect(err.frames.map(str)).toEqual(['a'])
  })

  it('errors on 8-byte and signed lengths that cannot be real', () => {
    const huge = Uint8Array.of(0x40, 0, 0, 0, 0, 0, 0, 0)
    expect(codecError(() => createFramer('len:8').createDecoder().push(huge)).code).toBe('EFRAMETOOBIG')
    const neg = codecError(() => createFramer('struct:i').createDecoder().push(Uint8Array.of(0xff, 0xff, 0xff, 0xff)))
    expect(neg.code).toBe('EBADFRAME')
    expect(neg.message).toMatch(/negative \(-1\)/)
    const small = codecError(() => createFramer('len:4:incl').createDecoder().push(Uint8Array.of(0, 0, 0, 3)))
    expect(small.code).toBe('EBADFRAME')
    expect(small.hint).toMatch(/incl/)
  })

  it('reads 8-byte little-endian lengths above 2^32', () => {
    const d = createFramer('len:8:le', { maxFrameSize: 2 ** 40 }).createDecoder()
    expect(() => d.push(Uint8Array.of(0, 0, 0, 0, 1, 0, 0, 0))).not.toThrow()
    expect(d.pending).toBe(8)
  })
})

describe('json-header', () => {
  it('writes and reads the lessons file-transfer header', () => {
    const f = createFramer('json-header')
    const bytes = f.encode(t('DATA'), { file_name: 'a.txt' })
    const json = '{"file_name":"a.txt","file_size":4}'
    expect(arr(bytes.subarray(0, 4))).toEqual([json.length, 0, 0, 0])
    expect(new TextDecoder().decode(bytes.subarray(4, 4 + json.length))).toBe(json)
    const [frame] = pushAll(f.createDecoder(), byteChunks(bytes))
    expect(frame).toMatchObject({ offset: 0, length: bytes.length, headerLength: 4 + json.length, meta: { file_name: 'a.txt', file_size: 4 } })
    expect(str(frame!)).toBe('DATA')
  })

  it.each(['size', 'total_size', 'data_size'])('accepts %s as the body size', (key) => {
    const json = t(JSON.stringify({ [key]: 2 }))
    const d = createFramer('json-header:!I').createDecoder()
    const [frame] = d.push(Uint8Array.from([0, 0, 0, json.length, ...json, 0x68, 0x69]))
    expect(str(frame!)).toBe('hi')
  })

  it('reports malformed headers', () => {
    const frameOf = (s: string): Uint8Array => Uint8Array.from([s.length, 0, 0, 0, ...t(s)])
    expect(codecError(() => createFramer('json-header').createDecoder().push(frameOf('{oops'))).message).toMatch(/does not parse/)
    expect(codecError(() => createFramer('json-header').createDecoder().push(frameOf('[1]'))).message).toMatch(/not an object/)
    expect(codecError(() => createFramer('json-header').createDecoder().push(frameOf('{"name":"x"}'))).message).toMatch(/no body size/)
    expect(codecError(() => createFramer('json-header').createDecoder().push(frameOf('{"size":-1}'))).code).toBe('EBADFRAME')
    const big = codecError(() => createFramer('json-header', { maxFrameSize: 100 }).createDecoder().push(frameOf('{"file_size":1000}')))
    expect(big.code).toBe('EFRAMETOOBIG')
  })
})

describe('json-header size limit', () => {
  const prefixLe = (n: number): Uint8Array => Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24)
  const headerOf = (n: number): Uint8Array => {
    const json = t(JSON.stringify({ file_size: 2, pad: '' }).replace('""', `"${'p'.repeat(n - 24)}"`))
    expect(json.length).toBe(n)
    return json
  }

  it('refuses a header announced over 64 KiB on its length alone, saying how to raise the limit', () => {
    const d = createFramer('json-header').createDecoder()
    const err = codecError(() => d.push(prefixLe(4 * 1024 * 1024)))
    expect(err.code).toBe('EFRAMETOOBIG')
    expect(err.message).toBe('JSON header at stream offset 0 announces 4194304 bytes, more than the 65536-byte header limit')
    expect(err.hint).toMatch(/struct code .* does not match the sender/)
    expect(err.hint).toMatch(/raise the limit in the framing: json-header:header=4m$/)
    expect(d.pending).toBe(4)
  })

  it('accepts a header of exactly the limit and refuses one byte more', () => {
    const at = Uint8Array.from([...prefixLe(65536), ...headerOf(65536), 0x68, 0x69])
    const [frame] = createFramer('json-header').createDecoder().push(at)
    expect(frame).toMatchObject({ headerLength: 4 + 65536, meta: { file_size: 2 } })
    expect(str(frame!)).toBe('hi')
    expect(codecError(() => createFramer('json-header').createDecoder().push(prefixLe(65537))).code).toBe('EFRAMETOOBIG')
  })

  it('takes a bigger limit from the spec, and decodes a big header sent in 1 KiB writes', () => {
    const n = 3 * 1024 * 1024
    const stream = Uint8Array.from([...prefixLe(n), ...headerOf(n), 0x68, 0x69])
    const d = createFramer('json-header:header=4m').createDecoder()
    const chunks = Array.from({ length: Math.ceil(stream.length / 1024) }, (_, i) => stream.subarray(i * 1024, (i + 1) * 1024))
    const frames = pushAll(d, chunks)
    expect(frames.map(str)).toEqual(['hi'])
    expect(frames[0]!.headerLength).toBe(4 + n)
  })

  it('says when a header would not fit the frame limit either', () => {
    const err = codecError(() => createFramer('json-header:!I', { maxFrameSize: 1024 * 1024 }).createDecoder().push(Uint8Array.of(0xff, 0xff, 0xff, 0xff)))
    expect(err.message).toMatch(/announces 4294967295 bytes, more than the 65536-byte header limit/)
    expect(err.hint).toMatch(/would not fit the 1048576-byte frame limit either/)
    const near = codecError(() => createFramer('json-header:!I', { maxFrameSize: 1024 * 1024 }).createDecoder().push(Uint8Array.of(0, 0x0c, 0, 0)))
    expect(near.hint).toMatch(/json-header:!I:header=768k$/)
  })
})

describe('slip', () => {
  it('escapes END and ESC as RFC 1055 says', () => {
    const f = createFramer('slip')
    expect(arr(f.encode(Uint8Array.of(1, 0xc0, 2, 0xdb, 3)))).toEqual([1, 0xdb, 0xdc, 2, 0xdb, 0xdd, 3, 0xc0])
    const frames = pushAll(f.createDecoder(), [Uint8Array.of(1, 0xdb), Uint8Array.of(0xdc, 0xc0, 0xc0, 0xdb, 0xdd, 0xc0)])
    expect(frames.map((fr) => [fr.offset, fr.length, arr(fr.payload)])).toEqual([
      [0, 4, [1, 0xc0]],
      [4, 1, []],
      [5, 3, [0xdb]]
    ])
  })

  it('errors when a frame outgrows maxFrameSize', () => {
    expect(codecError(() => createFramer('slip', { maxFrameSize: 4 }).createDecoder().push(t('abcd'))).code).toBe('EFRAMETOOBIG')
  })
})

describe('limits, whatever the chunking', () => {
  it('accepts a frame exactly at the limit whose two-byte delimiter arrives a byte at a time', () => {
    const stream = t('12345678\r\n')
    for (const chunks of [[stream], byteChunks(stream)]) {
      const d = createFramer('delim:0d0a', { maxFrameSize: 10 }).createDecoder()
      expect(pushAll(d, chunks).map(str)).toEqual(['12345678'])
      expect(d.pending).toBe(0)
    }
  })

  it.each(['line', 'delim:0d0a', 'slip'])('%s fails the same way on a frame over the limit, in one chunk or byte by byte', (spec) => {
    const wide = createFramer(spec)
    const stream = Uint8Array.from([...wide.encode(t('ok')), ...wide.encode(t('x'.repeat(20))), ...wide.encode(t('never'))])
    const outcomes = [[stream], byteChunks(stream)].map((chunks) => {
      const d = createFramer(spec, { maxFrameSize: 8 }).createDecoder()
      const frames: string[] = []
      const err = codecError(() => chunks.forEach((c) => frames.push(...d.push(c).map(str))))
      return { frames: [...frames, ...err.frames.map(str)], code: err.code, message: err.message, hint: err.hint }
    })
    expect(outcomes[0]).toMatchObject({ frames: ['ok'], code: 'EFRAMETOOBIG' })
    expect(outcomes[0]!.message).toMatch(/offset [34] is longer than the 8-byte frame limit/)
    expect(outcomes[1]).toEqual(outcomes[0])
  })

  it('lets go of the bytes it held once it fails, and still counts them', async () => {
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    const d = createFramer('line', { maxFrameSize: 4096 }).createDecoder()
    const ref = ((): WeakRef<ArrayBufferLike> => {
      const chunk = new Uint8Array(3000)
      d.push(chunk)
      return new WeakRef(chunk.buffer)
    })()
    expect(codecError(() => d.push(new Uint8Array(2000))).code).toBe('EFRAMETOOBIG')
    expect(d.pending).toBe(5000)
    // A WeakRef stays set until the current job ends.
    await new Promise((resolve) => setTimeout(resolve, 0))
    gc()
    expect(ref.deref()).toBeUndefined()
  })
})

describe('encodeStream', () => {
  async function* pieces(...parts: (string | Uint8Array)[]): AsyncIterable<Uint8Array> {
    for (const p of parts) yield typeof p === 'string' ? t(p) : p
  }
  async function collect(it: AsyncIterable<Uint8Array>): Promise<number[]> {
    const out: number[] = []
    for await (const c of it) out.push(...c)
    return out
  }

  it.each(['len:4', 'json-header', 'slip', 'line', 'fixed:8', 'raw'])('%s streams the same bytes encode() writes', async (spec) => {
    const f = createFramer(spec)
    const body = Uint8Array.of(0x61, 0x62, 0x63, 0xc0, 0x64)
    const streamed = await collect(f.encodeStream(pieces(body.subarray(0, 2), '', body.subarray(2)), 5, { file_name: 'x' }))
    expect(streamed).toEqual(arr(f.encode(body, { file_name: 'x' })))
  })

  it('fails when the body is not the announced size', async () => {
    await expect(collect(createFramer('len:4').encodeStream(pieces('abc'), 5))).rejects.toThrow(/only 3 bytes but 5 were announced/)
    await expect(collect(createFramer('len:4').encodeStream(pieces('abc', 'def'), 5))).rejects.toThrow(CodecError)
  })
})

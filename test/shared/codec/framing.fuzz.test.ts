// Every decoder fed what a hostile or broken peer sends: random bytes, valid frames mixed with
// garbage, wild length fields, huge announced sizes, unterminated frames, runs of delimiters,
// malformed JSON headers, ESC at chunk ends. Whatever arrives and however it is cut into reads,
// a decoder returns frames or throws the codec's own error, holds no more than the frame limit,
// accounts for every byte, and cuts the same frames (and fails at the same point, with the same
// error) for every chunking of the same stream.
import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { createFramer, type Frame, type Framer } from '../../../src/shared/codec'
import { chunkings, concat, expectCodecError, rechunk, tryCodec } from './fuzz-helpers'

const SPECS = [
  'line',
  'delim:0d0a',
  'delim:00',
  'delim:c0dbc0',
  'fixed:1',
  'fixed:7',
  'len:1',
  'len:2',
  'len:2:le:incl',
  'len:4',
  'len:4:incl',
  'len:4:le:signed',
  'len:8',
  'len:8:le',
  'len:8:signed:incl',
  'struct:i',
  'struct:!I',
  'struct:<H',
  'struct:b',
  'struct:q',
  'struct:>Q',
  'json-header',
  'json-header:!I',
  'json-header:<H',
  'json-header:q',
  'json-header:header=24',
  'slip'
]

const LIMITS = [1, 3, 9, 40, 300, 16 * 1024 * 1024]

const enc = new TextEncoder()
const SPECIAL = [0x00, 0x0a, 0x0d, 0x30, 0x7b, 0x7d, 0x22, 0x3a, 0x7f, 0x80, 0xc0, 0xdb, 0xdc, 0xdd, 0xfe, 0xff]

/** Length fields that are nonsense in every width and byte order: all ones, sign bits, >2^53. */
const WILD_FIELDS = [
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
  [0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
  [0x80, 0, 0, 0, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 0, 0, 0x80],
  [0, 0x20, 0, 0, 0, 0, 0, 1],
  [0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff],
  [0, 0, 0, 1, 0, 0, 0, 0]
].map((b) => Uint8Array.from(b))

/** JSON header texts: good ones, bad sizes, not objects, deep nesting, broken UTF-8, truncated. */
const jsonText: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc
    .record({
      key: fc.constantFrom('file_size', 'size', 'total_size', 'data_size', 'name', '__proto__'),
      value: fc.oneof(fc.integer({ min: -3, max: 30 }), fc.constantFrom('__1e400__', -0.5, 2 ** 53, 1e21, '5', null, true, [3], { file_size: 1 })),
      extra: fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 })
    })
    .map(({ key, value, extra }) => enc.encode(JSON.stringify({ ...extra, [key]: value }).replace('"__1e400__"', '1e400'))),
  fc.jsonValue({ maxDepth: 3 }).map((v) => enc.encode(JSON.stringify(v) ?? 'null')),
  fc.integer({ min: 1, max: 100 }).map((depth) => enc.encode('{"a":'.repeat(depth) + '1' + '}'.repeat(depth))),
  fc.uint8Array({ maxLength: 6 }).map((junk) => Uint8Array.from([...enc.encode('{"file_size":1,"n":"'), ...junk.map((b) => b | 0x80), ...enc.encode('"}')])),
  fc.string({ maxLength: 12 }).map((s) => enc.encode(`{"file_size":2,"s":"${s}`))
)

function le(n: number, size: number): number[] {
  return Array.from({ length: size }, (_, k) => Math.floor(n / 256 ** k) & 0xff)
}

/** A JSON header as some sender would frame it: right or wrong length, either byte order, 2 or 4 bytes. */
const jsonHeaderSegment: fc.Arbitrary<Uint8Array> = fc
  .record({ text: jsonText, size: fc.constantFrom(2, 4, 8), be: fc.boolean(), skew: fc.constantFrom(0, 0, 0, -1, 1, 1000) })
  .map(({ text, size, be, skew }) => {
    const field = le(Math.max(0, text.length + skew), size)
    return Uint8Array.from([...(be ? field.reverse() : field), ...text, ...enc.encode('body')])
  })

function segment(framer: Framer): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    fc.record({ payload: fc.uint8Array({ maxLength: 30 }), name: fc.string({ maxLength: 5 }) }).map(({ payload, name }) => {
      try {
        return framer.encode(payload, { file_name: name })
      } catch {
        return payload // too long for fixed or len:1: the payload alone is junk as good as any
      }
    }),
    fc.uint8Array({ maxLength: 40 }),
    fc.array(fc.constantFrom(...SPECIAL), { maxLength: 40 }).map((b) => Uint8Array.from(b)),
    fc.record({ field: fc.constantFrom(...WILD_FIELDS), take: fc.integer({ min: 1, max: 8 }) }).map(({ field, take }) => field.subarray(0, take)),
    jsonHeaderSegment,
    // SLIP escapes at every position: ESC right before END, doubled ESC, ESC then junk.
    fc.array(fc.constantFrom(0xdb, 0xc0, 0xdc, 0xdd, 0x41), { maxLength: 12 }).map((b) => Uint8Array.from(b))
  )
}

interface Outcome {
  frames: string[]
  error?: { code: string; message: string; hint: string }
}

function describeFrame(f: Frame): string {
  return JSON.stringify([f.offset, f.length, f.headerLength, Buffer.from(f.payload).toString('hex'), f.meta ?? null, f.incomplete ?? false])
}

/** Feeds the chunks as a socket would, checking what must hold after every push. */
function decode(framer: Framer, chunks: Uint8Array[], limit: number): Outcome {
  const decoder = framer.createDecoder()
  const frames: Frame[] = []
  const bound = Math.max(limit, 8)
  let pushed = 0
  let mostPending = 0
  let error: Outcome['error']
  for (const chunk of chunks) {
    pushed += chunk.length
    try {
      frames.push(...decoder.push(chunk))
    } catch (err) {
      expectCodecError(err)
      frames.push(...err.frames)
      error = { code: err.code, message: err.message, hint: err.hint }
      // Its stream position is lost: it keeps failing with the same error, and buffers nothing more.
      let again: unknown
      try {
        decoder.push(Uint8Array.of(0x0a, 0xc0))
      } catch (e) {
        again = e
      }
      expect(again).toBe(err)
      expect(decoder.end()).toEqual([])
      break
    }
    mostPending = Math.max(mostPending, decoder.pending)
  }
  expect(mostPending).toBeLessThanOrEqual(bound)
  if (!error) frames.push(...decoder.end())
  let offset = 0
  frames.forEach((f, i) => {
    const fits = f.offset === offset && f.headerLength <= f.length && f.payload.length <= f.length - f.headerLength && f.length <= bound
    if (!fits || (f.incomplete && i !== frames.length - 1)) expect.fail(`frame ${i} is out of place: ${describeFrame(f)}, expected at offset ${offset}`)
    offset += f.length
  })
  // Every byte pushed is in a frame or still counted as pending; none is lost or counted twice.
  expect(offset + (error ? decoder.pending : 0)).toBe(pushed)
  return { frames: frames.map(describeFrame), error }
}

describe.each(SPECS)('%s under hostile input', (spec) => {
  const wide = createFramer(spec, { maxFrameSize: 1 << 20 })
  it('gives frames or a codec error, bounded memory, the same outcome for every chunking', () => {
    fc.assert(
      fc.property(fc.array(segment(wide), { maxLength: 10 }), fc.constantFrom(...LIMITS), fc.array(chunkings, { minLength: 1, maxLength: 3 }), (segments, limit, cuts) => {
        const framer = tryCodec(() => createFramer(spec, { maxFrameSize: limit }))
        if (framer === undefined) return // fixed:7 under a 3-byte limit is refused up front
        const stream = concat(segments)
        const whole = decode(framer, [stream], limit)
        for (const sizes of cuts) expect(decode(framer, rechunk(stream, sizes), limit)).toEqual(whole)
      }),
      { numRuns: 60 }
    )
  })
})

describe('raw under hostile input', () => {
  it('gives back every chunk as it came, and refuses only a chunk over the limit', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 50 }), { maxLength: 10 }), fc.constantFrom(...LIMITS), (chunks, limit) => {
        const decoder = createFramer('raw', { maxFrameSize: limit }).createDecoder()
        let offset = 0
        for (const chunk of chunks) {
          const frames = tryCodec(() => decoder.push(chunk))
          expect(frames === undefined).toBe(chunk.length > limit)
          if (frames) {
            expect(frames).toEqual([{ offset, length: chunk.length, headerLength: 0, payload: chunk }])
            offset += chunk.length
          }
          expect(decoder.pending).toBe(0)
        }
      }),
      { numRuns: 100 }
    )
  })
})

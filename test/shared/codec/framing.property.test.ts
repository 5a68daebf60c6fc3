import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { createFramer, type Frame } from '../../../src/shared/codec'

// Payloads each framing can carry unchanged: delimiter framings cannot carry their delimiter.
const anyBytes = fc.uint8Array({ maxLength: 64 })
const without = (...banned: number[]): fc.Arbitrary<Uint8Array> => anyBytes.filter((b) => !b.some((x) => banned.includes(x)))
const CODECS: [string, fc.Arbitrary<Uint8Array>][] = [
  ['line', without(0x0a).filter((b) => b[b.length - 1] !== 0x0d)],
  ['delim:0d0a', anyBytes.filter((b) => !Buffer.from(b).includes(Buffer.from([0x0d, 0x0a])) && b[b.length - 1] !== 0x0d)],
  ['delim:00', without(0x00)],
  ['fixed:16', fc.uint8Array({ minLength: 16, maxLength: 16 })],
  ['len:1', anyBytes],
  ['len:2:le', anyBytes],
  ['len:4', anyBytes],
  ['len:4:be:incl', anyBytes],
  ['len:8:le:signed', anyBytes],
  ['struct:i', anyBytes],
  ['struct:!I', anyBytes],
  ['struct:<H', anyBytes],
  ['struct:q', anyBytes],
  ['json-header', anyBytes],
  ['json-header:!I', anyBytes],
  ['slip', fc.oneof(anyBytes, fc.uint8Array({ maxLength: 16 }).map((b) => b.map((x) => (x & 1 ? 0xc0 : 0xdb))))]
]

/** Cuts `stream` at the given sizes (cycled), or into single bytes when sizes is empty. */
function rechunk(stream: Uint8Array, sizes: number[]): Uint8Array[] {
  const chunks: Uint8Array[] = []
  for (let at = 0, k = 0; at < stream.length; k++) {
    const n = sizes.length === 0 ? 1 : sizes[k % sizes.length]!
    chunks.push(stream.slice(at, at + n))
    at += n
  }
  return chunks
}

function concat(parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => Array.from(p)))
}

describe.each(CODECS)('%s decodes any re-chunking of its encoding', (spec, payload) => {
  it('yields exactly the payloads with the right offsets', () => {
    const framer = createFramer(spec)
    fc.assert(
      fc.property(fc.array(payload, { maxLength: 8 }), fc.oneof(fc.constant<number[]>([]), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 6 })), (payloads, sizes) => {
        const encoded = payloads.map((p) => framer.encode(p))
        const decoder = framer.createDecoder()
        const frames: Frame[] = rechunk(concat(encoded), sizes).flatMap((c) => decoder.push(c))
        expect(frames.map((f) => Array.from(f.payload))).toEqual(payloads.map((p) => Array.from(p)))
        let offset = 0
        frames.forEach((f, i) => {
          expect(f.offset).toBe(offset)
          expect(f.length).toBe(encoded[i]!.length)
          offset += f.length
        })
        expect(decoder.pending).toBe(0)
        expect(decoder.end()).toEqual([])
      }),
      { numRuns: 120 }
    )
  })
})

describe('re-chunking, larger frames', () => {
  it('len:4 frames spanning many chunks', () => {
    const framer = createFramer('len:4')
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 3000 }), { maxLength: 4 }), fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 5 }), (payloads, sizes) => {
        const decoder = framer.createDecoder()
        const frames = rechunk(concat(payloads.map((p) => framer.encode(p))), sizes).flatMap((c) => decoder.push(c))
        expect(frames.map((f) => Buffer.from(f.payload).toString('hex'))).toEqual(payloads.map((p) => Buffer.from(p).toString('hex')))
      }),
      { numRuns: 60 }
    )
  })
})

describe('raw', () => {
  it('gives back every chunk in order with stream offsets', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 32 }), { maxLength: 10 }), (chunks) => {
        const decoder = createFramer('raw').createDecoder()
        const frames = chunks.flatMap((c) => decoder.push(c))
        expect(frames.map((f) => Array.from(f.payload))).toEqual(chunks.map((c) => Array.from(c)))
        let offset = 0
        for (const f of frames) {
          expect(f.offset).toBe(offset)
          offset += f.length
        }
      }),
      { numRuns: 100 }
    )
  })
})

describe('SLIP escaping', () => {
  it('round-trips and never leaves END inside a frame', () => {
    const framer = createFramer('slip')
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (b) => {
        const wire = framer.encode(b)
        expect(wire.indexOf(0xc0)).toBe(wire.length - 1)
        const [frame] = framer.createDecoder().push(wire)
        expect(Array.from(frame!.payload)).toEqual(Array.from(b))
      }),
      { numRuns: 200 }
    )
  })
})

describe('maxFrameSize', () => {
  it('a length field claiming more than the limit errors on the header alone', () => {
    fc.assert(
      fc.property(fc.constantFrom('len:4', 'len:8', 'struct:i', 'len:2:le'), fc.integer({ min: 1, max: 200 }), (spec, max) => {
        const framer = createFramer(spec, { maxFrameSize: max })
        const header = createFramer(spec, { maxFrameSize: 2 ** 20 }).encode(new Uint8Array(max + 1)).subarray(0, framer.encode(new Uint8Array(0)).length)
        const decoder = framer.createDecoder()
        expect(() => decoder.push(header)).toThrow(expect.objectContaining({ code: 'EFRAMETOOBIG' }))
        expect(decoder.pending).toBe(header.length)
      }),
      { numRuns: 100 }
    )
  })
})

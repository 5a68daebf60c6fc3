// decodeWire reads frames a browser, or anything that got a session, sends: it must return or throw an
// Error for any bytes, quickly; and whatever encodeWire wrote must come back as it was, keys that look
// like the format's own markers included (a JSON header from a remote peer can carry any key).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeWire, encodeWire } from '../../src/shared/wire'

/** Runs decodeWire and tells how it ended; anything thrown that is not an Error fails the test. */
function decodeOutcome(frame: Uint8Array): 'value' | 'error' {
  try {
    decodeWire(frame)
    return 'value'
  } catch (err) {
    expect(err).toBeInstanceOf(Error)
    return 'error'
  }
}

function frameOf(json: string, tail: Uint8Array = new Uint8Array(), declaredLength?: number): Uint8Array {
  const head = new TextEncoder().encode(json)
  const out = new Uint8Array(4 + head.length + tail.length)
  new DataView(out.buffer).setUint32(0, declaredLength ?? head.length, true)
  out.set(head, 4)
  out.set(tail, 4 + head.length)
  return out
}

/** Keys a hostile or unlucky peer would choose. */
const nastyKey = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom('$b', '$$b', '$$$b', '$', '$$', '$a', 'b', '__proto__', 'constructor', 'prototype', 'toJSON', 't', 'id')
)

/** Values made of what the wire carries: JSON values and Uint8Arrays, nested. */
const { value: wireValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)), fc.boolean(), fc.constant(null)),
    fc.uint8Array({ maxLength: 16 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(nastyKey, tie('value'), { maxKeys: 4 })
  )
}))

/** A $b reference: in range, out of range, or not numbers at all. */
const ref = fc.record({
  $b: fc.oneof(
    fc.tuple(fc.nat(40), fc.nat(40)),
    fc.tuple(fc.integer(), fc.integer()),
    fc.array(fc.oneof(fc.double(), fc.string(), fc.constant(null), fc.nat()), { maxLength: 3 }),
    fc.constantFrom([2 ** 53, 1], [0, 2 ** 53], [-1, 1], [1e308, 0], [0.5, 1])
  )
})

const jsonWithRefs = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 2 }),
    ref,
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(nastyKey, tie('node'), { maxKeys: 4 })
  )
})).node

describe('wire format under hostile input', () => {
  it('returns or throws an Error for random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
        decodeOutcome(bytes)
      }),
      { numRuns: 2000 }
    )
  })

  it('returns or throws an Error for a valid header over JSON with $b references of every kind', () => {
    fc.assert(
      fc.property(jsonWithRefs, fc.uint8Array({ maxLength: 40 }), (json, tail) => {
        const frame = frameOf(JSON.stringify(json) ?? 'null', tail)
        if (decodeOutcome(frame) === 'value') {
          // Every byte array it gives back lies within the tail it was sent.
          const seen: Uint8Array[] = []
          const walk = (v: unknown): void => {
            if (v instanceof Uint8Array) seen.push(v)
            else if (typeof v === 'object' && v !== null) for (const x of Object.values(v)) walk(x)
          }
          walk(decodeWire(frame))
          for (const bytes of seen) expect(bytes.byteLength).toBeLessThanOrEqual(tail.byteLength)
        }
      }),
      { numRuns: 1000 }
    )
  })

  it('throws on a length header that lies, and on JSON or UTF-8 that is broken', () => {
    for (const frame of [
      frameOf('{}', new Uint8Array(), 0xffffffff),
      frameOf('{}', new Uint8Array(), 3),
      frameOf('{"t":"req"', new Uint8Array()),
      frameOf('', new Uint8Array()),
      new Uint8Array([2, 0, 0, 0, 0xff, 0xfe]),
      new Uint8Array([1, 0, 0]),
      new Uint8Array()
    ]) {
      expect(decodeOutcome(frame)).toBe('error')
    }
  })

  it('survives JSON nested deeper than any stack', () => {
    for (const depth of [10_000, 200_000]) {
      decodeOutcome(frameOf('['.repeat(depth) + ']'.repeat(depth)))
      decodeOutcome(frameOf('{"a":'.repeat(depth) + '1' + '}'.repeat(depth)))
      decodeOutcome(frameOf('['.repeat(depth)))
    }
  })

  it('gives back every message it encoded, whatever its keys', () => {
    fc.assert(
      fc.property(fc.nat(), fc.string({ maxLength: 10 }), wireValue, (id, name, req) => {
        const message = { t: 'req', id, name, req } as const
        expect(decodeWire(encodeWire(message))).toEqual(message)
      }),
      { numRuns: 1000 }
    )
  })

  it('keeps an object whose key is the byte marker an object', () => {
    const meta = { file_size: 3, $b: [0, 1], nested: { $$b: 'x', $: 1, $b: [0, 999] } }
    const message = { t: 'res', id: 1, result: { ok: true, value: { meta, bytes: new Uint8Array([7, 8, 9]) } } } as const
    expect(decodeWire(encodeWire(message))).toEqual(message)
  })
})

import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { decodeWire, encodeWire } from '../../src/shared/wire'

describe('wire format', () => {
  it('carries bytes exactly, including Node Buffers, nested anywhere', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), fc.boolean(), (bytes, asBuffer) => {
        const payload = asBuffer ? Buffer.from(bytes) : bytes
        const decoded = decodeWire(encodeWire({ t: 'req', id: 1, name: 'send', req: { bytes: payload, nested: [payload] } })) as {
          req: { bytes: Uint8Array; nested: Uint8Array[] }
        }
        expect(decoded.req.bytes).toBeInstanceOf(Uint8Array)
        expect(Array.from(decoded.req.bytes)).toEqual(Array.from(bytes))
        expect(Array.from(decoded.req.nested[0]!)).toEqual(Array.from(bytes))
      }),
      { numRuns: 100 }
    )
  })

  it('leaves ordinary objects alone', () => {
    const msg = { t: 'res', id: 2, result: { ok: true, value: { a: 1, list: ['x'] } } } as const
    expect(decodeWire(encodeWire(msg))).toEqual(msg)
  })
})

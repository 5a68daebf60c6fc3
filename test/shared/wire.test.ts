import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { decodeWire, encodeWire } from '../../src/shared/wire'

describe('wire format', () => {
  it('carries bytes exactly, including Node Buffers and views into larger buffers, nested anywhere', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), fc.nat(64), fc.boolean(), (bytes, pad, asBuffer) => {
        // A view that starts inside a larger buffer: only its own bytes may cross.
        const backing = new Uint8Array(pad + bytes.length + pad).fill(0xee)
        backing.set(bytes, pad)
        const view = backing.subarray(pad, pad + bytes.length)
        const payload = asBuffer ? Buffer.from(view.buffer, view.byteOffset, view.byteLength) : view
        const decoded = decodeWire(encodeWire({ t: 'req', id: 1, name: 'send', req: { bytes: payload, nested: [payload, 'x'] } })) as {
          req: { bytes: Uint8Array; nested: [Uint8Array, string] }
        }
        expect(decoded.req.bytes).toBeInstanceOf(Uint8Array)
        expect(Array.from(decoded.req.bytes)).toEqual(Array.from(bytes))
        expect(Array.from(decoded.req.nested[0])).toEqual(Array.from(bytes))
        expect(decoded.req.nested[1]).toBe('x')
      }),
      { numRuns: 100 }
    )
  })

  it('leaves ordinary values alone, unicode included', () => {
    const msg = { t: 'res', id: 2, result: { ok: true, value: { a: 1, list: ['x', null, 2.5], text: '粘包 ✓' } } } as const
    expect(decodeWire(encodeWire(msg))).toEqual(msg)
  })

  it('refuses a frame that is cut short or points outside itself', () => {
    const frame = encodeWire({ t: 'req', id: 1, name: 'send', req: { bytes: new Uint8Array([1, 2, 3]) } })
    expect(() => decodeWire(frame.subarray(0, 3))).toThrow()
    expect(() => decodeWire(frame.subarray(0, frame.byteLength - 1))).toThrow(/does not carry/)
    const lying = frame.slice()
    new DataView(lying.buffer).setUint32(0, 1_000_000, true)
    expect(() => decodeWire(lying)).toThrow()
  })
})

import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { createUpper, upperAscii } from '../../../src/shared/responders/upper'
import { bytes, replyText, testContext } from './helpers'

describe('upper', () => {
  it("changes ASCII a-z only, as Python's bytes.upper() does", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (input) => {
        const out = upperAscii(input)
        expect(out.byteLength).toBe(input.byteLength)
        input.forEach((b, i) => expect(out[i]).toBe(b >= 0x61 && b <= 0x7a ? b - 32 : b))
      })
    )
  })

  it('leaves UTF-8 text other than ASCII letters alone, and invalid UTF-8 too', () => {
    const r = createUpper({ kind: 'upper' }).createInstance()
    expect(replyText(r.frame({ payload: bytes('hello, 你好 straße é') }, testContext()))).toBe('HELLO, 你好 STRAßE é')
    expect(Array.from(upperAscii(Uint8Array.of(0xff, 0x61, 0xc3)))).toEqual([0xff, 0x41, 0xc3])
  })

  it('answers an empty frame with an empty reply', () => {
    const out = createUpper({ kind: 'upper' }).createInstance().frame({ payload: new Uint8Array(0) }, testContext())
    expect(out).toEqual([{ type: 'reply', bytes: new Uint8Array(0) }])
  })
})

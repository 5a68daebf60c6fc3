import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { firstInvalidUtf8 } from '../../../src/shared/responders/utf8'

const fatal = new TextDecoder('utf-8', { fatal: true })
const valid = (b: Uint8Array): boolean => {
  try {
    fatal.decode(b)
    return true
  } catch {
    return false
  }
}

describe('firstInvalidUtf8', () => {
  it('finds a bad byte exactly when a strict decoder refuses, and everything before it decodes', () => {
    // Bytes around the edges of the encoding: continuation bytes, overlong and surrogate leads.
    const edgy = fc.constantFrom(0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff)
    fc.assert(
      fc.property(fc.array(edgy, { maxLength: 12 }), (arr) => {
        const b = Uint8Array.from(arr)
        const at = firstInvalidUtf8(b)
        expect(at === -1).toBe(valid(b))
        if (at >= 0) expect(valid(b.subarray(0, at))).toBe(true)
      }),
      { numRuns: 2000 }
    )
  })

  it('accepts any well-formed text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(firstInvalidUtf8(new TextEncoder().encode(s))).toBe(-1)
      })
    )
  })
})

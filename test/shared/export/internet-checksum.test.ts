import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addSums, checksumOf, onesSum } from '../../../src/shared/export/internet-checksum'

/** RFC 1071 as written: 16-bit big-endian words, end-around carry. */
function reference(bytes: Uint8Array): number {
  let s = 0
  for (let i = 0; i < bytes.length; i += 2) {
    s += (bytes[i]! << 8) | (bytes[i + 1] ?? 0)
    s = (s & 0xffff) + (s >>> 16)
  }
  return s
}

describe('the Internet checksum', () => {
  it('matches the worked example of RFC 1071', () => {
    // RFC 1071, 3. Numerical Examples: the sum of 0001 f203 f4f5 f6f7 is ddf2.
    expect(onesSum(new Uint8Array([0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]))).toBe(0xddf2)
    expect(checksumOf(0xddf2)).toBe(0x220d)
  })

  it('equals the word-by-word sum for any bytes at any alignment and any range', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.nat(7), fc.nat(600), fc.nat(600), (raw, shift, a, b) => {
        // Copy at an offset into a bigger buffer, so the words fall at every alignment in memory.
        const buffer = new Uint8Array(raw.length + 8)
        buffer.set(raw, shift)
        const bytes = buffer.subarray(shift, shift + raw.length)
        const start = Math.min(a, b, bytes.length)
        const end = Math.min(Math.max(a, b), bytes.length)
        expect(onesSum(bytes, start, end)).toBe(reference(bytes.slice(start, end)))
      }),
      { numRuns: 2000 }
    )
  })

  it('adds sums of parts that start at even distances', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 2, maxLength: 300 }), fc.nat(150), (bytes, cut) => {
        const at = Math.min(cut * 2, bytes.length)
        expect(addSums(onesSum(bytes, 0, at), onesSum(bytes, at))).toBe(reference(bytes))
      })
    )
  })

  it('stays exact over megabytes of all-ones words, where a plain running sum would lose bits', () => {
    const bytes = new Uint8Array(64 * 1024 * 1024 + 3).fill(0xff)
    // Every word is 0xffff, which is zero in one's complement arithmetic, and so is their sum.
    expect([0, 0xffff]).toContain(onesSum(bytes, 0, bytes.length - 1))
    const mixed = new Uint8Array(8 * 1024 * 1024).map((_, i) => (i * 131) & 0xff)
    expect(onesSum(mixed)).toBe(reference(mixed))
  })
})

import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { formatHex, parseHex } from '../../../src/shared/codec'
import { codecError } from './catch-codec-error'

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b)

describe('parseHex', () => {
  it.each([
    ['48656c6c6f', [0x48, 0x65, 0x6c, 0x6c, 0x6f]],
    ['48 65 6C 6c', [0x48, 0x65, 0x6c, 0x6c]],
    ['48,65, 6c', [0x48, 0x65, 0x6c]],
    ['de:ad:BE:ef', [0xde, 0xad, 0xbe, 0xef]],
    ['0x01 0X02, 0xff', [1, 2, 255]],
    ['\\x01\\x02\\xFF', [1, 2, 255]],
    ['0x0102ff', [1, 2, 255]],
    ['01\n02\r\n\t03', [1, 2, 3]],
    ['', []],
    ['   \n ', []]
  ])('parses %j', (text, expected) => {
    expect(Array.from(parseHex(text))).toEqual(expected)
  })

  it('names a stray character and its position', () => {
    const err = codecError(() => parseHex('01 0g'))
    expect(err.code).toBe('EINVAL')
    expect(err.message).toBe("bad hex digit 'g' at position 4")
    expect(err.hint).toMatch(/0-9/)
    expect(codecError(() => parseHex('0102 zz')).message).toContain('position 5')
    expect(codecError(() => parseHex('01 é')).message).toContain('U+00E9')
  })

  it('rejects an odd digit count with the position of the lone digit', () => {
    expect(codecError(() => parseHex('abc')).message).toMatch(/odd number of hex digits.*position 2/)
    expect(codecError(() => parseHex('01 2 03')).message).toMatch(/position 3/)
  })

  it('rejects a prefix with no digits after it', () => {
    expect(codecError(() => parseHex('01 0x')).message).toMatch(/'0x' at position 3/)
    expect(codecError(() => parseHex('\\y01')).message).toMatch(/position 0/)
  })

  it('formats plain, spaced and uppercase hex', () => {
    expect(formatHex(bytes(0, 0xab, 0x10))).toBe('00ab10')
    expect(formatHex(bytes(0, 0xab, 0x10), { separator: ' ', uppercase: true })).toBe('00 AB 10')
    expect(formatHex(new Uint8Array(0))).toBe('')
  })

  it('format then parse gives the bytes back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.constantFrom('', ' ', ', ', ':', '\n'), fc.boolean(), (b, separator, uppercase) => {
        expect(parseHex(formatHex(b, { separator, uppercase }))).toEqual(b)
      }),
      { numRuns: 200 }
    )
  })
})

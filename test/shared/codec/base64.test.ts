import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { CodecError, formatBase64, parseBase64 } from '../../../src/shared/codec'

const text = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('base64', () => {
  it.each([
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foobar', 'Zm9vYmFy']
  ])('RFC 4648 vector %j', (plain, encoded) => {
    expect(formatBase64(text(plain))).toBe(encoded)
    expect(parseBase64(encoded)).toEqual(text(plain))
  })

  it('accepts missing padding, line breaks and the URL-safe alphabet', () => {
    expect(parseBase64('Zm8')).toEqual(text('fo'))
    expect(parseBase64('Zm9v\nYmFy\r\n')).toEqual(text('foobar'))
    expect(Array.from(parseBase64('-_8='))).toEqual([0xfb, 0xff])
  })

  it('names a bad character and its position', () => {
    try {
      parseBase64('Zm9v*mFy')
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(CodecError)
      expect((err as CodecError).code).toBe('EINVAL')
      expect((err as CodecError).message).toBe("bad base64 character '*' at position 4")
    }
  })

  it('rejects data after padding and a lone trailing character', () => {
    expect(() => parseBase64('Zg==Zg==')).toThrow(/padding/)
    expect(() => parseBase64('Zm9vY')).toThrow(/lone character/)
  })

  it('matches Node and round-trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const s = formatBase64(b)
        expect(s).toBe(Buffer.from(b).toString('base64'))
        expect(parseBase64(s)).toEqual(b)
      }),
      { numRuns: 200 }
    )
  })
})

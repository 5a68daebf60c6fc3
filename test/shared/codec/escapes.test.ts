import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { CodecError, copyAs, encodePayload, parseEscapedText } from '../../../src/shared/codec'

const arr = (b: Uint8Array): number[] => Array.from(b)

describe('parseEscapedText', () => {
  it('turns every escape into its byte', () => {
    expect(arr(parseEscapedText('a\\nb\\r\\t\\0\\\\'))).toEqual([0x61, 0x0a, 0x62, 0x0d, 0x09, 0x00, 0x5c])
    expect(arr(parseEscapedText('\\x00\\xFf\\x7e'))).toEqual([0x00, 0xff, 0x7e])
    expect(arr(parseEscapedText('\\u00e9\\u4f60'))).toEqual([0xc3, 0xa9, 0xe4, 0xbd, 0xa0])
    expect(arr(parseEscapedText('\\ud83d\\ude00'))).toEqual([0xf0, 0x9f, 0x98, 0x80])
  })

  it('inserts \\xHH as a raw byte whatever the encoding, and encodes characters in it', () => {
    expect(arr(parseEscapedText('caf\\xe9', 'utf-8'))).toEqual([0x63, 0x61, 0x66, 0xe9])
    expect(arr(parseEscapedText('\\u00e9\\xe9', 'latin1'))).toEqual([0xe9, 0xe9])
    expect(arr(parseEscapedText('你\\n', 'gbk'))).toEqual([0xc4, 0xe3, 0x0a])
    expect(arr(parseEscapedText('a\\n\\x01', 'utf-16le'))).toEqual([0x61, 0, 0x0a, 0, 0x01])
  })

  it('reports bad escapes with their position', () => {
    const cases: [string, RegExp][] = [
      ['ab\\q', /unknown escape '\\q' at position 2/],
      ['abc\\', /lone backslash at the end \(position 3\)/],
      ['\\x4', /\\x at position 0 needs two hex digits/],
      ['x\\xzz', /position 1/],
      ['\\u12', /\\u at position 0 needs four hex digits/]
    ]
    for (const [input, message] of cases) {
      let caught: unknown
      try {
        parseEscapedText(input)
      } catch (err) {
        caught = err
      }
      expect(caught).toBeInstanceOf(CodecError)
      expect((caught as CodecError).code).toBe('EINVAL')
      expect((caught as CodecError).message).toMatch(message)
    }
  })

  it('points an unencodable character at its place in the source text', () => {
    expect(() => parseEscapedText('ab\\ncd\\u20ac', 'latin1')).toThrow(/U\+20AC\) at position 6 cannot be encoded in latin1/)
    expect(() => parseEscapedText('\\x01€', 'ascii')).toThrow(/position 4/)
  })

  it('takes plain text without escape processing in text mode', () => {
    expect(arr(encodePayload({ format: 'text', text: 'a\\n' }))).toEqual([0x61, 0x5c, 0x6e])
    expect(arr(encodePayload({ format: 'escaped', text: 'a\\n' }))).toEqual([0x61, 0x0a])
  })

  it('reads back what copy-as escaped text wrote', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.constantFrom('utf-8', 'latin1', 'gbk', 'shift_jis') as fc.Arbitrary<'utf-8'>, (b, enc) => {
        expect(parseEscapedText(copyAs(b, 'escaped-text'), enc)).toEqual(b)
      }),
      { numRuns: 150 }
    )
  })
})

describe('encodePayload', () => {
  it('decodes each format and adds the line ending in the payload encoding', () => {
    expect(arr(encodePayload({ format: 'hex', text: '01 02', lineEnding: 'crlf' }))).toEqual([1, 2, 0x0d, 0x0a])
    expect(arr(encodePayload({ format: 'base64', text: 'AQI=', lineEnding: 'cr' }))).toEqual([1, 2, 0x0d])
    expect(arr(encodePayload({ format: 'text', text: 'hi', lineEnding: 'lf' }))).toEqual([0x68, 0x69, 0x0a])
    expect(arr(encodePayload({ format: 'text', text: 'hi', lineEnding: 'none' }))).toEqual([0x68, 0x69])
    expect(arr(encodePayload({ format: 'text', text: 'hi', encoding: 'utf-16be', lineEnding: 'lf' }))).toEqual([0, 0x68, 0, 0x69, 0, 0x0a])
  })

  it('rejects an unknown format', () => {
    expect(() => encodePayload({ format: 'morse' as 'hex', text: '' })).toThrow(CodecError)
  })
})

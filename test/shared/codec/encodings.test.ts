import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import iconv from 'iconv-lite'
import { CodecError, TEXT_ENCODINGS, decodeText, encodeText, parseEscapedText, parseLineEnding, parseTextEncoding, type TextEncodingName } from '../../../src/shared/codec'
import { dbcsUnitCacheSize } from '../../../src/shared/codec/encodings-dbcs'

const arr = (b: Uint8Array): number[] => Array.from(b)
const SAMPLES: Record<string, string> = {
  gbk: '你好，世界！ Hello 123 €',
  gb18030: '你好 𠀀 ★ ß é',
  big5: '中文測試 繁體 ABC',
  shift_jis: 'こんにちは、世界 ｶﾀｶﾅ ABC'
}

describe('encodeText / decodeText', () => {
  it('UTF-8 is the default and round-trips any text', () => {
    expect(arr(encodeText('é你'))).toEqual([0xc3, 0xa9, 0xe4, 0xbd, 0xa0])
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 50 }), (s) => {
        expect(decodeText(encodeText(s))).toBe(s)
      }),
      { numRuns: 100 }
    )
  })

  it.each(Object.entries(SAMPLES))('%s agrees with iconv-lite both ways', (name, text) => {
    const enc = name as TextEncodingName
    const iconvName = name === 'big5' ? 'big5hkscs' : name
    const bytes = encodeText(text, enc)
    expect(arr(bytes)).toEqual(arr(iconv.encode(text, iconvName)))
    expect(decodeText(bytes, enc)).toBe(text)
  })

  it('knows the well-known byte values', () => {
    expect(arr(encodeText('你好', 'gbk'))).toEqual([0xc4, 0xe3, 0xba, 0xc3])
    expect(arr(encodeText('𠀀', 'gb18030'))).toEqual([0x95, 0x32, 0x82, 0x36])
    expect(arr(encodeText('中', 'big5'))).toEqual([0xa4, 0xa4])
    expect(arr(encodeText('あ', 'shift_jis'))).toEqual([0x82, 0xa0])
    expect(arr(encodeText('é', 'latin1'))).toEqual([0xe9])
    expect(arr(encodeText('A€', 'utf-16le'))).toEqual([0x41, 0, 0xac, 0x20])
    expect(arr(encodeText('A€', 'utf-16be'))).toEqual([0, 0x41, 0x20, 0xac])
  })

  it('shows undecodable bytes as \\xHH by default, or U+FFFD per byte', () => {
    const bad = Uint8Array.of(0x68, 0xff, 0xe4, 0xbd, 0xa0, 0xe4, 0xbd)
    expect(decodeText(bad, 'utf-8')).toBe('h\\xff你\\xe4\\xbd')
    expect(decodeText(bad, 'utf-8', { invalid: 'replace' })).toBe('h\uFFFD你\uFFFD\uFFFD')
    expect(decodeText(Uint8Array.of(0x41, 0x80, 0xff), 'ascii')).toBe('A\\x80\\xff')
    expect(decodeText(Uint8Array.of(0xc4, 0xe3, 0xff, 0x41, 0x81), 'gbk')).toBe('你\\xffA\\x81')
    expect(decodeText(Uint8Array.of(0x82, 0xa0, 0x82), 'shift_jis')).toBe('あ\\x82')
    expect(decodeText(Uint8Array.of(0x41, 0x00, 0x00, 0xd8, 0x42), 'utf-16le')).toBe('A\\x00\\xd8\\x42')
  })

  it('keeps a genuine U+FFFD and a byte-order mark', () => {
    expect(decodeText(Uint8Array.of(0xef, 0xbf, 0xbd, 0xff))).toBe('\uFFFD\\xff')
    expect(decodeText(Uint8Array.of(0xef, 0xbb, 0xbf, 0x41))).toBe('\uFEFFA')
    expect(decodeText(Uint8Array.of(0x84, 0x31, 0xa4, 0x37, 0xff), 'gb18030')).toBe('\uFFFD\\xff')
  })

  it('decodes every byte of Latin-1 to the same code point', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i)
    const s = decodeText(all, 'latin1')
    expect(s.length).toBe(256)
    expect(Array.from(s, (c) => c.charCodeAt(0))).toEqual(Array.from(all))
    expect(encodeText(s, 'latin1')).toEqual(all)
  })

  it('never drops a byte: escapes read back to the original bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.constantFrom<TextEncodingName>('utf-8', 'utf-16le', 'utf-16be', 'ascii'), (b, enc) => {
        const shown = decodeText(b, enc, { invalid: 'replace' })
        fc.pre(!shown.includes('\\'))
        expect(parseEscapedText(decodeText(b, enc), enc)).toEqual(b)
      }),
      { numRuns: 200 }
    )
  })

  it('refuses characters the encoding cannot represent', () => {
    for (const [text, enc, pos] of [
      ['ab€', 'latin1', 2],
      ['é', 'ascii', 0],
      ['x한', 'gbk', 1],
      ['ok😀', 'shift_jis', 2],
      ['a\uD800', 'utf-8', 1]
    ] as const) {
      try {
        encodeText(text, enc)
        expect.unreachable()
      } catch (err) {
        expect(err).toBeInstanceOf(CodecError)
        expect((err as CodecError).code).toBe('EINVAL')
        expect((err as CodecError).message).toContain(`at position ${pos} cannot be encoded in ${enc}`)
      }
    }
    expect(arr(encodeText('a?b', 'gbk'))).toEqual([0x61, 0x3f, 0x62])
  })

  it('parses encoding names and aliases', () => {
    expect(parseTextEncoding('UTF8')).toBe('utf-8')
    expect(parseTextEncoding('Shift-JIS')).toBe('shift_jis')
    expect(parseTextEncoding('ISO-8859-1')).toBe('latin1')
    expect(parseTextEncoding('cp936')).toBe('gbk')
    for (const e of TEXT_ENCODINGS) expect(parseTextEncoding(e.name)).toBe(e.name)
    expect(() => parseTextEncoding('ebcdic')).toThrow(/unknown text encoding 'ebcdic'/)
    expect(parseLineEnding('CRLF')).toBe('crlf')
    expect(() => parseLineEnding('lfcr')).toThrow(CodecError)
  })

  it('keeps its cache of odd GB18030 sequences bounded whatever a peer sends', () => {
    // Lead byte, digit, then ASCII: each quadruple is a different invalid four-byte candidate.
    const n = 70_000
    const bytes = new Uint8Array(n * 4)
    for (let i = 0; i < n; i++) bytes.set([0x81 + (i % 126), 0x30 + (Math.floor(i / 126) % 10), 0x20 + (Math.floor(i / 1260) % 90), 0x41], i * 4)
    const text = decodeText(bytes, 'gb18030')
    expect(text.startsWith('\\x810 A')).toBe(true)
    expect(dbcsUnitCacheSize('gb18030')).toBeLessThanOrEqual(1 << 16)
  })
})

// The text parsers and byte tools fed what a user may paste or a page may send: random and
// adversarial strings (lone surrogates, stray backslashes, half escapes, prefixes with nothing
// after them, padding in the middle) and random bytes. They answer or throw the codec's own error,
// never another exception; and what the codec writes, it reads back.
import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import {
  CHECKSUMS,
  COPY_FORMATS,
  FRAMING_SPEC_FORMS,
  LINE_ENDINGS,
  PAYLOAD_FORMATS,
  TEXT_ENCODINGS,
  appendChecksum,
  checksum,
  checksumBytes,
  copyAs,
  createFramer,
  decodeText,
  encodePayload,
  encodeText,
  formatBase64,
  formatFramingSpec,
  formatHex,
  hexDumpRows,
  inspectAt,
  parseBase64,
  parseEscapedText,
  parseFramingSpec,
  parseHex,
  parseLineEnding,
  parseStructCode,
  parseTextEncoding,
  slipEscape,
  slipUnescape,
  verifyChecksum,
  type ChecksumName,
  type LineEnding,
  type PayloadFormat,
  type TextEncodingName
} from '../../../src/shared/codec'
import { tryCodec } from './fuzz-helpers'

/** Strings built from the pieces that trip parsers up, plus any UTF-16 code unit at all. */
function stringOf(...pieces: string[]): fc.Arbitrary<string> {
  return fc
    .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pieces) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 2 }) }, { weight: 1, arbitrary: fc.constantFrom('\ud800', '\udc00', '\ud83d\ude00', '\u0000', '\uffff') }), {
      maxLength: 40
    })
    .map((parts) => parts.join(''))
}

const HEXISH = stringOf('0', '9', 'a', 'F', 'g', '0x', '0X', '\\x', '\\', 'x', ' ', ',', ':', ';', '-', '_', '\n', '\t', '4f', '0x4', '\u00e9')
const BASE64ISH = stringOf('A', 'z', '0', '+', '/', '-', '_', '=', '==', ' ', '\n', 'QUJD', '!', '.', '\u00e9')
const ESCAPEDISH = stringOf('\\', '\\n', '\\r', '\\t', '\\0', '\\\\', '\\x', '\\x4', '\\x4f', '\\xzz', '\\u', '\\u00e9', '\\ud800', '\\uDC00', '\\q', 'a', ' ', '\u00e9', '\u4e2d', '\u20ac', '?')
const SPECISH = stringOf(
  'raw',
  'line',
  'slip',
  'delim',
  'fixed',
  'len',
  'struct',
  'json-header',
  ':',
  '::',
  '0d0a',
  '0x',
  '4',
  '8',
  '3',
  '0',
  '99999999999999999999',
  'be',
  'le',
  'signed',
  'incl',
  '!I',
  '<H',
  'q',
  'header=',
  '1m',
  '64k',
  'k',
  ' ',
  'LEN',
  'Header=2'
)
const ENCODINGS = TEXT_ENCODINGS.map((e) => e.name)
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

describe('parsers of typed text', () => {
  it('parseHex reads back what formatHex writes, and fails only with a codec error', () => {
    fc.assert(
      fc.property(HEXISH, fc.uint8Array({ maxLength: 40 }), fc.constantFrom('', ' ', ':', ', ', '\n'), (text, bytes, separator) => {
        const parsed = tryCodec(() => parseHex(text))
        if (parsed) expect(parsed.length).toBeLessThanOrEqual(text.length / 2)
        expect(parseHex(formatHex(bytes, { separator, uppercase: bytes.length % 2 === 1 }))).toEqual(bytes)
      }),
      { numRuns: 400 }
    )
  })

  it('parseBase64 reads back what formatBase64 writes, and fails only with a codec error', () => {
    fc.assert(
      fc.property(BASE64ISH, fc.uint8Array({ maxLength: 40 }), (text, bytes) => {
        tryCodec(() => parseBase64(text))
        expect(parseBase64(formatBase64(bytes))).toEqual(bytes)
      }),
      { numRuns: 400 }
    )
  })

  it('parseEscapedText reads back copyAs escaped-text, and fails only with a codec error in any encoding', () => {
    fc.assert(
      fc.property(ESCAPEDISH, fc.constantFrom(...ENCODINGS), fc.uint8Array({ maxLength: 40 }), (text, encoding, bytes) => {
        tryCodec(() => parseEscapedText(text, encoding))
        // Escaped text is ASCII, so any ASCII-compatible encoding reads it back to the same bytes.
        if (!encoding.startsWith('utf-16')) expect(parseEscapedText(copyAs(bytes, 'escaped-text'), encoding)).toEqual(bytes)
      }),
      { numRuns: 400 }
    )
  })

  it('encodeText refuses only with a codec error, and the bytes it gives decode back', () => {
    fc.assert(
      fc.property(ESCAPEDISH, fc.constantFrom(...ENCODINGS), (text, encoding) => {
        const bytes = tryCodec(() => encodeText(text, encoding))
        // UTF-16 carries a lone surrogate as the code unit it is; shown, it is its two bytes escaped.
        if (bytes && !LONE_SURROGATE.test(text)) expect(decodeText(bytes, encoding)).toBe(text)
      }),
      { numRuns: 300 }
    )
  })

  it('names of encodings, line endings and payload formats are refused with a codec error', () => {
    fc.assert(
      fc.property(stringOf('utf', '-', '8', '16', 'le', 'be', 'gbk', 'cp', '936', 'shift', '_', 'jis', 'latin', '1', 'lf', 'cr', 'crlf', 'none', 'hex', 'text', 'base64', 'escaped', 'UTF'), (name) => {
        const encoding = tryCodec(() => parseTextEncoding(name))
        if (encoding) expect(ENCODINGS).toContain(encoding)
        const ending = tryCodec(() => parseLineEnding(name))
        if (ending) expect(LINE_ENDINGS).toContain(ending)
        tryCodec(() => encodePayload({ format: name as PayloadFormat, text: name }))
      }),
      { numRuns: 300 }
    )
  })

  it('encodePayload in every format, encoding and line ending fails only with a codec error', () => {
    fc.assert(
      fc.property(
        fc.oneof(HEXISH, BASE64ISH, ESCAPEDISH),
        fc.constantFrom(...PAYLOAD_FORMATS),
        fc.constantFrom(...ENCODINGS),
        fc.constantFrom(...LINE_ENDINGS),
        (text, format, encoding: TextEncodingName, lineEnding: LineEnding) => {
          const bytes = tryCodec(() => encodePayload({ format, text, encoding, lineEnding }))
          if (bytes && lineEnding !== 'none') expect(bytes.length).toBeGreaterThan(0)
        }
      ),
      { numRuns: 400 }
    )
  })
})

describe('the framing spec parser', () => {
  it('gives a spec that formats and parses back to itself and makes a framer, or a codec error', () => {
    fc.assert(
      fc.property(SPECISH, (text) => {
        const spec = tryCodec(() => parseFramingSpec(text))
        if (!spec) return
        const canonical = formatFramingSpec(spec)
        expect(parseFramingSpec(canonical)).toEqual(spec)
        expect(formatFramingSpec(parseFramingSpec(canonical))).toBe(canonical)
        const framer = tryCodec(() => createFramer(spec, { maxFrameSize: 1024 }))
        if (framer) expect(framer.spec).toBe(spec)
      }),
      { numRuns: 1500 }
    )
  })

  it('refuses with the list of valid forms', () => {
    fc.assert(
      fc.property(SPECISH, (text) => {
        try {
          parseFramingSpec(text)
        } catch (err) {
          expect((err as Error & { hint: string }).hint).toContain(FRAMING_SPEC_FORMS)
        }
        tryCodec(() => parseStructCode(text))
      }),
      { numRuns: 300 }
    )
  })
})

describe('bytes to text and numbers', () => {
  it('decodeText never throws, in any encoding and either style, for any bytes', () => {
    const bytes = fc.oneof(fc.uint8Array({ maxLength: 60 }), fc.array(fc.constantFrom(0x00, 0x30, 0x39, 0x7f, 0x80, 0x81, 0xa1, 0xc0, 0xd8, 0xdc, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xfe, 0xff), { maxLength: 60 }).map((b) => Uint8Array.from(b)))
    fc.assert(
      fc.property(bytes, fc.constantFrom(...ENCODINGS), fc.constantFrom('escape' as const, 'replace' as const), (b, encoding, invalid) => {
        expect(typeof decodeText(b, encoding, { invalid })).toBe('string')
      }),
      { numRuns: 500 }
    )
  })

  it('checksums: unknown names fail with a codec error; appended checksums verify', () => {
    const names = fc.oneof(fc.constantFrom(...CHECKSUMS.map((c) => c.name)), fc.string({ maxLength: 8 }).map((s) => s as ChecksumName))
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), names, fc.constantFrom(undefined, 'be' as const, 'le' as const), (bytes, name, endian) => {
        tryCodec(() => checksum(bytes, name))
        tryCodec(() => checksumBytes(0xffffffff, name, endian))
        tryCodec(() => verifyChecksum(bytes, name, endian))
        const framed = tryCodec(() => appendChecksum(bytes, name, endian))
        if (framed) expect(verifyChecksum(framed, name, endian).ok).toBe(true)
      }),
      { numRuns: 300 }
    )
  })

  it('inspectAt reads only inside the bytes, for any offset', () => {
    const offsets = fc.oneof(fc.integer({ min: -10, max: 50 }), fc.constantFrom(NaN, Infinity, -Infinity, 0.5, 2 ** 53, -0))
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), offsets, (bytes, offset) => {
        for (const v of inspectAt(bytes, offset)) {
          const inside = Number.isInteger(offset) && offset >= 0 && offset + v.size <= bytes.length
          expect(v.le === null).toBe(!inside)
          expect(v.be === null).toBe(!inside)
        }
      }),
      { numRuns: 300 }
    )
  })

  it('copyAs, hex dump windows and SLIP escaping take any bytes', () => {
    const window = fc.integer({ min: -5, max: 10 })
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), window, window, fc.constantFrom(8 as const, 16 as const, 32 as const), (bytes, startRow, rowCount, bytesPerRow) => {
        for (const { format } of COPY_FORMATS) expect(typeof copyAs(bytes, format)).toBe('string')
        const rows = hexDumpRows(bytes, { startRow, rowCount, bytesPerRow })
        expect(rows.length).toBeLessThanOrEqual(Math.max(0, rowCount))
        expect(slipUnescape(slipEscape(bytes))).toEqual(bytes)
        expect(slipUnescape(bytes).length).toBeLessThanOrEqual(bytes.length)
      }),
      { numRuns: 300 }
    )
  })
})

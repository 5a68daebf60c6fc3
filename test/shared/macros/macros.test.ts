import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CodecError, checksum, encodePayload, encodeText, formatHex, parseHex, type PayloadFormat } from '../../../src/shared/codec'
import { structTimeAt } from '../../../src/shared/responders/local-time'
import { escapeMacroBraces, expandMacros, expandPayload, MAX_RANDOM_BYTES, maxExpandedSize, parseMacroTemplate, type MacroContext } from '../../../src/shared/macros'
import { codecError } from '../codec/catch-codec-error'

// 2026-12-02 09:05:07 UTC, a Wednesday.
const TIME = structTimeAt(Date.UTC(2026, 11, 2, 9, 5, 7), 0, 'UTC')

function ctx(counter = 1, random = (n: number) => Uint8Array.from({ length: n }, (_, k) => (0xa0 + k) & 0xff)): MacroContext {
  return { counter, time: TIME, random }
}

function expand(text: string, format: PayloadFormat = 'text', c: MacroContext = ctx()): Uint8Array {
  return expandMacros(parseMacroTemplate({ format, text }), c)
}

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s)
const hex = (b: Uint8Array): string => formatHex(b, { separator: ' ' })

describe('payload macros: each macro', () => {
  it('{counter} writes the send number: decimal in text, one byte in hex, other forms on request', () => {
    expect(expand('n={counter}', 'text', ctx(42))).toEqual(ascii('n=42'))
    expect(expand('01 {counter}', 'hex', ctx(42))).toEqual(Uint8Array.of(1, 42))
    expect(expand('01 {counter}', 'hex', ctx(257))).toEqual(Uint8Array.of(1, 1))
    expect(expand('{counter:u16be}{counter:u16le}', 'hex', ctx(0x1234))).toEqual(Uint8Array.of(0x12, 0x34, 0x34, 0x12))
    expect(expand('{counter:u32be}', 'text', ctx(0x01020304))).toEqual(Uint8Array.of(1, 2, 3, 4))
    expect(expand('{counter:u32le}', 'text', ctx(0x01020304))).toEqual(Uint8Array.of(4, 3, 2, 1))
    expect(expand('{counter:hex}', 'text', ctx(255))).toEqual(ascii('FF'))
    expect(expand('{counter:dec}', 'hex', ctx(300))).toEqual(ascii('300'))
  })

  it('{time} formats the context time with strftime; {time} alone is %H:%M:%S', () => {
    expect(expand('{time}')).toEqual(ascii('09:05:07'))
    expect(expand('[{time:%Y-%m-%d %H:%M:%S}]')).toEqual(ascii('[2026-12-02 09:05:07]'))
    expect(expand('{time:%A %j}')).toEqual(ascii('Wednesday 336'))
    expect(expand('ff {time:%H}', 'hex')).toEqual(Uint8Array.of(0xff, 0x30, 0x39))
  })

  it('{random:N} takes N bytes from the random source: hex text in text, raw in hex', () => {
    expect(expand('{random:3}', 'hex')).toEqual(Uint8Array.of(0xa0, 0xa1, 0xa2))
    expect(expand('r={random:2}')).toEqual(ascii('r=A0A1'))
    expect(expand('{random:2:raw}')).toEqual(Uint8Array.of(0xa0, 0xa1))
    expect(expand('{random:2:hex}', 'hex')).toEqual(ascii('A0A1'))
    let asked = 0
    const counting = ctx(1, (n) => {
      asked += n
      return new Uint8Array(n)
    })
    expect(expand('{random:8}', 'hex', counting)).toEqual(new Uint8Array(8))
    expect(asked).toBe(8)
  })

  it('{len} counts the bytes after it, later macros included', () => {
    expect(expand('aa {len} 01 02 03', 'hex')).toEqual(Uint8Array.of(0xaa, 3, 1, 2, 3))
    expect(expand('aa {len} 01 02 {crc16}', 'hex')).toEqual(parseHex(`aa 04 01 02 ${hex(crcLe(Uint8Array.of(0xaa, 4, 1, 2)))}`))
    expect(expand('LEN={len};hello')).toEqual(ascii('LEN=6;hello'))
    expect(expand('{len:u16be}' + '00 '.repeat(300), 'hex')).toEqual(Uint8Array.from([0x01, 0x2c, ...new Array<number>(300).fill(0)]))
    // A length counts a later length's own digits: the second is 2 ("ab"), the first 3 ("2ab").
    expect(expand('{len}{len}ab')).toEqual(ascii('32ab'))
    // Nine bytes follow ("123456789"), then ten: a decimal length grows by a digit and is counted by the one before it.
    expect(expand('{len}{len}1234567890')).toEqual(ascii('12101234567890'))
    expect(expand('x{len}', 'text')).toEqual(ascii('x0'))
  })

  it('{crc16} is CRC-16/MODBUS and {crc32} CRC-32 over every byte before them (check values of "123456789")', () => {
    expect(checksum(ascii('123456789'), 'crc16-modbus')).toBe(0x4b37)
    expect(expand('123456789{crc16}')).toEqual(ascii('1234567894B37'))
    expect(expand('123456789{crc32}')).toEqual(ascii('123456789CBF43926'))
    expect(expand('31 32 33 34 35 36 37 38 39 {crc16}', 'hex')).toEqual(Uint8Array.from([...ascii('123456789'), 0x37, 0x4b]))
    expect(expand('31 32 33 34 35 36 37 38 39 {crc32}', 'hex')).toEqual(Uint8Array.from([...ascii('123456789'), 0xcb, 0xf4, 0x39, 0x26]))
    expect(expand('123456789{crc16:be}')).toEqual(Uint8Array.from([...ascii('123456789'), 0x4b, 0x37]))
    expect(expand('123456789{crc32:le}')).toEqual(Uint8Array.from([...ascii('123456789'), 0x26, 0x39, 0xf4, 0xcb]))
    expect(expand('31 {crc16:hex}', 'hex')).toEqual(Uint8Array.from([0x31, ...ascii(checksum(ascii('1'), 'crc16-modbus').toString(16).toUpperCase().padStart(4, '0'))]))
    // A MODBUS RTU read request: slave 1, function 3, 10 registers from 0.
    expect(hex(expand('01 03 00 00 00 0a {crc16}', 'hex'))).toBe('01 03 00 00 00 0a c5 cd')
    // A second CRC covers the first.
    const twice = expand('61{crc16}{crc16}', 'hex')
    expect(twice.subarray(3)).toEqual(crcLe(twice.subarray(0, 3)))
  })

  it('writes text macros in the payload encoding in text modes, ASCII in hex', () => {
    const t = parseMacroTemplate({ format: 'text', text: 'é{counter}', encoding: 'utf-16le' })
    expect(expandMacros(t, ctx(7))).toEqual(encodeText('é7', 'utf-16le'))
    const h = parseMacroTemplate({ format: 'hex', text: '{counter:dec}', encoding: 'utf-16le' })
    expect(expandMacros(h, ctx(7))).toEqual(ascii('7'))
  })

  it('reads the text between macros in the payload format: escapes, hex, base64', () => {
    expect(expand('a\\t{counter}\\r\\n', 'escaped', ctx(5))).toEqual(ascii('a\t5\r\n'))
    expect(expand('AAE={counter}', 'base64', ctx(9))).toEqual(Uint8Array.of(0, 1, 9))
    expect(expandPayload({ format: 'text', text: 'x{len}y', lineEnding: 'crlf' }, ctx())).toEqual(ascii('x1y\r\n'))
  })

  it('tells which macros a template uses', () => {
    expect([...parseMacroTemplate({ format: 'text', text: '{time}{{x}}{crc32}' }).uses].sort()).toEqual(['crc32', 'time'])
    expect(parseMacroTemplate({ format: 'text', text: '{{counter}}' }).uses.size).toBe(0)
  })
})

describe('payload macros: braces', () => {
  it('sends {{ and }} as one brace each, and does not read a macro inside them', () => {
    expect(expand('{{counter}} {{"a": {counter}}}', 'text', ctx(3))).toEqual(ascii('{counter} {"a": 3}'))
    expect(expand('{{{counter}}}', 'text', ctx(3))).toEqual(ascii('{3}'))
    expect(escapeMacroBraces('{a}}')).toBe('{{a}}}}')
  })
})

describe('payload macros: errors name the position and what to do', () => {
  const cases: [string, PayloadFormat, string, number][] = [
    ['ab{count}', 'text', 'unknownMacro', 2],
    ['ab{}', 'text', 'unknownMacro', 2],
    ['ab{Counter}', 'text', 'unknownMacro', 2],
    ['x {counter', 'text', 'unclosedMacro', 2],
    ['{a{counter}', 'text', 'unclosedMacro', 0],
    ['ab}', 'text', 'loneCloseBrace', 2],
    ['{{}', 'text', 'loneCloseBrace', 2],
    ['{len:u64}', 'text', 'macroBadForm', 0],
    ['..{crc16:dec}', 'text', 'macroBadForm', 2],
    ['{random}', 'text', 'macroRandomCount', 0],
    ['{random:0}', 'text', 'macroRandomCount', 0],
    [`{random:${MAX_RANDOM_BYTES + 1}}`, 'text', 'macroRandomCount', 0],
    ['{random:2:bin}', 'text', 'macroBadForm', 0],
    ['{time:%H\0}', 'text', 'macroTimeNul', 0],
    ['{time:%9999Y}', 'text', 'macroTimeTooLong', 0]
  ]
  for (const [text, format, id, position] of cases) {
    it(`${JSON.stringify(text)}: ${id} at ${position}`, () => {
      const err = codecError(() => parseMacroTemplate({ format, text }))
      expect(err.code).toBe('EINVAL')
      expect(err.id).toBe(id)
      expect(err.params?.position).toBe(position)
      expect(err.message).toContain(`position ${position}`)
      expect(err.hint.length).toBeGreaterThan(10)
    })
  }

  it('lists the macros and the braces in the hint', () => {
    const err = codecError(() => parseMacroTemplate({ format: 'text', text: '{nope}' }))
    expect(err.message).toBe('unknown macro {nope} at position 0')
    expect(err.hint).toContain('{counter}')
    expect(err.hint).toContain('{{ }}')
  })

  it('puts errors in the literal text at their place in the whole template', () => {
    const bad = codecError(() => parseMacroTemplate({ format: 'hex', text: '{{counter}} 01 {crc16} 0g' }))
    expect(bad.id).toBe('badHexDigit')
    // '{{counter}}' is the literal text '{counter}', not hex: its first brace is the bad digit.
    expect(bad.params?.position).toBe(0)
    const later = codecError(() => parseMacroTemplate({ format: 'hex', text: '01 {crc16} 0g' }))
    expect(later.params?.position).toBe(12)
    expect(later.message).toContain('position 12')
    const odd = codecError(() => parseMacroTemplate({ format: 'hex', text: '{counter} 0' }))
    expect(odd.id).toBe('oddHexDigits')
    expect(odd.params).toMatchObject({ start: 10, position: 10 })
    const esc = codecError(() => parseMacroTemplate({ format: 'escaped', text: '{{x}}ab\\q' }))
    expect(esc.id).toBe('unknownEscape')
    expect(esc.params?.position).toBe(7)
    const lone = codecError(() => parseMacroTemplate({ format: 'escaped', text: 'ab\\{counter}' }))
    expect(lone.id).toBe('loneBackslash')
    expect(lone.params?.position).toBe(2)
  })

  it('refuses a length that does not fit its binary form, when expanding', () => {
    const t = parseMacroTemplate({ format: 'hex', text: '{len}' + ' 00'.repeat(256) })
    const err = codecError(() => expandMacros(t, ctx()))
    expect(err.id).toBe('macroLenTooBig')
    expect(err.params).toMatchObject({ position: 0, value: 256, form: 'u8' })
    expect(expand('{len}' + ' 00'.repeat(255), 'hex')[0]).toBe(255)
  })
})

describe('payload macros: properties', () => {
  it('a template without macros, its braces doubled, expands to exactly its literal bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        const literal = encodePayload({ format: 'text', text: s })
        expect(expand(escapeMacroBraces(s), 'text')).toEqual(literal)
      })
    )
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(expand(formatHex(bytes, { separator: ' ' }), 'hex')).toEqual(bytes)
      })
    )
  })

  it('parsing any string in any format throws nothing but a CodecError, and what parses expands', () => {
    const alphabet = fc.constantFrom(...'{}:%\\x0aAZ09 counterlnrdmcr16326time'.split(''))
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: alphabet, maxLength: 60 })), fc.constantFrom<PayloadFormat>('text', 'escaped', 'hex', 'base64'), (text, format) => {
        let t
        try {
          t = parseMacroTemplate({ format, text })
        } catch (err) {
          expect(err).toBeInstanceOf(CodecError)
          expect((err as CodecError).hint).not.toBe('')
          return
        }
        try {
          const out = expandMacros(t, ctx(2 ** 40))
          expect(out.length).toBeLessThanOrEqual(maxExpandedSize(t))
        } catch (err) {
          expect((err as CodecError).id).toBe('macroLenTooBig')
        }
      }),
      { numRuns: 2000 }
    )
  })

  it('never makes more than maxExpandedSize says, in any encoding', () => {
    const widest = ctx(Number.MAX_SAFE_INTEGER)
    for (const encoding of ['utf-8', 'utf-16le', 'gb18030'] as const) {
      const t = parseMacroTemplate({ format: 'text', text: '中{counter}{len}{crc16}{crc32}{time:%A %B %Z %c}{random:5}', encoding })
      expect(expandMacros(t, widest).length).toBeLessThanOrEqual(maxExpandedSize(t))
    }
    expect(maxExpandedSize(parseMacroTemplate({ format: 'hex', text: '01 {counter} {len:u16be} {crc16} {random:3}' }))).toBe(1 + 1 + 2 + 2 + 3)
  })

  it('a CRC macro at the end makes the whole payload check out', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const out = expand(`${formatHex(bytes, { separator: ' ' })} {crc16}`, 'hex')
        expect(out.subarray(0, bytes.length)).toEqual(bytes)
        expect(out.subarray(bytes.length)).toEqual(crcLe(bytes))
      })
    )
  })
})

function crcLe(bytes: Uint8Array): Uint8Array {
  const v = checksum(bytes, 'crc16-modbus')
  return Uint8Array.of(v & 0xff, v >>> 8)
}

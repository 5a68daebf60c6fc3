// The macro template parser and expander fed what a hostile or careless user types: random text
// with braces, huge counts, degenerate formats. Every input ends in a CodecError (code, message,
// hint) or in bytes no longer than maxExpandedSize says; and no template, however long, can stand
// for more bytes than one send may carry.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CodecError, type PayloadFormat } from '../../src/shared/codec'
import { expandMacros, MAX_RANDOM_BYTES, maxExpandedSize, parseMacroTemplate, type MacroContext } from '../../src/shared/macros'
import { structTimeAt } from '../../src/shared/responders/local-time'
import { MAX_SEND_BYTES } from '../../src/shared/schemas'

const TIME = structTimeAt(Date.UTC(2026, 11, 2, 9, 5, 7), 0, 'UTC')
const FORMATS: PayloadFormat[] = ['text', 'escaped', 'hex', 'base64']

/** A random source that counts what it was asked for, so a test can bound the work. */
function context(counter: number): MacroContext & { drawn: number } {
  const c = {
    counter,
    time: TIME,
    drawn: 0,
    random(n: number): Uint8Array {
      c.drawn += n
      return new Uint8Array(n).fill(0x5a)
    }
  }
  return c
}

/** Parses and expands; a CodecError is a right answer, any other throw fails the test. */
function attempt(text: string, format: PayloadFormat, counter = 1): Uint8Array | CodecError {
  let template: ReturnType<typeof parseMacroTemplate>
  try {
    template = parseMacroTemplate({ format, text })
  } catch (err) {
    expectTyped(err)
    return err as CodecError
  }
  const ctx = context(counter)
  try {
    const bytes = expandMacros(template, ctx)
    expect(bytes).toBeInstanceOf(Uint8Array)
    expect(bytes.byteLength).toBeLessThanOrEqual(maxExpandedSize(template))
    expect(ctx.drawn).toBeLessThanOrEqual(MAX_RANDOM_BYTES * template.pieces.length)
    return bytes
  } catch (err) {
    expectTyped(err)
    return err as CodecError
  }
}

function expectTyped(err: unknown): void {
  if (!(err instanceof CodecError)) throw new Error(`not a CodecError: ${String(err)}`, { cause: err })
  expect(err.code).toMatch(/^E[A-Z]+$/)
  expect(err.message.length).toBeGreaterThan(0)
  expect(err.hint.length).toBeGreaterThan(0)
}

/** Text heavy in braces, colons, percent signs and macro names, with some of everything else. */
const templateText = fc
  .array(
    fc.oneof(
      fc.constantFrom('{', '}', '{{', '}}', ':', '%', '{counter}', '{len}', '{crc16}', '{crc32}', '{time:', '{random:', '{len:u8}', '{counter:u32le}', 'random', '\\', '\\x', '0', 'ff', ' '),
      fc.string({ maxLength: 4, unit: 'grapheme' }),
      fc.string({ maxLength: 4, unit: 'binary' }),
      fc.integer({ min: 0, max: 99999 }).map(String)
    ),
    { maxLength: 24 }
  )
  .map((parts) => parts.join(''))

describe('macro templates under attack', () => {
  it('random text in every format: a CodecError or bytes within the declared bound', () => {
    fc.assert(
      fc.property(templateText, fc.constantFrom(...FORMATS), fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)), (text, format, counter) => {
        attempt(text, format, counter)
      }),
      { numRuns: 1500 }
    )
  })

  it('arbitrary unicode, lone surrogates included, never throws anything but a CodecError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 64, unit: 'binary' }), fc.constantFrom(...FORMATS), (text, format) => {
        attempt(text, format)
      }),
      { numRuns: 500 }
    )
  })

  it('{random:N} past its limit is refused when parsed, whatever the digits', () => {
    for (const n of ['999999999', '4097', '99999', '0', '-1', '1e3', '0x10', ' 8', '8 ', '', '9'.repeat(400), '４']) {
      const got = attempt(`{random:${n}}`, 'text')
      expect(got, `{random:${n}}`).toBeInstanceOf(CodecError)
    }
    expect(attempt(`{random:${MAX_RANDOM_BYTES}}`, 'hex')).toHaveLength(MAX_RANDOM_BYTES)
  })

  it('degenerate time formats: a lone %, %%, unknown directives, a huge width', () => {
    for (const f of ['%', '%%', '%Q', '%-', '%9999999999Y', '%E', '%O', '%:', '']) attempt(`{time:${f}}`, 'text')
    expect(attempt('{time:%9999999Y}', 'text')).toBeInstanceOf(CodecError)
  })

  it('huge counters write every digit in text and wrap in binary forms', () => {
    const big = Number.MAX_SAFE_INTEGER
    expect(new TextDecoder().decode(attempt('{counter}', 'text', big) as Uint8Array)).toBe(String(big))
    expect(attempt('{counter:u32be}', 'text', big)).toEqual(Uint8Array.of(0xff, 0xff, 0xff, 0xff))
    expect(attempt('{counter}', 'hex', 2 ** 40 + 7)).toEqual(Uint8Array.of(7))
  })

  it('{len} twice counts what follows each; {crc16} first covers nothing', () => {
    expect(attempt('{len}{len}ab', 'text')).toEqual(new TextEncoder().encode('32ab'))
    expect(attempt('{len} {len}', 'hex')).toEqual(Uint8Array.of(1, 0))
    // CRC-16/MODBUS of no bytes is its initial value 0xFFFF.
    expect(attempt('{crc16} 01', 'hex')).toEqual(Uint8Array.of(0xff, 0xff, 0x01))
    expect(attempt('{crc16}', 'text')).toEqual(new TextEncoder().encode('FFFF'))
  })

  it('a {len:u8} with more than 255 bytes after it is an error, not a wrapped length', () => {
    expect(attempt(`{len:u8}{random:256}`, 'hex')).toBeInstanceOf(CodecError)
  })

  it('nested and unbalanced braces are refused with a position', () => {
    for (const t of ['{{counter}', '{counter}}', '{{{counter}}}', '{{{counter}', '{coun{ter}', '{', '}', '{}', '{:}', '{counter:}', '{counter:dec:x}']) {
      const got = attempt(t, 'text')
      if (got instanceof CodecError) expect(got.params ?? {}, t).toHaveProperty('position')
    }
    // The doubled braces are literals around a macro: a brace, the count, a brace.
    expect(new TextDecoder().decode(attempt('{{{counter}}}', 'text', 7) as Uint8Array)).toBe('{7}')
  })

  // Without a bound on the random bytes together, this 260 KB template stood for 655,360,000 bytes,
  // which the composer and the CLI would allocate per send before MAX_SEND_BYTES refused them.
  it('a template cannot stand for more bytes than one send may carry', () => {
    // 20,000 macros of 4096 random bytes, as hex text: 160 MiB from a 260 KB template.
    const text = '{random:4096}'.repeat(20_000)
    let template: ReturnType<typeof parseMacroTemplate> | undefined
    try {
      template = parseMacroTemplate({ format: 'text', text })
    } catch (err) {
      expectTyped(err)
    }
    if (template) expect(maxExpandedSize(template)).toBeLessThanOrEqual(MAX_SEND_BYTES)
    expect(template).toBeUndefined()
  })

  it('draws at most 64 KiB of random bytes in one template, and says where it went past', () => {
    const fits = parseMacroTemplate({ format: 'text', text: '{random:4096}'.repeat(16) })
    expect(maxExpandedSize(fits)).toBeLessThanOrEqual(16 * 4096 * 8)
    let refused: unknown
    try {
      parseMacroTemplate({ format: 'hex', text: '00 ' + '{random:4096}'.repeat(17) })
    } catch (err) {
      refused = err
    }
    expectTyped(refused)
    expect(refused).toMatchObject({ id: 'macroRandomTotal', params: { position: 3 + 16 * 13, total: 17 * 4096, max: 65536 } })
  })
})

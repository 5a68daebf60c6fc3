// Payload macros: `{counter}`, `{time:%H:%M:%S}`, `{random:8}`, `{len}`, `{crc16}`, `{crc32}` in a
// payload the composer, the CLI or a responder sends. A template is parsed once, in the payload's
// format, into literal bytes and macros; expanding it (./expand.ts) fills the macros in for one send.
//
// How a template is read:
// - `{{` is a literal `{` and `}}` a literal `}` (as in Python's str.format), so any payload can still
//   send braces; a lone `}` or a `{` that is never closed is an error with its position.
// - The text between macros is decoded in the payload's format on its own: plain text and text with
//   escapes are encoded in the chosen encoding, hex and base64 are decoded. So `01 03 00 00 00 0a {crc16}`
//   is hex with a CRC, and `seq={counter}\r\n` is text with escapes. Escapes do not reach into a macro.
// - Macros write text in the text formats and raw bytes in hex and base64, which is what each format's
//   users expect (NetAssist and Packet Sender users type ASCII protocols in text and binary frames in
//   hex). A form after a colon picks another rendering: `{len:u16be}`, `{crc16:hex}`, `{counter:dec}`.
import { CodecError, encodeText, parseBase64, parseEscapedText, parseHex, type PayloadFormat, type TextEncodingName } from '../codec'
import { invalid } from '../codec/errors'
import type { CatalogRef } from '../errors'
import { structTimeAt } from '../responders/local-time'
import { pythonStrftime } from '../responders/strftime'

/** How a number macro is written: decimal or hex digits (ASCII), or an unsigned binary integer. */
export type NumberForm = 'dec' | 'hex' | 'u8' | 'u16be' | 'u16le' | 'u32be' | 'u32le'
/** How a CRC is written: hex digits (ASCII, full width, upper case), or its bytes in either order. */
export type CrcForm = 'hex' | 'be' | 'le'
export type RandomForm = 'hex' | 'raw'

export const NUMBER_FORMS: readonly NumberForm[] = ['dec', 'hex', 'u8', 'u16be', 'u16le', 'u32be', 'u32le']
export const CRC_FORMS: readonly CrcForm[] = ['hex', 'be', 'le']
export const RANDOM_FORMS: readonly RandomForm[] = ['hex', 'raw']

export const MACRO_NAMES = ['counter', 'time', 'random', 'len', 'crc16', 'crc32'] as const
export type MacroName = (typeof MACRO_NAMES)[number]

/** The macros as a user writes them, for help texts and error hints. */
export const MACRO_EXAMPLES = '{counter} {time:%H:%M:%S} {random:8} {len} {crc16} {crc32}'

/** The time format `{time}` uses without one. */
export const DEFAULT_TIME_FORMAT = '%H:%M:%S'
/** The most random bytes one `{random:N}` makes. */
export const MAX_RANDOM_BYTES = 4096
/**
 * The most random bytes all of a template's `{random:N}` draw together. Every other macro makes a
 * few bytes, so with this a template never stands for much more than its own length: a short text
 * cannot make the composer or the CLI allocate hundreds of megabytes per send.
 */
export const MAX_RANDOM_TOTAL = 64 * 1024
/** The longest text one `{time:...}` may make: a format such as %9999Y is refused when parsed. */
export const MAX_TIME_TEXT = 1024

export type MacroPiece =
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'counter'; form: NumberForm; position: number }
  | { kind: 'len'; form: NumberForm; position: number }
  | { kind: 'crc'; checksum: 'crc16-modbus' | 'crc32'; form: CrcForm; position: number }
  | { kind: 'time'; format: string; position: number }
  | { kind: 'random'; count: number; form: RandomForm; position: number }

export interface MacroTemplate {
  pieces: readonly MacroPiece[]
  /** Which macros it holds, so a caller knows whether it must tick a clock or draw random bytes. */
  uses: ReadonlySet<MacroName>
  /** What the text macros write is encoded in: the payload's encoding in text formats, UTF-8 (ASCII) in hex and base64. */
  encoding: TextEncodingName
}

export interface MacroPayloadInput {
  format: PayloadFormat
  text: string
  /** Encoding of text and escaped payloads (and of the text macros write there); utf-8 by default. */
  encoding?: TextEncodingName
}

function textual(format: PayloadFormat): boolean {
  return format === 'text' || format === 'escaped'
}

const BRACES = '{{ }}'
const syntax = { macros: MACRO_EXAMPLES, braces: BRACES }

function decodeLiteral(text: string, input: MacroPayloadInput): Uint8Array {
  const encoding = input.encoding ?? 'utf-8'
  switch (input.format) {
    case 'text':
      return encodeText(text, encoding)
    case 'escaped':
      return parseEscapedText(text, encoding)
    case 'hex':
      return parseHex(text)
    case 'base64':
      return parseBase64(text)
    default:
      throw invalid({ id: 'unknownPayloadFormat', hintId: 'useOneOf', params: { name: String(input.format), choices: 'text, escaped, hex, base64' } })
  }
}

/** Moves an error's positions from the literal run's indices to the template's. */
function relocate(err: unknown, positions: readonly number[]): unknown {
  if (!(err instanceof CodecError) || err.id === undefined || !err.params) return err
  const params = { ...err.params }
  for (const key of ['position', 'start'] as const) {
    const at = params[key]
    if (typeof at === 'number') params[key] = positions[at] ?? positions[positions.length - 1] ?? at
  }
  return CodecError.of(err.code, { id: err.id, hintId: err.hintId, params } as CatalogRef)
}

function formOf<F extends string>(written: string | undefined, forms: readonly F[], fallback: F, macro: string, position: number): F {
  if (written === undefined) return fallback
  if ((forms as readonly string[]).includes(written)) return written as F
  throw invalid({ id: 'macroBadForm', hintId: 'useOneOf', params: { macro, position, form: written, choices: forms.join(', ') } })
}

/** A sample local time that makes the longest names (Wednesday, September) to bound a time format. */
const SAMPLE_TIME = structTimeAt(Date.UTC(2025, 8, 24, 23, 59, 59), 0, 'UTC')

function parseMacro(body: string, position: number, input: MacroPayloadInput): Exclude<MacroPiece, { kind: 'bytes' }> {
  const colon = body.indexOf(':')
  const name = colon < 0 ? body : body.slice(0, colon)
  const arg = colon < 0 ? undefined : body.slice(colon + 1)
  const written = `{${body}}`
  const text = textual(input.format)
  switch (name) {
    case 'counter':
    case 'len':
      return { kind: name, form: formOf(arg, NUMBER_FORMS, text ? 'dec' : 'u8', written, position), position }
    case 'crc16':
    case 'crc32':
      return {
        kind: 'crc',
        checksum: name === 'crc16' ? 'crc16-modbus' : 'crc32',
        // MODBUS sends its CRC low byte first; CRC-32 is usually written big-endian.
        form: formOf(arg, CRC_FORMS, text ? 'hex' : name === 'crc16' ? 'le' : 'be', written, position),
        position
      }
    case 'time': {
      const format = arg ?? DEFAULT_TIME_FORMAT
      if (format.includes('\0')) throw invalid({ id: 'macroTimeNul', hintId: 'macroTime', params: { position } })
      const sample = pythonStrftime(format, SAMPLE_TIME, MAX_TIME_TEXT)
      if (sample === undefined || (sample === '' && format !== '')) {
        throw invalid({ id: 'macroTimeTooLong', hintId: 'macroTime', params: { position, max: MAX_TIME_TEXT } })
      }
      return { kind: 'time', format, position }
    }
    case 'random': {
      const [count = '', form] = (arg ?? '').split(/:(.*)/s)
      const n = /^\d{1,5}$/.test(count) ? Number(count) : NaN
      if (!(n >= 1 && n <= MAX_RANDOM_BYTES)) {
        throw invalid({ id: 'macroRandomCount', hintId: 'macroSyntax', params: { position, got: count, max: MAX_RANDOM_BYTES, ...syntax } })
      }
      return { kind: 'random', count: n, form: formOf(form, RANDOM_FORMS, text ? 'hex' : 'raw', written, position), position }
    }
    default:
      throw invalid({ id: 'unknownMacro', hintId: 'macroSyntax', params: { name: written, position, ...syntax } })
  }
}

/**
 * Reads a payload with macros. Throws a CodecError (EINVAL) that names the position in `text`: an
 * unknown macro, a brace never closed, a lone `}`, a bad form, or the literal text's own errors (a bad
 * hex digit, a bad escape) at their place in the whole template.
 */
export function parseMacroTemplate(input: MacroPayloadInput): MacroTemplate {
  const { text } = input
  const pieces: MacroPiece[] = []
  const uses = new Set<MacroName>()
  let run = ''
  let randomTotal = 0
  let positions: number[] = []
  const flush = (end: number): void => {
    if (run.length === 0) return
    positions.push(end)
    try {
      pieces.push({ kind: 'bytes', bytes: decodeLiteral(run, input) })
    } catch (err) {
      throw relocate(err, positions)
    }
    run = ''
    positions = []
  }
  let i = 0
  while (i < text.length) {
    const ch = text[i]!
    if (ch === '}') {
      if (text[i + 1] !== '}') throw invalid({ id: 'loneCloseBrace', hintId: 'macroSyntax', params: { position: i, ...syntax } })
      run += '}'
      positions.push(i)
      i += 2
    } else if (ch !== '{') {
      run += ch
      positions.push(i)
      i++
    } else if (text[i + 1] === '{') {
      run += '{'
      positions.push(i)
      i += 2
    } else {
      const close = text.indexOf('}', i + 1)
      const reopen = text.indexOf('{', i + 1)
      if (close < 0 || (reopen >= 0 && reopen < close)) throw invalid({ id: 'unclosedMacro', hintId: 'macroSyntax', params: { position: i, ...syntax } })
      flush(i)
      const piece = parseMacro(text.slice(i + 1, close), i, input)
      if (piece.kind === 'random') {
        randomTotal += piece.count
        if (randomTotal > MAX_RANDOM_TOTAL) throw invalid({ id: 'macroRandomTotal', hintId: 'macroRandomTotal', params: { position: i, total: randomTotal, max: MAX_RANDOM_TOTAL } })
      }
      pieces.push(piece)
      uses.add(piece.kind === 'crc' ? (piece.checksum === 'crc32' ? 'crc32' : 'crc16') : piece.kind)
      i = close + 1
    }
  }
  flush(text.length)
  return { pieces, uses, encoding: textual(input.format) ? (input.encoding ?? 'utf-8') : 'utf-8' }
}

/** Writes braces so a template reads them as themselves: `{` as `{{`, `}` as `}}`. */
export function escapeMacroBraces(text: string): string {
  return text.replace(/[{}]/g, (b) => b + b)
}

// Fills a parsed template's macros in for one send. What each macro counts:
// - `{counter}`: the context's counter (1 for the first send, one more per send). Binary forms wrap
//   (u8 counts 255, 0, 1...), as sequence numbers on the wire do.
// - `{len}`: the number of bytes after it, up to the end of the payload (macros after it included, the
//   composer's line ending, checksum and framing not): the length field of a frame such as
//   `AA 55 {len} 01 02 {crc16}`. A length that does not fit its binary form is an error, never wrapped.
// - `{crc16}` (CRC-16/MODBUS) and `{crc32}` (CRC-32): over every byte before it, from the start of the
//   payload, as MODBUS RTU and most device frames put their CRC last.
// - `{time:FORMAT}`: the context's local time through strftime (Python's and glibc's directives).
// - `{random:N}`: N bytes from the context's random source.
import { checksum, encodeText, formatHex } from '../codec'
import { invalid } from '../codec/errors'
import type { StructTime } from '../responders/local-time'
import { pythonStrftime } from '../responders/strftime'
import { MAX_TIME_TEXT, type CrcForm, type MacroPiece, type MacroTemplate, type NumberForm } from './template'

export interface MacroContext {
  /** This send's number: 1 for the first, one more for each send after it. */
  counter: number
  /** The local time of this send. */
  time: StructTime
  /** `n` random bytes. */
  random(n: number): Uint8Array
}

const WIDTH: Record<NumberForm, number> = { dec: 0, hex: 0, u8: 1, u16be: 2, u16le: 2, u32be: 4, u32le: 4 }

function uint(value: number, width: number, le: boolean): Uint8Array {
  const out = new Uint8Array(width)
  for (let k = 0; k < width; k++) out[le ? k : width - 1 - k] = Math.floor(value / 2 ** (8 * k)) % 256
  return out
}

type Text = (s: string) => Uint8Array

function numberBytes(value: number, form: NumberForm, text: Text): Uint8Array {
  if (form === 'dec') return text(String(value))
  if (form === 'hex') return text(value.toString(16).toUpperCase())
  return uint(value, WIDTH[form], form.endsWith('le'))
}

function crcBytes(value: number, width: number, form: CrcForm, text: Text): Uint8Array {
  if (form === 'hex') return text(value.toString(16).toUpperCase().padStart(width * 2, '0'))
  return uint(value, width, form === 'le')
}

/** The bytes a template stands for in this context. Throws a CodecError when a `{len}` does not fit its form. */
export function expandMacros(template: MacroTemplate, ctx: MacroContext): Uint8Array {
  const { pieces } = template
  const text: Text = (s) => encodeText(s, template.encoding)
  // Bytes of every piece but lengths and CRCs; a CRC's size is known before its value.
  const parts: (Uint8Array | undefined)[] = pieces.map((p) => valueBytes(p, ctx, text))
  const sizes = pieces.map((p, k) => parts[k]?.length ?? (p.kind === 'crc' ? crcBytes(0, crcWidth(p), p.form, text).length : 0))
  // A length counts what follows it, a later length included, so they are filled in from the end.
  let after = 0
  for (let k = pieces.length - 1; k >= 0; k--) {
    const p = pieces[k]!
    if (p.kind === 'len') {
      const width = WIDTH[p.form]
      if (width > 0 && after >= 2 ** (8 * width)) {
        throw invalid({ id: 'macroLenTooBig', params: { position: p.position, value: after, form: p.form } })
      }
      parts[k] = numberBytes(after, p.form, text)
      sizes[k] = parts[k]!.length
    }
    after += sizes[k]!
  }
  const out = new Uint8Array(after)
  let at = 0
  for (let k = 0; k < pieces.length; k++) {
    const p = pieces[k]!
    if (p.kind === 'crc') parts[k] = crcBytes(checksum(out.subarray(0, at), p.checksum), crcWidth(p), p.form, text)
    out.set(parts[k]!, at)
    at += parts[k]!.length
  }
  return out
}

/** The most characters one `{time:...}` writes when expanded. */
const TIME_TEXT_LIMIT = 2 * MAX_TIME_TEXT
/** The most bytes a character takes in any encoding the codec has (UTF-8, GB18030, UTF-16). */
const MAX_CHAR_BYTES = 4
/** Digits of the largest safe integer: a decimal counter or length never writes more. */
const MAX_DIGITS = 16

/**
 * At least as many bytes as expandMacros can make from the template, whatever the context: what a
 * responder declares as the most one reply may carry.
 */
export function maxExpandedSize(template: MacroTemplate): number {
  let total = 0
  for (const p of template.pieces) {
    switch (p.kind) {
      case 'bytes':
        total += p.bytes.length
        break
      case 'counter':
      case 'len':
        total += WIDTH[p.form] || MAX_DIGITS * MAX_CHAR_BYTES
        break
      case 'crc':
        total += p.form === 'hex' ? crcWidth(p) * 2 * MAX_CHAR_BYTES : crcWidth(p)
        break
      case 'time':
        total += TIME_TEXT_LIMIT * MAX_CHAR_BYTES
        break
      case 'random':
        total += p.form === 'hex' ? p.count * 2 * MAX_CHAR_BYTES : p.count
        break
    }
  }
  return total
}

function crcWidth(p: { checksum: 'crc16-modbus' | 'crc32' }): number {
  return p.checksum === 'crc32' ? 4 : 2
}

function valueBytes(p: MacroPiece, ctx: MacroContext, text: Text): Uint8Array | undefined {
  switch (p.kind) {
    case 'bytes':
      return p.bytes
    case 'counter':
      // Binary forms wrap at their width; text forms write the whole count.
      return numberBytes(WIDTH[p.form] > 0 ? ctx.counter % 2 ** (8 * WIDTH[p.form]) : ctx.counter, p.form, text)
    case 'time': {
      // Bounded when parsed with a sample time; a real zone name (%Z) may be longer than the sample's.
      const made = pythonStrftime(p.format, ctx.time, TIME_TEXT_LIMIT)
      if (made === undefined) throw invalid({ id: 'macroTimeTooLong', hintId: 'macroTime', params: { position: p.position, max: TIME_TEXT_LIMIT } })
      return text(made)
    }
    case 'random': {
      const bytes = ctx.random(p.count).subarray(0, p.count)
      return p.form === 'hex' ? text(formatHex(bytes, { uppercase: true })) : bytes
    }
    default:
      return undefined
  }
}

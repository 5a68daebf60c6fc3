import type { ErrorParams } from '../../api'
import type { ErrorMessageId } from '../../messages/en'
import { invalid, type CodecError } from '../errors'
import { formatHex, parseHex } from '../hex'
import type { FramingSpec, IntField } from './types'

export const FRAMING_SPEC_FORMS =
  'raw, line, delim:<hex> (delim:0d0a), fixed:<n> (fixed:16), len:<1|2|4|8>[:be|le][:signed][:incl] (len:4, len:2:le, len:4:be:incl), ' +
  'struct:<python struct code> (struct:i, struct:!I, struct:<H, struct:q), ' +
  'json-header[:<struct code>][:header=<largest header, bytes or with k/m>] (json-header, json-header:!I, json-header:header=1m), slip'

type SpecReason = Extract<ErrorMessageId, `spec${string}`>

function bad(spec: string, id: SpecReason, params: ErrorParams = {}): CodecError {
  return invalid({ id, hintId: 'badFramingSpec', params: { spec, ...params, forms: FRAMING_SPEC_FORMS } })
}

const STRUCT_SIZES: Record<string, 1 | 2 | 4 | 8> = { b: 1, h: 2, i: 4, l: 4, q: 8 }

/**
 * A Python struct format for one integer, e.g. 'i', '!I', '<H', 'q'.
 * No prefix, '@' and '=' mean the machine's order, which is little-endian on the x86 and ARM
 * machines the lessons run on, so `struct:i` matches `struct.pack('i', n)` there.
 * 'l'/'L' take their standard size, 4 bytes; native 'l' is 8 on 64-bit Linux and macOS, so
 * `q` is the portable way to say 8 bytes.
 */
export function parseStructCode(code: string, spec = code): IntField {
  const m = /^([@=<>!]?)([bBhHiIlLqQ])$/.exec(code)
  if (!m) throw bad(spec, 'specStructCode', { code })
  const letter = m[2]!
  return {
    size: STRUCT_SIZES[letter.toLowerCase()]!,
    endian: m[1] === '>' || m[1] === '!' ? 'be' : 'le',
    signed: letter === letter.toLowerCase()
  }
}

function positiveInt(spec: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) <= 0 || !Number.isSafeInteger(Number(text))) throw bad(spec, 'specFrameSize', { got: text })
  return Number(text)
}

export function parseFramingSpec(spec: string): FramingSpec {
  const s = spec.trim()
  const colon = s.indexOf(':')
  const kind = (colon < 0 ? s : s.slice(0, colon)).toLowerCase()
  const arg = colon < 0 ? undefined : s.slice(colon + 1)
  const noArg = (result: FramingSpec): FramingSpec => {
    if (arg !== undefined) throw bad(spec, 'specNoArgument', { kind })
    return result
  }
  switch (kind) {
    case 'raw':
      return noArg({ kind: 'raw' })
    case 'line':
      return noArg({ kind: 'line' })
    case 'slip':
      return noArg({ kind: 'slip' })
    case 'delim': {
      if (!arg) throw bad(spec, 'specNoDelimiter')
      let delimiter: Uint8Array
      try {
        delimiter = parseHex(arg)
      } catch (err) {
        const char = (err as CodecError).params?.char
        throw char === undefined ? bad(spec, 'specDelimiterNotHex', { delimiter: arg }) : bad(spec, 'specDelimiterBadDigit', { delimiter: arg, char })
      }
      if (delimiter.length === 0) throw bad(spec, 'specEmptyDelimiter')
      return { kind: 'delimiter', delimiter }
    }
    case 'fixed':
      if (!arg) throw bad(spec, 'specNoFrameSize')
      return { kind: 'fixed', size: positiveInt(spec, arg) }
    case 'len':
      return parseLengthSpec(spec, arg)
    case 'struct':
      if (!arg) throw bad(spec, 'specNoStructCode')
      return { kind: 'length', field: parseStructCode(arg, spec), includesHeader: false, struct: arg }
    case 'json-header':
      return parseJsonHeaderSpec(spec, arg)
    default:
      throw bad(spec, 'specUnknownFraming', { kind })
  }
}

function parseLengthSpec(spec: string, arg: string | undefined): FramingSpec {
  if (!arg) throw bad(spec, 'specNoLengthSize')
  const [sizeText, ...options] = arg.toLowerCase().split(':')
  if (!['1', '2', '4', '8'].includes(sizeText!)) throw bad(spec, 'specLengthSize', { got: sizeText! })
  const field: IntField = { size: Number(sizeText) as IntField['size'], endian: 'be', signed: false }
  let includesHeader = false
  for (const opt of options) {
    if (opt === 'be' || opt === 'le') field.endian = opt
    else if (opt === 'signed' || opt === 'unsigned') field.signed = opt === 'signed'
    else if (opt === 'incl' || opt === 'excl') includesHeader = opt === 'incl'
    else throw bad(spec, 'specLengthOption', { option: opt })
  }
  return { kind: 'length', field, includesHeader }
}

function parseJsonHeaderSpec(spec: string, arg: string | undefined): FramingSpec {
  let struct: string | undefined
  let maxHeaderSize: number | undefined
  for (const part of arg === undefined ? [] : arg.split(':')) {
    const option = /^header=(.*)$/i.exec(part)
    if (option) {
      if (maxHeaderSize !== undefined) throw bad(spec, 'specHeaderTwice')
      maxHeaderSize = parseSize(spec, option[1]!)
    } else {
      if (struct !== undefined) throw bad(spec, 'specJsonHeaderOption', { option: part })
      struct = part
    }
  }
  struct ??= 'i'
  const result: FramingSpec = { kind: 'json-header', field: parseStructCode(struct, spec), struct }
  if (maxHeaderSize !== undefined) result.maxHeaderSize = maxHeaderSize
  return result
}

const SIZE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 * 1024 }

/** A byte count: digits, optionally followed by k (KiB) or m (MiB). */
function parseSize(spec: string, text: string): number {
  const m = /^(\d+)([km]?)$/i.exec(text)
  const n = m ? Number(m[1]) * SIZE_UNITS[m[2]!.toLowerCase()]! : NaN
  if (!(n > 0) || !Number.isSafeInteger(n)) throw bad(spec, 'specHeaderLimit', { got: text })
  return n
}

function formatSize(n: number): string {
  if (n % (1024 * 1024) === 0) return `${n / (1024 * 1024)}m`
  if (n % 1024 === 0) return `${n / 1024}k`
  return String(n)
}

/** The canonical spec string; `parseFramingSpec(formatFramingSpec(s))` gives `s` back. */
export function formatFramingSpec(spec: FramingSpec): string {
  switch (spec.kind) {
    case 'raw':
    case 'line':
    case 'slip':
      return spec.kind
    case 'delimiter':
      return `delim:${formatHex(spec.delimiter)}`
    case 'fixed':
      return `fixed:${spec.size}`
    case 'length': {
      if (spec.struct !== undefined && !spec.includesHeader) return `struct:${spec.struct}`
      const { size, endian, signed } = spec.field
      return ['len', String(size), endian === 'le' ? 'le' : '', signed ? 'signed' : '', spec.includesHeader ? 'incl' : ''].filter(Boolean).join(':')
    }
    case 'json-header':
      return ['json-header', spec.struct === 'i' ? '' : spec.struct, spec.maxHeaderSize === undefined ? '' : `header=${formatSize(spec.maxHeaderSize)}`].filter(Boolean).join(':')
  }
}

import { describeChar, invalid } from './errors'

// Digit values by char code; -1 marks a non-digit. A table keeps the parser branch-light.
const DIGIT = new Int8Array(128).fill(-1)
for (let i = 0; i < 10; i++) DIGIT[0x30 + i] = i
for (let i = 0; i < 6; i++) {
  DIGIT[0x41 + i] = 10 + i
  DIGIT[0x61 + i] = 10 + i
}

function isSeparator(c: number): boolean {
  // space, tab, LF, CR, comma, colon, semicolon, dash, underscore
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2c || c === 0x3a || c === 0x3b || c === 0x2d || c === 0x5f
}

/**
 * Parses hex the way people paste it: `48 65 6c`, `48,65,6C`, `48:65`, `0x48 0x65`, `\x48\x65`,
 * across lines. A `0x`/`\x` prefix may also start a longer run (`0x48656c`).
 * An odd number of digits in a run would silently shift every following byte, so it is an error.
 */
export function parseHex(text: string): Uint8Array {
  const out = new Uint8Array(text.length >> 1)
  let n = 0
  let i = 0
  const len = text.length
  while (i < len) {
    const c = text.charCodeAt(i)
    if (isSeparator(c)) {
      i++
      continue
    }
    const isPrefix = (c === 0x30 || c === 0x5c) && (text.charCodeAt(i + 1) | 0x20) === 0x78
    if (isPrefix) {
      const d = text.charCodeAt(i + 2)
      if (!(d < 128 && DIGIT[d]! >= 0)) throw danglingPrefix(text, i)
      i += 2
      continue
    }
    if (c === 0x5c) throw badDigit(text, i)
    const start = i
    while (i < len) {
      const h = text.charCodeAt(i)
      const hv = h < 128 ? DIGIT[h]! : -1
      if (hv < 0) {
        if (isSeparator(h) || h === 0x5c) break
        throw badDigit(text, i)
      }
      const l = i + 1 < len ? text.charCodeAt(i + 1) : -1
      const lv = l >= 0 && l < 128 ? DIGIT[l]! : -1
      if (lv < 0) {
        if (l < 0 || isSeparator(l) || l === 0x5c) throw oddDigits(i, start)
        throw badDigit(text, i + 1)
      }
      out[n++] = (hv << 4) | lv
      i += 2
    }
  }
  return out.slice(0, n)
}

function badDigit(text: string, pos: number): Error {
  const cp = text.codePointAt(pos) ?? 0
  return invalid({ id: 'badHexDigit', params: { char: describeChar(String.fromCodePoint(cp)), position: pos } })
}

function danglingPrefix(text: string, pos: number): Error {
  return invalid({ id: 'danglingHexPrefix', params: { prefix: text.slice(pos, pos + 2), position: pos } })
}

function oddDigits(pos: number, start = pos): Error {
  return invalid({ id: 'oddHexDigits', params: { start, position: pos } })
}

const HEX_LOWER = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'))
const HEX_UPPER = HEX_LOWER.map((s) => s.toUpperCase())

export interface FormatHexOptions {
  /** Put between bytes, e.g. ' ' for spaced hex. */
  separator?: string
  uppercase?: boolean
}

export function formatHex(bytes: Uint8Array, options: FormatHexOptions = {}): string {
  const table = options.uppercase ? HEX_UPPER : HEX_LOWER
  const sep = options.separator ?? ''
  // join over a table-mapped array: no per-byte string growth, and long inputs stay linear.
  const parts = new Array<string>(bytes.length)
  for (let i = 0; i < bytes.length; i++) parts[i] = table[bytes[i]!]!
  return parts.join(sep)
}

export { HEX_LOWER, HEX_UPPER }

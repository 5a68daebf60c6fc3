import { encodeDbcs, decodeDbcs, type DbcsEncoding } from './encodings-dbcs'
import { describeChar, invalid } from './errors'
import { fromCharCodes, TextSink, type InvalidByteStyle } from './text-sink'

export type TextEncodingName = 'utf-8' | 'gbk' | 'gb18030' | 'big5' | 'shift_jis' | 'latin1' | 'utf-16le' | 'utf-16be' | 'ascii'

export const TEXT_ENCODINGS: readonly { name: TextEncodingName; label: string }[] = [
  { name: 'utf-8', label: 'UTF-8' },
  { name: 'gbk', label: 'GBK' },
  { name: 'gb18030', label: 'GB18030' },
  { name: 'big5', label: 'Big5 (HKSCS)' },
  { name: 'shift_jis', label: 'Shift_JIS' },
  { name: 'latin1', label: 'Latin-1 (ISO-8859-1)' },
  { name: 'utf-16le', label: 'UTF-16LE' },
  { name: 'utf-16be', label: 'UTF-16BE' },
  { name: 'ascii', label: 'ASCII' }
]

const ALIASES: Record<string, TextEncodingName> = {
  utf8: 'utf-8',
  gbk: 'gbk',
  cp936: 'gbk',
  gb2312: 'gbk',
  gb18030: 'gb18030',
  big5: 'big5',
  big5hkscs: 'big5',
  cp950: 'big5',
  shiftjis: 'shift_jis',
  sjis: 'shift_jis',
  cp932: 'shift_jis',
  latin1: 'latin1',
  iso88591: 'latin1',
  binary: 'latin1',
  utf16le: 'utf-16le',
  ucs2: 'utf-16le',
  utf16be: 'utf-16be',
  ascii: 'ascii',
  usascii: 'ascii'
}

/** Accepts the usual spellings (`UTF8`, `Shift-JIS`, `ISO-8859-1`, `cp936`...). */
export function parseTextEncoding(name: string): TextEncodingName {
  const found = ALIASES[name.toLowerCase().replace(/[^a-z0-9]/g, '')]
  if (found) return found
  throw invalid({ id: 'unknownEncoding', hintId: 'useOneOf', params: { name, choices: TEXT_ENCODINGS.map((e) => e.name).join(', ') } })
}

const utf8Encoder = new TextEncoder()
const utf8Fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const utf8Lenient = new TextDecoder('utf-8', { ignoreBOM: true })
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

function unencodable(text: string, index: number, encoding: TextEncodingName): Error {
  const cp = text.codePointAt(index)!
  return invalid({
    id: 'unencodable',
    hintId: cp >= 0xd800 && cp <= 0xdfff ? 'unencodableSurrogate' : 'unencodable',
    params: { char: describeChar(String.fromCodePoint(cp)), position: index, encoding }
  })
}

/** Text to bytes. A character the encoding cannot represent is an error, never silently replaced. */
export function encodeText(text: string, encoding: TextEncodingName = 'utf-8'): Uint8Array {
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return encodeUtf16(text, encoding === 'utf-16le')
  const lone = LONE_SURROGATE.exec(text)
  if (lone) throw unencodable(text, lone.index, encoding)
  switch (encoding) {
    case 'utf-8':
      return utf8Encoder.encode(text)
    case 'latin1':
    case 'ascii':
      return encodeSingleByte(text, encoding === 'ascii' ? 0x7f : 0xff, encoding)
    default: {
      const out = encodeDbcs(text, encoding)
      if (typeof out === 'number') throw unencodable(text, out, encoding)
      return out
    }
  }
}

function encodeSingleByte(text: string, max: number, encoding: TextEncodingName): Uint8Array {
  const out = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c > max) throw unencodable(text, i, encoding)
    out[i] = c
  }
  return out
}

function encodeUtf16(text: string, le: boolean): Uint8Array {
  const out = new Uint8Array(text.length * 2)
  const view = new DataView(out.buffer)
  for (let i = 0; i < text.length; i++) view.setUint16(i * 2, text.charCodeAt(i), le)
  return out
}

export interface DecodeTextOptions {
  /**
   * How an undecodable byte appears: 'escape' (default) writes `\xHH`, so the viewer shows which
   * byte it was, as Python's backslashreplace does; 'replace' writes one U+FFFD per byte.
   */
  invalid?: InvalidByteStyle
}

/**
 * Bytes to text for display. Never throws and never drops a byte: each byte that is not part of
 * a valid character becomes `\xHH` (or U+FFFD). A byte-order mark is kept, as it is data.
 * A character cut at the end of `bytes` shows as escapes; decode whole frames to avoid that.
 */
export function decodeText(bytes: Uint8Array, encoding: TextEncodingName = 'utf-8', options: DecodeTextOptions = {}): string {
  const style = options.invalid ?? 'escape'
  if (encoding === 'utf-8') {
    try {
      return utf8Fatal.decode(bytes)
    } catch {
      // falls through to the byte-accurate walk below
    }
  }
  if (encoding === 'latin1') return fromCharCodes(bytes)
  const sink = new TextSink(style)
  switch (encoding) {
    case 'utf-8':
      decodeUtf8(bytes, sink)
      break
    case 'ascii':
      decodeAscii(bytes, sink)
      break
    case 'utf-16le':
    case 'utf-16be':
      decodeUtf16(bytes, encoding === 'utf-16le', sink)
      break
    default:
      decodeDbcs(bytes, encoding as DbcsEncoding, sink)
  }
  return sink.toString()
}

/** Length of the well-formed UTF-8 sequence at i, or 0 (RFC 3629: no overlongs, no surrogates). */
function utf8SequenceLength(b: Uint8Array, i: number): number {
  const c = b[i]!
  if (c < 0x80) return 1
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => i + k < b.length && b[i + k]! >= lo && b[i + k]! <= hi
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0
  if (c >= 0xe0 && c <= 0xef) {
    const lo = c === 0xe0 ? 0xa0 : 0x80
    const hi = c === 0xed ? 0x9f : 0xbf
    return cont(1, lo, hi) && cont(2) ? 3 : 0
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const lo = c === 0xf0 ? 0x90 : 0x80
    const hi = c === 0xf4 ? 0x8f : 0xbf
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0
  }
  return 0
}

function decodeUtf8(bytes: Uint8Array, sink: TextSink): void {
  let runStart = 0
  let i = 0
  while (i < bytes.length) {
    const n = utf8SequenceLength(bytes, i)
    if (n > 0) {
      i += n
      continue
    }
    sink.text(utf8Lenient.decode(bytes.subarray(runStart, i)))
    sink.invalid(bytes[i]!)
    runStart = ++i
  }
  sink.text(utf8Lenient.decode(bytes.subarray(runStart)))
}

function decodeAscii(bytes: Uint8Array, sink: TextSink): void {
  let runStart = 0
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! < 0x80) continue
    sink.text(fromCharCodes(bytes.subarray(runStart, i)))
    sink.invalid(bytes[i]!)
    runStart = i + 1
  }
  sink.text(fromCharCodes(bytes.subarray(runStart)))
}

function decodeUtf16(bytes: Uint8Array, le: boolean, sink: TextSink): void {
  const units = new Uint16Array(bytes.length >> 1)
  for (let i = 0, j = 0; j < units.length; i += 2, j++) units[j] = le ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!
  let runStart = 0
  for (let j = 0; j < units.length; j++) {
    const u = units[j]!
    if (u < 0xd800 || u > 0xdfff) continue
    if (u <= 0xdbff && j + 1 < units.length && units[j + 1]! >= 0xdc00 && units[j + 1]! <= 0xdfff) {
      j++
      continue
    }
    // A lone surrogate would render as an anonymous replacement; its two bytes say more.
    sink.text(fromCharCodes(units.subarray(runStart, j)))
    sink.invalid(bytes[j * 2]!)
    sink.invalid(bytes[j * 2 + 1]!)
    runStart = j + 1
  }
  sink.text(fromCharCodes(units.subarray(runStart)))
  if (bytes.length % 2 === 1) sink.invalid(bytes[bytes.length - 1]!)
}

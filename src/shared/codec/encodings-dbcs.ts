import iconv from 'iconv-lite'
import type { TextSink } from './text-sink'

// GBK, GB18030, Big5 and Shift_JIS go through iconv-lite in both directions, in Node and in the
// browser, so the bytes previewed in the composer are the bytes the engine and the CLI produce.
// iconv-lite reaches Node's Buffer through `require('buffer')`; in the renderer bundle that
// module is the `buffer` package (a dependency for exactly this reason), because Vite replaces
// Node built-ins with an empty stub and iconv-lite would then fail at load. The platform
// TextDecoder was not used for these: Node's ICU build disagrees with browsers (WHATWG) on
// invalid and extension bytes and silently drops some, and it cannot encode at all.
// UTF-8, UTF-16, Latin-1 and ASCII are done in encodings.ts without iconv-lite: they need no
// tables, and iconv-lite's versions go through Node's string_decoder, which Vite does not provide.

export type DbcsEncoding = 'gbk' | 'gb18030' | 'big5' | 'shift_jis'

const ICONV_NAME: Record<DbcsEncoding, string> = {
  gbk: 'gbk',
  gb18030: 'gb18030',
  big5: 'big5hkscs',
  shift_jis: 'shiftjis'
}

function toBytes(buf: Uint8Array): Uint8Array {
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.length)
}

/** Encodes, or returns the index of the first character the encoding cannot represent. */
export function encodeDbcs(text: string, encoding: DbcsEncoding): Uint8Array | number {
  const name = ICONV_NAME[encoding]
  const out = toBytes(iconv.encode(text, name))
  // iconv-lite writes '?' for an unmappable character. No multi-byte sequence of these encodings
  // contains 0x3f, so the counts match exactly when every character was mapped.
  let q = 0
  for (let i = 0; i < out.length; i++) if (out[i] === 0x3f) q++
  let tq = 0
  for (let i = text.indexOf('?'); i >= 0; i = text.indexOf('?', i + 1)) tq++
  if (q === tq) return out
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!
    const ch = String.fromCodePoint(cp)
    if (ch !== '?') {
      const b = iconv.encode(ch, name)
      if (b.length === 1 && b[0] === 0x3f) return i
    }
    i += ch.length
  }
  return out
}

const unitCache = new Map<string, Map<number, string | null>>()
/**
 * Four-byte GB18030 candidates make billions of distinct keys, and a peer chooses them: the cache
 * starts over when it is full instead of growing with every odd sequence received.
 */
const UNIT_CACHE_MAX = 1 << 16

/** Units cached for `encoding`, for tests of the bound. */
export function dbcsUnitCacheSize(encoding: DbcsEncoding): number {
  return unitCache.get(encoding)?.size ?? 0
}

function decodeUnit(encoding: DbcsEncoding, bytes: Uint8Array, at: number, len: number): string | null {
  let cache = unitCache.get(encoding)
  if (!cache) unitCache.set(encoding, (cache = new Map()))
  else if (cache.size >= UNIT_CACHE_MAX) cache.clear()
  let key = len
  for (let k = 0; k < len; k++) key = key * 256 + bytes[at + k]!
  let s = cache.get(key)
  if (s === undefined) {
    const unit = bytes.slice(at, at + len)
    const decoded = iconv.decode(unit, ICONV_NAME[encoding], { stripBOM: false })
    // iconv-lite marks an invalid sequence with U+FFFD; it is genuine only if it encodes back to these bytes.
    const genuine = decoded === '\uFFFD' && sameBytes(encodeDbcs(decoded, encoding), unit)
    s = decoded.length === 0 || (decoded.includes('\uFFFD') && !genuine) ? null : decoded
    cache.set(key, s)
  }
  return s
}

function sameBytes(a: Uint8Array | number, b: Uint8Array): boolean {
  if (typeof a === 'number' || a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

export function decodeDbcs(bytes: Uint8Array, encoding: DbcsEncoding, sink: TextSink): void {
  const whole = iconv.decode(bytes, ICONV_NAME[encoding], { stripBOM: false })
  if (!whole.includes('\uFFFD')) {
    sink.text(whole)
    return
  }
  // Slow path, only when something did not decode: walk character by character so each
  // undecodable byte can be shown on its own, resuming at the next byte as the decoders do.
  let asciiStart = 0
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]!
    if (b < 0x80) {
      i++
      continue
    }
    sink.text(latin1Run(bytes, asciiStart, i))
    let s: string | null = decodeUnit(encoding, bytes, i, 1)
    let len = 1
    if (s === null && i + 1 < bytes.length) {
      s = decodeUnit(encoding, bytes, i, 2)
      len = 2
      if (s === null && encoding === 'gb18030' && i + 3 < bytes.length) {
        s = decodeUnit(encoding, bytes, i, 4)
        len = 4
      }
    }
    if (s === null) {
      sink.invalid(b)
      i++
    } else {
      sink.text(s)
      i += len
    }
    asciiStart = i
  }
  sink.text(latin1Run(bytes, asciiStart, bytes.length))
}

function latin1Run(bytes: Uint8Array, from: number, to: number): string {
  let s = ''
  // Runs between non-ASCII characters are short in text that needed the slow path.
  for (let i = from; i < to; i += 4096) s += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(to, i + 4096)) as unknown as number[])
  return s
}

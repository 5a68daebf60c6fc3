// The pieces of a log line: times with microseconds, peers as people read them, payloads as text
// when they are text, and hex written straight into the output without building a string.
import type { CloseReason, SocketAddress } from '../api'
import { formatHostPort } from '../address'
import { decodeText, encodeText, type TextEncodingName } from '../codec'
import type { ByteOut } from './byte-out'

/** Payloads longer than this get no text field: their hex is whole, and nobody reads megabytes of text on one line. */
export const TEXT_LIMIT = 1024 * 1024

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/** Epoch milliseconds as ISO 8601 in UTC with microseconds: 2024-05-01T12:00:00.123456Z. */
export function formatTime(ms: number): string {
  const whole = Math.floor(ms)
  let micros = Math.round((ms - whole) * 1000)
  let base = whole
  if (micros === 1000) {
    base += 1
    micros = 0
  }
  const d = new Date(base)
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  return `${date}T${time}.${pad(d.getUTCMilliseconds(), 3)}${pad(micros, 3)}Z`
}

export function peerLabel(remote: SocketAddress | { path: string } | undefined, peerId: string): string {
  if (!remote) return peerId
  return 'path' in remote ? remote.path : formatHostPort(remote.address, remote.port)
}

export const REASON_TEXT: Record<CloseReason, string> = {
  'fin-peer': 'the peer closed (FIN)',
  'fin-local': 'we closed (FIN)',
  reset: 'reset (RST)',
  timeout: 'timed out',
  error: 'error',
  'endpoint-closed': 'the endpoint closed'
}

/**
 * The bytes as text when they decode cleanly in the encoding and hold no control characters but
 * tab, CR and LF; undefined when they are binary (or too long to be worth a text field).
 */
function encodesBackTo(text: string, bytes: Uint8Array, encoding: TextEncodingName): boolean {
  let again: Uint8Array
  try {
    again = encodeText(text, encoding)
  } catch {
    return false
  }
  return again.byteLength === bytes.byteLength && again.every((b, i) => b === bytes[i])
}

export function cleanText(bytes: Uint8Array, encoding: TextEncodingName): string | undefined {
  if (bytes.byteLength > TEXT_LIMIT) return undefined
  const text = decodeText(bytes, encoding, { invalid: 'replace' })
  // A U+FFFD is either a byte that did not decode (not text) or the character itself, sent as such:
  // only the second gives back the same bytes.
  if (text.includes('\uFFFD') && !encodesBackTo(text, bytes, encoding)) return undefined
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return undefined
  }
  return text
}

const HEX_DIGITS = new TextEncoder().encode('0123456789abcdef')

/** Writes bytes as lowercase hex, with a space between bytes when `spaced`, in bounded pieces. */
export function writeHex(out: ByteOut, bytes: Uint8Array, spaced: boolean): void {
  const per = spaced ? 3 : 2
  const piece = Math.min(16 * 1024, Math.floor(out.blockBytes / per))
  for (let from = 0; from < bytes.byteLength; from += piece) {
    const to = Math.min(bytes.byteLength, from + piece)
    const n = (to - from) * per - (spaced && to === bytes.byteLength ? 1 : 0)
    const r = out.reserve(n)
    let at = r.at
    const b = r.bytes
    for (let i = from; i < to; i++) {
      const x = bytes[i]!
      b[at++] = HEX_DIGITS[x >> 4]!
      b[at++] = HEX_DIGITS[x & 15]!
      if (spaced && i + 1 < bytes.byteLength) b[at++] = 0x20
    }
    out.commit(n)
  }
}

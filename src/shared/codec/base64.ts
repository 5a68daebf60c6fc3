import { describeChar, invalid } from './errors'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const ENC = Array.from(ALPHABET, (c) => c.charCodeAt(0))
// Both the standard and the URL-safe alphabet decode, since people paste either.
const DEC = new Int8Array(128).fill(-1)
for (let i = 0; i < 64; i++) DEC[ENC[i]!] = i
DEC[0x2d] = 62 // '-'
DEC[0x5f] = 63 // '_'

export function parseBase64(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4) + 3)
  let n = 0
  let acc = 0
  let bits = 0
  let digits = 0
  let padAt = -1
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue
    if (c === 0x3d) {
      if (padAt < 0) padAt = i
      continue
    }
    const v = c < 128 ? DEC[c]! : -1
    if (v < 0) throw invalid({ id: 'badBase64Char', hintId: 'base64', params: { char: describeChar(String.fromCodePoint(text.codePointAt(i)!)), position: i } })
    if (padAt >= 0) throw invalid({ id: 'base64AfterPadding', hintId: 'base64', params: { position: padAt } })
    acc = (acc << 6) | v
    bits += 6
    digits++
    if (bits >= 8) {
      bits -= 8
      out[n++] = (acc >> bits) & 0xff
    }
  }
  if (digits % 4 === 1) throw invalid({ id: 'base64LoneChar', hintId: 'base64', params: { digits } })
  return out.slice(0, n)
}

export function formatBase64(bytes: Uint8Array): string {
  const full = bytes.length - (bytes.length % 3)
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4)
  let o = 0
  for (let i = 0; i < full; i += 3) {
    const t = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    out[o++] = ENC[t >> 18]!
    out[o++] = ENC[(t >> 12) & 63]!
    out[o++] = ENC[(t >> 6) & 63]!
    out[o++] = ENC[t & 63]!
  }
  const rest = bytes.length - full
  if (rest > 0) {
    const t = (bytes[full]! << 16) | (rest === 2 ? bytes[full + 1]! << 8 : 0)
    out[o++] = ENC[t >> 18]!
    out[o++] = ENC[(t >> 12) & 63]!
    out[o++] = rest === 2 ? ENC[(t >> 6) & 63]! : 0x3d
    out[o] = 0x3d
  }
  return asciiDecoder.decode(out)
}

// The output is pure ASCII, so a UTF-8 decoder turns it into a string in one native call.
const asciiDecoder = new TextDecoder()

// Strict UTF-8, as Python's bytes.decode('utf-8') reads it: the lessons' servers decode what they
// receive that way, and a peer's bad bytes deserve an answer that says where they are.

const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** Offset of the first byte that does not start or continue a well-formed sequence, or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!
    let n: number
    let lo = 0x80
    let hi = 0xbf
    if (c < 0x80) n = 1
    else if (c >= 0xc2 && c <= 0xdf) n = 2
    else if (c >= 0xe0 && c <= 0xef) {
      n = 3
      // No overlong forms, no UTF-16 surrogates.
      if (c === 0xe0) lo = 0xa0
      if (c === 0xed) hi = 0x9f
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 4
      if (c === 0xf0) lo = 0x90
      if (c === 0xf4) hi = 0x8f
    } else return i
    for (let k = 1; k < n; k++) {
      const d = b[i + k]
      if (d === undefined || d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return i
    }
    i += n
  }
  return -1
}

export type StrictText = { ok: true; text: string } | { ok: false; offset: number; byte: number }

export function decodeUtf8Strict(bytes: Uint8Array): StrictText {
  try {
    return { ok: true, text: fatal.decode(bytes) }
  } catch {
    const offset = Math.max(0, firstInvalidUtf8(bytes))
    return { ok: false, offset, byte: bytes[offset] ?? 0 }
  }
}

/** Python's words for it: "can't decode byte 0xff in position 3". */
export function describeInvalidUtf8(bad: { offset: number; byte: number }): string {
  return `can't decode byte 0x${bad.byte.toString(16).padStart(2, '0')} in position ${bad.offset}`
}

// Collects decoded text and undecodable bytes. Undecodable bytes are kept visible, never dropped:
// a socket viewer exists to show what actually arrived.

export type InvalidByteStyle = 'escape' | 'replace'

const ESCAPES = Array.from({ length: 256 }, (_, b) => `\\x${b.toString(16).padStart(2, '0')}`)

export class TextSink {
  private readonly parts: string[] = []
  constructor(private readonly style: InvalidByteStyle) {}

  text(s: string): void {
    if (s.length > 0) this.parts.push(s)
  }

  invalid(byte: number): void {
    this.parts.push(this.style === 'escape' ? ESCAPES[byte]! : '\uFFFD')
  }

  toString(): string {
    return this.parts.join('')
  }
}

const SLICE = 8192

/** Char codes to a string without per-char concatenation and without overflowing the call stack. */
export function fromCharCodes(codes: Uint8Array | Uint16Array): string {
  if (codes.length <= SLICE) return String.fromCharCode.apply(null, codes as unknown as number[])
  const parts: string[] = []
  for (let i = 0; i < codes.length; i += SLICE) {
    parts.push(String.fromCharCode.apply(null, codes.subarray(i, i + SLICE) as unknown as number[]))
  }
  return parts.join('')
}

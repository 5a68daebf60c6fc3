import { NO_BYTES, QueueDecoder, unterminated, type FrameParts } from './base'
import type { Frame } from './types'

// RFC 1055.
const END = 0xc0
const ESC = 0xdb
const ESC_END = 0xdc
const ESC_ESC = 0xdd
const END_BYTES = Uint8Array.of(END)

export function slipEscape(bytes: Uint8Array): Uint8Array {
  let specials = 0
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === END || bytes[i] === ESC) specials++
  if (specials === 0) return bytes
  const out = new Uint8Array(bytes.length + specials)
  let o = 0
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!
    if (b === END) {
      out[o++] = ESC
      out[o++] = ESC_END
    } else if (b === ESC) {
      out[o++] = ESC
      out[o++] = ESC_ESC
    } else out[o++] = b
  }
  return out
}

/** As RFC 1055's reference receiver: ESC before any other byte leaves that byte as it is. */
export function slipUnescape(bytes: Uint8Array): Uint8Array {
  const first = bytes.indexOf(ESC)
  if (first < 0) return bytes
  const out = new Uint8Array(bytes.length)
  out.set(bytes.subarray(0, first))
  let o = first
  for (let i = first; i < bytes.length; i++) {
    let b = bytes[i]!
    if (b === ESC && i + 1 < bytes.length) {
      const e = bytes[++i]!
      b = e === ESC_END ? END : e === ESC_ESC ? ESC : e
    }
    out[o++] = b
  }
  return out.slice(0, o)
}

export const slipParts: FrameParts = { header: () => NO_BYTES, body: slipEscape, trailer: () => END_BYTES }

export class SlipDecoder extends QueueDecoder {
  private scanFrom = 0

  protected next(): Frame | null {
    if (this.queue.length === 0) return null
    const at = this.queue.indexOf(END_BYTES, this.scanFrom)
    if (at < 0) {
      this.scanFrom = this.queue.length
      if (this.queue.length + 1 > this.maxFrameSize) throw this.tooLong()
      return null
    }
    const length = at + 1
    if (length > this.maxFrameSize) throw this.tooLong()
    const escaped = this.queue.take(at)
    this.queue.skip(1)
    const frame: Frame = { offset: this.offset, length, headerLength: 0, payload: slipUnescape(escaped) }
    this.offset += length
    this.scanFrom = 0
    return frame
  }

  private tooLong(): Error {
    return unterminated('slipFrame', 'slipEnd', this.maxFrameSize, this.offset)
  }
}

import { CodecError } from '../errors'
import { NO_BYTES, QueueDecoder, unterminated, type FrameParts } from './base'
import { formatHex } from '../hex'
import type { Frame } from './types'

export function delimiterParts(delimiter: Uint8Array): FrameParts {
  return { header: () => NO_BYTES, body: (piece) => piece, trailer: () => delimiter }
}

const LF = Uint8Array.of(0x0a)

/**
 * Frames end at a delimiter, which is not part of the payload. A payload that contains the
 * delimiter arrives as several frames: that is the lesson of delimiter framing, not a bug.
 */
export class DelimiterDecoder extends QueueDecoder {
  /** Where the next search starts, so bytes already scanned are not scanned again. */
  private scanFrom = 0

  constructor(
    private readonly delimiter: Uint8Array,
    /** `line`: drop one CR right before the LF. */
    private readonly stripCr: boolean,
    maxFrameSize: number
  ) {
    super(maxFrameSize)
  }

  static line(maxFrameSize: number): DelimiterDecoder {
    return new DelimiterDecoder(LF, true, maxFrameSize)
  }

  protected next(): Frame | null {
    if (this.queue.length === 0) return null
    const dlen = this.delimiter.length
    const at = this.queue.indexOf(this.delimiter, this.scanFrom)
    if (at < 0) {
      // The delimiter may already have begun in the last dlen-1 bytes; the frame is at least that long.
      this.scanFrom = Math.max(0, this.queue.length - dlen + 1)
      if (this.scanFrom + dlen > this.maxFrameSize) throw this.tooLong()
      return null
    }
    const length = at + dlen
    if (length > this.maxFrameSize) throw this.tooLong()
    let payload = this.queue.take(at)
    this.queue.skip(dlen)
    if (this.stripCr && payload.length > 0 && payload[payload.length - 1] === 0x0d) payload = payload.subarray(0, payload.length - 1)
    const frame: Frame = { offset: this.offset, length, headerLength: 0, payload }
    this.offset += length
    this.scanFrom = 0
    return frame
  }

  private tooLong(): Error {
    if (this.stripCr) return unterminated('line', 'lineFeed', this.maxFrameSize, this.offset)
    const delimiter = formatHex(this.delimiter, { separator: ' ' })
    return CodecError.of('EFRAMETOOBIG', { id: 'unterminatedDelimiter', params: { delimiter, max: this.maxFrameSize, offset: this.offset } })
  }
}

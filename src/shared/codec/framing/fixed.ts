import { invalid } from '../errors'
import { NO_BYTES, QueueDecoder, type FrameParts } from './base'
import type { Frame } from './types'

export function fixedParts(size: number): FrameParts {
  return {
    header(bodyLength) {
      if (bodyLength > size) {
        throw invalid({ id: 'fixedDoesNotFit', params: { size: bodyLength, max: size } })
      }
      return NO_BYTES
    },
    body: (piece) => piece,
    // A short payload is padded with zero bytes, as a fixed-size record on the wire would be.
    trailer: (bodyLength) => (bodyLength < size ? new Uint8Array(size - bodyLength) : NO_BYTES)
  }
}

export class FixedDecoder extends QueueDecoder {
  constructor(
    private readonly size: number,
    maxFrameSize: number
  ) {
    super(maxFrameSize)
  }

  protected next(): Frame | null {
    if (this.queue.length < this.size) return null
    const frame: Frame = { offset: this.offset, length: this.size, headerLength: 0, payload: this.queue.take(this.size) }
    this.offset += this.size
    return frame
  }
}

import { NO_BYTES, QueueDecoder, badFrame, tooBig, type FrameParts } from './base'
import { readField, writeField } from './int-field'
import type { Frame, IntField } from './types'

export function lengthParts(field: IntField, includesHeader: boolean): FrameParts {
  return {
    header(bodyLength) {
      const out = new Uint8Array(field.size)
      writeField(out, 0, field, bodyLength + (includesHeader ? field.size : 0))
      return out
    },
    body: (piece) => piece,
    trailer: () => NO_BYTES
  }
}

export class LengthPrefixDecoder extends QueueDecoder {
  /** Total bytes of the frame being received, header included, once its header is read; else -1. */
  private need = -1

  constructor(
    private readonly field: IntField,
    private readonly includesHeader: boolean,
    maxFrameSize: number
  ) {
    super(maxFrameSize)
  }

  protected next(): Frame | null {
    const size = this.field.size
    if (this.need < 0) {
      if (this.queue.length < size) return null
      const value = readField(this.queue, this.field)
      if (value < 0) {
        throw badFrame({ id: 'negativeLength', params: { offset: this.offset, value } })
      }
      if (this.includesHeader && value < size) {
        throw badFrame({ id: 'lengthBelowHeader', params: { offset: this.offset, value, size } })
      }
      const total = this.includesHeader ? value : value + size
      // Checked before waiting for the body, so a wild length never makes the decoder buffer it.
      if (total > this.maxFrameSize) throw tooBig('frameByLength', total, this.maxFrameSize, this.offset)
      this.need = total
    }
    if (this.queue.length < this.need) return null
    this.queue.skip(size)
    const frame: Frame = { offset: this.offset, length: this.need, headerLength: size, payload: this.queue.take(this.need - size) }
    this.offset += this.need
    this.need = -1
    return frame
  }
}

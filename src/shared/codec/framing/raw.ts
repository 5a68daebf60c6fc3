import type { Frame, FrameDecoder } from './types'
import { NO_BYTES, tooBig, type FrameParts } from './base'

export const rawParts: FrameParts = {
  header: () => NO_BYTES,
  body: (piece) => piece,
  trailer: () => NO_BYTES
}

/** No framing: every chunk, even an empty datagram, is a frame of its own. */
export class RawDecoder implements FrameDecoder {
  private offset = 0
  readonly pending = 0

  constructor(private readonly maxFrameSize: number) {}

  push(chunk: Uint8Array): Frame[] {
    if (chunk.length > this.maxFrameSize) throw tooBig('chunk', chunk.length, this.maxFrameSize, this.offset)
    const frame: Frame = { offset: this.offset, length: chunk.length, headerLength: 0, payload: chunk }
    this.offset += chunk.length
    return [frame]
  }

  end(): Frame[] {
    return []
  }
}

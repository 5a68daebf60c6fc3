import type { CatalogRef } from '../../errors'
import { CodecError } from '../errors'
import { ChunkQueue } from './chunk-queue'
import type { Frame, FrameDecoder } from './types'

/** The three parts every encoder is made of, so one-shot and streamed encoding cannot disagree. */
export interface FrameParts {
  header(bodyLength: number, meta?: Record<string, unknown>): Uint8Array
  /** Transforms one piece of the body (SLIP escapes it; the others pass it through). */
  body(piece: Uint8Array): Uint8Array
  trailer(bodyLength: number): Uint8Array
}

export const NO_BYTES = new Uint8Array(0)

/** `what` is a catalog term: chunk, frameByLength, jsonHeader, frameByJsonHeader. */
export function tooBig(what: string, size: number, max: number, offset: number): CodecError {
  return CodecError.of('EFRAMETOOBIG', { id: 'frameTooBig', params: { what, size, max, offset } })
}

/**
 * A frame that runs past the limit with no end in sight. Said the same way whether the end came
 * too late in one big chunk or never came in many small ones, so the error does not depend on how
 * the stream was cut into reads.
 */
export function unterminated(what: 'slipFrame' | 'line' | 'frame', end: string, max: number, offset: number): CodecError {
  return CodecError.of('EFRAMETOOBIG', { id: 'unterminatedFrame', params: { what, end, max, offset } })
}

export function badFrame(ref: CatalogRef): CodecError {
  return CodecError.of('EBADFRAME', ref)
}

/**
 * Decoders keep received chunks in a ChunkQueue and cut frames from its front. `next()` returns
 * one complete frame or null when more bytes are needed. After an error the stream position is
 * lost, so the decoder keeps failing with the same error; start a new decoder to resynchronise.
 */
export abstract class QueueDecoder implements FrameDecoder {
  protected readonly queue = new ChunkQueue()
  /** Stream offset of the first byte still in the queue. */
  protected offset = 0
  private failure: CodecError | undefined
  /** Bytes that were pending when decoding failed; the bytes themselves are let go. */
  private failedPending = 0

  constructor(protected readonly maxFrameSize: number) {}

  get pending(): number {
    return this.failure ? this.failedPending : this.queue.length
  }

  push(chunk: Uint8Array): Frame[] {
    if (this.failure) throw this.failure
    this.queue.push(chunk)
    const frames: Frame[] = []
    try {
      for (let f = this.next(); f !== null; f = this.next()) frames.push(f)
    } catch (err) {
      if (err instanceof CodecError) {
        err.frames = frames
        this.failure = err
        this.failedPending = this.queue.length
        this.queue.clear()
      }
      throw err
    }
    return frames
  }

  /** Leftover bytes, header bytes included, come back raw in one frame marked `incomplete`. */
  end(): Frame[] {
    if (this.failure || this.queue.length === 0) return []
    const length = this.queue.length
    const frame: Frame = { offset: this.offset, length, headerLength: 0, payload: this.queue.take(length), incomplete: true }
    this.offset += length
    return [frame]
  }

  protected abstract next(): Frame | null
}

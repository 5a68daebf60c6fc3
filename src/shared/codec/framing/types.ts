export interface IntField {
  size: 1 | 2 | 4 | 8
  endian: 'be' | 'le'
  signed: boolean
}

export type FramingSpec =
  | { kind: 'raw' }
  /** LF-terminated; one CR right before the LF is stripped from the payload too. */
  | { kind: 'line' }
  | { kind: 'delimiter'; delimiter: Uint8Array }
  | { kind: 'fixed'; size: number }
  /** `struct` keeps the Python struct format it was written as (e.g. '!I'), so it formats back the same. */
  | { kind: 'length'; field: IntField; includesHeader: boolean; struct?: string }
  /** `maxHeaderSize`: largest JSON header accepted (`header=` in the spec); DEFAULT_MAX_JSON_HEADER_SIZE when absent. */
  | { kind: 'json-header'; field: IntField; struct: string; maxHeaderSize?: number }
  | { kind: 'slip' }

export type FramingKind = FramingSpec['kind']

export interface Frame {
  /** Stream byte offset of the frame's first byte, header included. */
  offset: number
  /** Bytes the frame occupies in the stream, header and trailer included. */
  length: number
  /** Bytes of the frame before its payload (length prefix, JSON header). */
  headerLength: number
  /**
   * May be a view into a pushed chunk, into the decoder's buffer of small chunks, or into a slab
   * shared with other small frames: pushed chunks must not be modified afterwards, and a payload
   * kept for long or posted elsewhere (which clones the whole underlying buffer) should be copied
   * with `slice()` first.
   */
  payload: Uint8Array
  /** json-header: the parsed header. */
  meta?: Record<string, unknown>
  /** Set by `end()` on bytes left over when the stream closed in the middle of a frame. */
  incomplete?: boolean
}

export interface FrameDecoder {
  /** Feeds the next chunk of the stream; returns the frames it completed, in order. */
  push(chunk: Uint8Array): Frame[]
  /** The stream ended: leftover bytes come back as one frame marked `incomplete`. */
  end(): Frame[]
  /** Bytes received but not yet part of a returned frame. */
  readonly pending: number
}

export interface FramerOptions {
  /** Largest frame, header included, a decoder accepts or buffers. 16 MiB by default. */
  maxFrameSize?: number
}

export const DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024

/** Real JSON headers are a few hundred bytes; a bigger announcement is refused before it is buffered. */
export const DEFAULT_MAX_JSON_HEADER_SIZE = 64 * 1024

export interface Framer {
  readonly spec: FramingSpec
  /** `meta` adds fields to a json-header header (e.g. `file_name`); other framings ignore it. */
  encode(payload: Uint8Array, meta?: Record<string, unknown>): Uint8Array
  /**
   * Frames a body that arrives in pieces (a file) without holding it whole: yields the header,
   * the body's bytes (escaped for SLIP) and the trailer. `totalLength` must be the body's size.
   */
  encodeStream(body: AsyncIterable<Uint8Array>, totalLength: number, meta?: Record<string, unknown>): AsyncIterable<Uint8Array>
  createDecoder(): FrameDecoder
}

// Framing turns each peer's received bytes into messages (lines, length-prefixed frames...). The
// codec does the decoding; this file ties a decoder to a peer and reports frames as events. A
// decoding error stops framing for that one peer (its stream position is lost) and says why.
import type { FrameEvent } from '../../shared/api'
import { createFramer, parseFramingSpec, type FrameDecoder, type Framer } from '../../shared/codec'
import { SocketLabError, toAppError } from '../../shared/errors'
import type { Peer } from './peer'
import { NO_PREVIEW } from './preview'

export type { FrameDecoder }

export type EndpointFraming = Pick<Framer, 'encode' | 'createDecoder'>

/** Largest frame a peer's decoder buffers before it reports the stream as broken. */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024

/** Undefined for `raw` or no framing: the chunks are the frames and no frame events are made. */
export function createFraming(spec: string | undefined): EndpointFraming | undefined {
  if (spec === undefined) return undefined
  const parsed = parseFramingSpec(spec)
  if (parsed.kind === 'raw') return undefined
  return createFramer(parsed, { maxFrameSize: MAX_FRAME_BYTES })
}

/** Checks a framing spec the way open and update must, before anything changes. */
export function checkFramingSpec(spec: string): void {
  try {
    createFraming(spec)
  } catch (err) {
    const e = err as { code?: string; message?: string; hint?: string }
    // The codec's catalog id and params go along: its message names the spec already.
    const { id, hintId, params } = toAppError(err)
    throw new SocketLabError('EINVAL', `Invalid framing "${spec}": ${e.message ?? String(err)}`, e.hint ?? 'Use a framing such as raw, line, len:4 or fixed:16.', { id, hintId, params })
  }
}

/** Where decoded frames go: the endpoint itself, so decoding a chunk makes no closures. */
export interface FrameHost {
  readonly id: string
  /** False when no receiver is subscribed: frame events are then only built for the capture. */
  wantsEvents(): boolean
  /** `payload` may be borrowed: the preview is copied from it only if a receiver takes the frame. */
  emitFrame(ev: FrameEvent, payload: Uint8Array): void
  /** False with capture off: frames are then not kept for a window that comes later. */
  keepsFrames(): boolean
  /** Keeps the frame and the start of `payload`; neither `ev` nor `payload` is held on to. */
  keepFrame(ev: FrameEvent, payload: Uint8Array): void
  /** Hands one frame to the peer's responder; does nothing when the endpoint does not answer. */
  answerFrame(peer: Peer, payload: Uint8Array, meta: Readonly<Record<string, unknown>> | undefined, time: number): void
  frameError(peer: Peer, err: unknown): void
}


/** Decodes one received chunk; `seq` and `time` are the chunk's, since it completed the frames. */
export function decodeFrames(peer: Peer, bytes: Uint8Array, seq: number, time: number, host: FrameHost, dir: 'in' | 'out' = 'in'): void {
  const decoder = dir === 'in' ? peer.decoder : peer.outDecoder
  if (!decoder) return
  let frames
  let failure: unknown
  try {
    frames = decoder.push(bytes)
  } catch (err) {
    failure = err
    frames = (err as { frames?: ReturnType<FrameDecoder['push']> }).frames ?? []
    if (dir === 'in') peer.decoder = undefined
    else peer.outDecoder = undefined
  }
  const emit = frames.length > 0 && host.wantsEvents()
  const keep = frames.length > 0 && host.keepsFrames()
  for (const f of frames) {
    if (emit || keep) {
      const ev: FrameEvent = {
        type: 'frame',
        endpointId: host.id,
        peerId: peer.id,
        dir,
        seq,
        offset: f.offset,
        length: f.length,
        headerLength: f.headerLength,
        payloadLength: f.payload.byteLength,
        time,
        preview: NO_PREVIEW
      }
      if (f.meta) ev.meta = f.meta
      if (keep) host.keepFrame(ev, f.payload)
      if (emit) host.emitFrame(ev, f.payload)
    }
  }
  // Answers go out after all of the chunk's frames, as the capture lists them: the chunk, its
  // frames, then what was sent.
  if (dir === 'in') for (const f of frames) host.answerFrame(peer, f.payload, f.meta, time)
  if (failure !== undefined) host.frameError(peer, failure)
}

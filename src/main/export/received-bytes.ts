// Streams a range of one peer's stream (a frame's payload, some chunks, all of it) out of the
// capture, exactly as the bytes crossed, chunk by chunk: memory stays one chunk whatever the size.
// The range is checked against what the capture holds before anything is asked of the user, and a
// chunk that leaves the capture while the save runs fails the save: a file with a hole in it would
// look whole and be wrong.
import { performance } from 'node:perf_hooks'
import type { Direction } from '../../shared/api'
import { SocketLabError, toAppError } from '../../shared/errors'
import type { Engine } from '../engine/types'
import type { ExportCounts, ExportWrite } from './capture-export'

export interface ReceivedRange {
  endpointId: string
  peerId: string
  dir: Direction
  /** Stream offsets [from, to). */
  from: number
  to: number
}

/** Capture records read per page. */
const PAGE = 1000

function engineNow(): number {
  return performance.timeOrigin + performance.now()
}

interface DataRecord {
  seq: number
  offset: number
  length: number
}

/** The peer's chunks in this direction, in order, as the capture holds them up to `cutoff`. */
function* peerChunks(engine: Engine, endpointId: string, peerId: string, dir: Direction, cutoff: number): Generator<DataRecord> {
  let from = 0
  for (;;) {
    const page = engine.readCapture(endpointId, from, PAGE)
    for (const r of page.records) {
      if (r.type !== 'data') continue
      // What arrives once the save began is not part of it.
      if (r.time > cutoff) return
      if (r.peerId === peerId && r.dir === dir) yield r
    }
    if (page.nextSeq <= from) return
    from = page.nextSeq
  }
}

const heldHint = 'The capture keeps the newest bytes within its limit (Settings). Save a range it still holds, or raise the limit and let the data cross again.'

function notHeld(from: number, to: number): SocketLabError {
  return new SocketLabError('EDROPPED', `The capture no longer holds bytes ${from}\u2013${to - 1} of this stream`, heldHint)
}

/**
 * Checks the request against what the capture holds now and resolves a missing length to the end
 * of what crossed: [from, to). Throws a clear error when there is nothing, or not all of it.
 */
export function resolveReceivedRange(
  engine: Engine,
  request: { endpointId: string; peerId: string; dir?: Direction; offset?: number; length?: number }
): ReceivedRange {
  const dir = request.dir ?? 'in'
  engine.get(request.endpointId)
  let first: DataRecord | undefined
  let end = 0
  for (const c of peerChunks(engine, request.endpointId, request.peerId, dir, engineNow())) {
    first ??= c
    end = c.offset + c.length
  }
  const what = dir === 'in' ? 'received from' : 'sent to'
  if (!first || end === 0) {
    throw new SocketLabError('ENODATA', `Nothing ${what} this peer is in the capture`, 'Pick a peer whose bytes show in the timeline, once some have crossed.')
  }
  const from = request.offset ?? 0
  const to = request.length !== undefined ? from + request.length : end
  if (to > end) {
    throw new SocketLabError('ERANGE', `Bytes ${from}\u2013${to - 1} were asked for, but only ${end} bytes were ${what} this peer so far`, 'Save a range within the stream, or leave the length out to save up to its end.')
  }
  if (from >= to) throw new SocketLabError('ERANGE', `There are no bytes from offset ${from}: the stream ends at ${end}`, 'Give an offset inside the stream.')
  if (from < first.offset) throw notHeld(from, Math.min(to, first.offset))
  return { endpointId: request.endpointId, peerId: request.peerId, dir, from, to }
}

function cancelled(): SocketLabError {
  return new SocketLabError('ECANCELED', 'The save was cancelled', 'Save again to write the file.')
}

/** Writes bytes [from, to) of the peer's stream to `write`, reporting progress; resolves with the counts. */
export async function streamReceivedBytes(
  engine: Engine,
  range: ReceivedRange,
  write: ExportWrite,
  options: { signal?: AbortSignal; onProgress?(counts: ExportCounts): void } = {}
): Promise<ExportCounts> {
  const { from, to } = range
  const counts: ExportCounts = { records: 0, bytes: 0, totalBytes: to - from, fileBytes: 0, lostChunks: 0 }
  let next = from
  for (const c of peerChunks(engine, range.endpointId, range.peerId, range.dir, engineNow())) {
    if (options.signal?.aborted) throw cancelled()
    if (c.offset + c.length <= next) continue
    if (c.offset >= to) break
    if (c.offset > next) throw notHeld(next, Math.min(to, c.offset))
    let bytes: Uint8Array
    try {
      bytes = engine.readChunk(range.endpointId, c.seq).bytes
    } catch (err) {
      // Pushed out of the capture by new traffic since its page was read.
      if (toAppError(err).code === 'EDROPPED') throw notHeld(next, to)
      throw err
    }
    // A copy: the capture's ring may reuse these bytes while the output still writes them.
    const piece = bytes.slice(next - c.offset, Math.min(c.length, to - c.offset))
    await write(piece)
    next += piece.byteLength
    counts.records++
    counts.bytes += piece.byteLength
    counts.fileBytes += piece.byteLength
    options.onProgress?.({ ...counts })
    if (next >= to) break
  }
  if (options.signal?.aborted) throw cancelled()
  if (next < to) throw notHeld(next, to)
  return counts
}

// A reloaded window meets endpoints that kept running in the engine, with traffic it never saw. The
// first time it sees such an endpoint, the timeline is rebuilt from the engine's capture, page by
// page, before any live event: live events that arrive meanwhile are held and applied afterwards,
// so rows stay in seq order, and live chunks the capture already gave are not shown twice.
import type { AppError, EngineEvent, EndpointState, SocketLabApi } from '../../../../shared/api'
import type { TimelineLog } from './timeline-log'

/** Records per readCapture: large pages keep a long capture to few round trips. */
export const REFILL_PAGE = 5000

/** A live change held back while the capture is read: an event, or a state change of the endpoint. */
export type Held = { ev: EngineEvent } | { state: EndpointState; error?: AppError }

export class Refill {
  readonly held: Held[] = []
  /** The lowest seq among held chunks: the capture is read up to there, and the live stream takes over. */
  liveFrom = Number.POSITIVE_INFINITY
  cancelled = false

  hold(item: Held): void {
    this.held.push(item)
    if (!('ev' in item)) return
    const { ev } = item
    if (ev.type === 'data') this.liveFrom = Math.min(this.liveFrom, ev.seq)
    else if (ev.type === 'coalesced') this.liveFrom = Math.min(this.liveFrom, ev.fromSeq)
  }
}

/**
 * Appends the capture's records to the log, from the oldest held up to the first seq the live stream
 * carries. Returns the seq below which every chunk is now accounted for (shown, or in a dropped row).
 */
export async function readCaptureInto(api: SocketLabApi, log: TimelineLog, refill: Refill): Promise<number> {
  let from = 0
  let covered = 0
  // Each dropped record gives the capture's running total; a later page only adds what is new.
  let droppedBytes = 0
  let droppedChunks = 0
  for (;;) {
    const page = await api.readCapture({ endpointId: log.endpointId, fromSeq: from, limit: REFILL_PAGE })
    if (refill.cancelled) return covered
    if (!page.ok) {
      log.append({ type: 'error', endpointId: log.endpointId, error: page.error, time: Date.now() })
      return covered
    }
    const { records, nextSeq } = page.value
    for (const rec of records) {
      if (rec.type === 'dropped') {
        if (rec.chunks > droppedChunks) log.appendRecord({ ...rec, bytes: rec.bytes - droppedBytes, chunks: rec.chunks - droppedChunks })
        droppedBytes = Math.max(droppedBytes, rec.bytes)
        droppedChunks = Math.max(droppedChunks, rec.chunks)
        continue
      }
      if (rec.seq >= refill.liveFrom) return Math.max(covered, refill.liveFrom)
      log.appendRecord(rec)
    }
    covered = Math.max(covered, Math.min(nextSeq, refill.liveFrom))
    if (records.length === 0 || nextSeq <= from || nextSeq >= refill.liveFrom) return covered
    from = nextSeq
  }
}

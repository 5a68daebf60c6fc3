// A reloaded window meets endpoints that kept running in the engine, with traffic it never saw. The
// first time it sees such an endpoint, the timeline is rebuilt from the engine's capture, page by
// page, before any live event: live events that arrive meanwhile are held and applied afterwards,
// so rows stay in seq order, and live chunks the capture already gave are not shown twice.
import type { AppError, EngineEvent, EndpointState, PeerEvent, SocketLabApi } from '../../../../shared/api'
import type { TimelineLog } from './timeline-log'

/** Records per readCapture: large pages keep a long capture to few round trips. */
export const REFILL_PAGE = 5000

/** A live change held back while the capture is read: an event, or a state change of the endpoint. */
export type Held = { ev: EngineEvent } | { state: EndpointState; error?: AppError; time?: number }

/** Names a peer event: each peer opens once, enters each half-closed state once, and closes once. */
function peerEventKey(ev: PeerEvent): string {
  return ev.type === 'peer-state' ? `${ev.type} ${ev.peer.id} ${ev.peer.state}` : `${ev.type} ${ev.peer.id}`
}

function isPeerEvent(ev: EngineEvent): ev is PeerEvent {
  return ev.type === 'peer-open' || ev.type === 'peer-state' || ev.type === 'peer-close'
}

/**
 * Whether a live event repeats a peer event the capture already showed, which then counts as seen.
 * The engine records a peer event at once but sends it in its next batch, so the live copy can
 * come while the capture is read or just after; a data chunk has its seq to tell, a peer event this.
 */
export function repeatsShown(shown: Set<string> | undefined, ev: EngineEvent): boolean {
  return shown !== undefined && isPeerEvent(ev) && shown.delete(peerEventKey(ev))
}

export class Refill {
  readonly held: Held[] = []
  /** The endpoint's states the capture gave, in order. */
  readonly capturedStates: EndpointState[] = []
  /** The lowest seq among held chunks: the capture is read up to there, and the live stream takes over. */
  liveFrom = Number.POSITIVE_INFINITY
  cancelled = false
  /** Keys of the peer events the capture gave, until their live copies, if any, have come. */
  readonly shownPeerEvents = new Set<string>()

  /** The endpoint's state when the window first saw it, which the live stream changes from. */
  constructor(readonly firstState?: EndpointState) {}

  shownFromCapture(ev: PeerEvent): void {
    this.shownPeerEvents.add(peerEventKey(ev))
  }

  /**
   * The states the capture gave that the live stream will give again: those after the window's
   * first sight of the endpoint (its last time in that state), as the live stream starts there.
   */
  statesStillToCome(): EndpointState[] {
    const at = this.firstState === undefined ? -1 : this.capturedStates.lastIndexOf(this.firstState)
    return at < 0 ? [] : this.capturedStates.slice(at + 1)
  }

  hold(item: Held): void {
    this.held.push(item)
    if (!('ev' in item)) return
    const { ev } = item
    if (ev.type === 'data') this.liveFrom = Math.min(this.liveFrom, ev.seq)
    else if (ev.type === 'coalesced') this.liveFrom = Math.min(this.liveFrom, ev.fromSeq)
  }
}

/**
 * Appends the capture's records to the log, events and frames among them, from the oldest held
 * up to the first seq the live stream carries. Returns the seq below which every chunk is now
 * accounted for (shown, or in a dropped row).
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
        // On the page read at liveFrom, what the capture let go is below it: shown, or already counted.
        if (from >= refill.liveFrom) continue
        if (rec.chunks > droppedChunks) log.appendRecord({ ...rec, bytes: rec.bytes - droppedBytes, chunks: rec.chunks - droppedChunks })
        droppedBytes = Math.max(droppedBytes, rec.bytes)
        droppedChunks = Math.max(droppedChunks, rec.chunks)
        continue
      }
      // An event at liveFrom came before the first live chunk, perhaps before the window did.
      const event = rec.type === 'peer' || rec.type === 'state'
      if (event ? rec.seq > refill.liveFrom : rec.seq >= refill.liveFrom) return Math.max(covered, refill.liveFrom)
      if (rec.type === 'peer') refill.shownFromCapture(rec.event)
      if (rec.type === 'state') refill.capturedStates.push(rec.state)
      log.appendRecord(rec)
    }
    covered = Math.max(covered, Math.min(nextSeq, refill.liveFrom))
    // At liveFrom itself one more page is read, for the peer events just before the first live chunk.
    if (records.length === 0 || nextSeq <= from || nextSeq > refill.liveFrom) return covered
    from = nextSeq
  }
}

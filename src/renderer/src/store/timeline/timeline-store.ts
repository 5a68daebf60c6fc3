// The timelines of all endpoints. Batches go straight into the columnar logs (cheap, no React);
// views learn about it through a version number per endpoint: on the next animation frame, and
// under traffic at most every TIMELINE_INTERVAL_MS. Redrawing a long virtual list on every frame
// of a flood spends the window's time on rows nobody can read that fast.
import { create } from 'zustand'
import type { EndpointInfo, EndpointState, EngineEvent, EventBatch, SocketLabApi } from '../../../../shared/api'
import { TimelineLog } from './timeline-log'
import { toAppError } from '../../../../shared/errors'
import { readCaptureInto, Refill, repeatsShown, type Held } from './timeline-refill'

interface TimelineVersions {
  versions: Record<string, number>
}

export const useTimelineVersions = create<TimelineVersions>()(() => ({ versions: {} }))

const logs = new Map<string, TimelineLog>()
const lastState = new Map<string, EndpointState>()
const dirty = new Set<string>()
let scheduled = false
/** The shortest time between two redraws of the timelines. */
export const TIMELINE_INTERVAL_MS = 100
let lastFlush = Number.NEGATIVE_INFINITY
let flushTimer: ReturnType<typeof setTimeout> | undefined
/** Endpoints whose timeline is being read from the capture; their live events wait here. */
const refills = new Map<string, Refill>()
/** Per endpoint, the seq below which the capture already gave every chunk: live copies are skipped. */
const covered = new Map<string, number>()
/** Per endpoint, the peer events the capture gave whose live copies may still come: they are skipped. */
const shownPeerEvents = new Map<string, Set<string>>()
/** Per endpoint, the state changes the capture gave that the live stream is still to repeat, in order. */
const statesToCome = new Map<string, EndpointState[]>()
let captureApi: SocketLabApi | undefined

/** The API timelines read an endpoint's earlier traffic from; without one they start empty. */
export function setTimelineApi(api: SocketLabApi | undefined): void {
  captureApi = api
}

const nextFrame: (cb: () => void) => void =
  typeof requestAnimationFrame === 'function' ? (cb) => requestAnimationFrame(() => cb()) : (cb) => setTimeout(cb, 16)

const now = (): number => (typeof performance === 'undefined' ? Date.now() : performance.now())

export function getLog(endpointId: string): TimelineLog {
  let log = logs.get(endpointId)
  if (!log) {
    log = new TimelineLog(endpointId)
    logs.set(endpointId, log)
  }
  return log
}

export function peekLog(endpointId: string): TimelineLog | undefined {
  return logs.get(endpointId)
}

/** Publishes changed versions now; the frame scheduler calls it, and tests call it directly. */
export function flushTimelineVersions(): void {
  scheduled = false
  if (flushTimer !== undefined) clearTimeout(flushTimer)
  flushTimer = undefined
  lastFlush = now()
  if (dirty.size === 0) return
  const versions = { ...useTimelineVersions.getState().versions }
  for (const id of dirty) versions[id] = logs.get(id)?.version ?? 0
  dirty.clear()
  useTimelineVersions.setState({ versions })
}

function touch(endpointId: string): void {
  dirty.add(endpointId)
  if (!scheduled) {
    scheduled = true
    const wait = lastFlush + TIMELINE_INTERVAL_MS - now()
    if (wait <= 0) nextFrame(flushTimelineVersions)
    else flushTimer = setTimeout(flushTimelineVersions, wait)
  }
}

/** Applies one live change to an endpoint's log, unless a refill holds it or already showed it. */
function apply(endpointId: string, item: Held): void {
  const refill = refills.get(endpointId)
  if (refill) {
    refill.hold(item)
    return
  }
  const log = getLog(endpointId)
  if (!('ev' in item)) {
    if (repeatsState(endpointId, item.state)) return
    log.appendState(item.state, item.error, item.time)
  } else {
    if (repeatsShown(shownPeerEvents.get(endpointId), item.ev)) return
    const ev = trimCovered(log, item.ev)
    if (!ev) return
    log.append(ev)
  }
  touch(endpointId)
}

/** Whether a live state change is the next of those the capture already gave; any other ends them. */
function repeatsState(endpointId: string, state: EndpointState): boolean {
  const toCome = statesToCome.get(endpointId)
  if (!toCome) return false
  if (toCome[0] === state) {
    toCome.shift()
    if (toCome.length === 0) statesToCome.delete(endpointId)
    return true
  }
  statesToCome.delete(endpointId)
  return false
}

/** Drops a live chunk or frame the capture already gave, and trims a coalesced run that overlaps them. */
function trimCovered(log: TimelineLog, ev: EngineEvent): EngineEvent | undefined {
  const below = covered.get(log.endpointId)
  if (below === undefined) return ev
  if (ev.type === 'data' || ev.type === 'frame') return ev.seq < below ? undefined : ev
  if (ev.type !== 'coalesced' || ev.fromSeq >= below) return ev
  if (ev.toSeq < below) return undefined
  const bytes = ev.bytes - log.dataBytesBetween(ev.fromSeq, below)
  return { ...ev, fromSeq: below, chunks: ev.toSeq - below + 1, bytes: Math.max(0, bytes) }
}

async function refill(api: SocketLabApi, endpointId: string, job: Refill): Promise<void> {
  const log = getLog(endpointId)
  let below = 0
  try {
    below = await readCaptureInto(api, log, job)
  } catch (err) {
    // The live stream must not wait for ever on a read that failed: show why, and go on without it.
    if (!job.cancelled) log.append({ type: 'error', endpointId, error: toAppError(err), time: Date.now() })
  }
  if (job.cancelled || refills.get(endpointId) !== job) return
  covered.set(endpointId, below)
  if (job.shownPeerEvents.size > 0) shownPeerEvents.set(endpointId, job.shownPeerEvents)
  const toCome = job.statesStillToCome()
  if (toCome.length > 0) statesToCome.set(endpointId, toCome)
  refills.delete(endpointId)
  for (const item of job.held) apply(endpointId, item)
  touch(endpointId)
}

/**
 * The first sight of an endpoint that may have had traffic or peers already: its timeline starts
 * from the capture. One that is opening for the first time has had neither; one opening again (a
 * client reconnecting) keeps what it had, and its chunks say so.
 */
function startRefill(endpoint: EndpointInfo): void {
  const { chunksIn, chunksOut } = endpoint.counters
  const fresh = (endpoint.state === 'idle' || endpoint.state === 'opening') && chunksIn + chunksOut === 0
  if (!captureApi || fresh || refills.has(endpoint.id)) return
  const job = new Refill(endpoint.state)
  refills.set(endpoint.id, job)
  void refill(captureApi, endpoint.id, job)
}

function cancelRefill(endpointId: string): void {
  const job = refills.get(endpointId)
  if (job) job.cancelled = true
  refills.delete(endpointId)
  covered.delete(endpointId)
  shownPeerEvents.delete(endpointId)
  statesToCome.delete(endpointId)
}

export function applyTimelineBatch(batch: EventBatch): void {
  for (const ev of batch.events) {
    switch (ev.type) {
      case 'endpoint': {
        const { id, state, error, stateTime } = ev.endpoint
        getLog(id).udp = ev.endpoint.kind === 'udp'
        const before = lastState.get(id)
        lastState.set(id, state)
        if (before === undefined) startRefill(ev.endpoint)
        // The first snapshot of an endpoint is where the timeline starts, not a change worth a row.
        // The engine's time of the change, so the row sorts among the chunks stamped by the same clock.
        else if (before !== state) apply(id, { state, ...(error ? { error } : {}), ...(stateTime !== undefined ? { time: stateTime } : {}) })
        break
      }
      case 'endpoint-removed':
        cancelRefill(ev.endpointId)
        logs.delete(ev.endpointId)
        lastState.delete(ev.endpointId)
        break
      case 'peer-open':
      case 'peer-state':
      case 'peer-close':
        apply(ev.peer.endpointId, { ev })
        break
      case 'data':
      case 'frame':
      case 'coalesced':
        apply(ev.endpointId, { ev })
        break
      case 'error':
        if (ev.endpointId !== undefined) apply(ev.endpointId, { ev })
        break
      case 'responder-note':
        apply(ev.endpointId, { ev })
        break
      default:
        break
    }
  }
}

/** Forgets every timeline (tests, and a window that reconnects to a restarted engine). */
export function resetTimelines(): void {
  for (const id of [...refills.keys()]) cancelRefill(id)
  covered.clear()
  shownPeerEvents.clear()
  statesToCome.clear()
  logs.clear()
  lastState.clear()
  dirty.clear()
  if (flushTimer !== undefined) clearTimeout(flushTimer)
  flushTimer = undefined
  scheduled = false
  lastFlush = Number.NEGATIVE_INFINITY
  useTimelineVersions.setState({ versions: {} })
}

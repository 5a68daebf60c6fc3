// The timelines of all endpoints. Batches go straight into the columnar logs (cheap, no React);
// views learn about it at most once per animation frame through a version number per endpoint.
import { create } from 'zustand'
import type { EndpointState, EventBatch } from '../../../../shared/api'
import { TimelineLog } from './timeline-log'

interface TimelineVersions {
  versions: Record<string, number>
}

export const useTimelineVersions = create<TimelineVersions>()(() => ({ versions: {} }))

const logs = new Map<string, TimelineLog>()
const lastState = new Map<string, EndpointState>()
const dirty = new Set<string>()
let scheduled = false

const nextFrame: (cb: () => void) => void =
  typeof requestAnimationFrame === 'function' ? (cb) => requestAnimationFrame(() => cb()) : (cb) => setTimeout(cb, 16)

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
    nextFrame(flushTimelineVersions)
  }
}

export function applyTimelineBatch(batch: EventBatch): void {
  for (const ev of batch.events) {
    switch (ev.type) {
      case 'endpoint': {
        const { id, state, error } = ev.endpoint
        getLog(id).udp = ev.endpoint.kind === 'udp'
        const before = lastState.get(id)
        lastState.set(id, state)
        // The first snapshot of an endpoint is where the timeline starts, not a change worth a row.
        if (before !== undefined && before !== state) {
          getLog(id).appendState(state, error)
          touch(id)
        }
        break
      }
      case 'endpoint-removed':
        logs.delete(ev.endpointId)
        lastState.delete(ev.endpointId)
        break
      case 'peer-open':
      case 'peer-close':
        getLog(ev.peer.endpointId).append(ev)
        touch(ev.peer.endpointId)
        break
      case 'data':
      case 'frame':
      case 'coalesced':
        getLog(ev.endpointId).append(ev)
        touch(ev.endpointId)
        break
      case 'error':
        if (ev.endpointId !== undefined) {
          getLog(ev.endpointId).append(ev)
          touch(ev.endpointId)
        }
        break
      default:
        break
    }
  }
}

/** Forgets every timeline (tests, and a window that reconnects to a restarted engine). */
export function resetTimelines(): void {
  logs.clear()
  lastState.clear()
  dirty.clear()
  useTimelineVersions.setState({ versions: {} })
}

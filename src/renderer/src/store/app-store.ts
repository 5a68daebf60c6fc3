// What the window knows: the bridge's state, app info, settings, the endpoints and their open peers
// as the event stream says. Data events go to the timeline store, not here.
//
// Counters come with every batch, up to 60 a second under traffic, and each new counters object
// re-renders whatever shows the endpoint. People cannot read numbers that change faster than a few
// times a second, so counters alone are published at most every COUNTERS_INTERVAL_MS; the latest
// values wait meanwhile and are never lost. A batch that changes anything else (an endpoint, a
// peer, an error) publishes the waiting counters with it.
import { create } from 'zustand'
import type { AppError, AppInfo, Counters, EndpointInfo, EventBatch, PeerInfo, Settings } from '../../../shared/api'
import type { ConnectionStatus } from '../api/connection'

export interface AppState {
  connection: ConnectionStatus
  appInfo?: AppInfo
  settings?: Settings
  endpoints: Record<string, EndpointInfo>
  /** Endpoint ids in the order they appeared. */
  order: string[]
  /** Open peers per endpoint. */
  peers: Record<string, Record<string, PeerInfo>>
  /**
   * Endpoints whose peers were listed by the Node side at least once. Until then `peers` holds only
   * those the event stream has shown, which misses any that came before this window did.
   */
  peersListed: Record<string, true>
  lastError?: AppError
  setConnection(status: ConnectionStatus): void
  setAppInfo(info: AppInfo): void
  setSettings(settings: Settings): void
  setError(error: AppError | undefined): void
  upsertEndpoint(endpoint: EndpointInfo): void
  setPeers(endpointId: string, peers: PeerInfo[]): void
  applyBatch(batch: EventBatch): void
}

/** The shortest time between two publications of counters alone. */
export const COUNTERS_INTERVAL_MS = 250

/** Counters received but not yet published, by endpoint: the latest for each. */
let pendingCounters: Record<string, Counters> = {}
let lastPublished = Number.NEGATIVE_INFINITY
let counterTimer: ReturnType<typeof setTimeout> | undefined

function withCounters(endpoints: Record<string, EndpointInfo>, counters: Record<string, Counters>): Record<string, EndpointInfo> {
  let next = endpoints
  for (const [id, c] of Object.entries(counters)) {
    const ep = next[id]
    if (!ep) continue
    if (next === endpoints) next = { ...endpoints }
    next[id] = { ...ep, counters: c }
  }
  return next
}

function withPeer(peers: AppState['peers'], peer: PeerInfo, open: boolean): AppState['peers'] {
  const { [peer.id]: _old, ...rest } = peers[peer.endpointId] ?? {}
  return { ...peers, [peer.endpointId]: open ? { ...rest, [peer.id]: peer } : rest }
}

export const useAppStore = create<AppState>()((set) => ({
  connection: 'connecting',
  endpoints: {},
  order: [],
  peers: {},
  peersListed: {},
  setConnection: (connection) => set({ connection }),
  setAppInfo: (appInfo) => set({ appInfo }),
  setSettings: (settings) => set({ settings }),
  setError: (lastError) => set({ lastError }),
  upsertEndpoint: (endpoint) =>
    set((s) => ({
      endpoints: { ...s.endpoints, [endpoint.id]: endpoint },
      order: s.order.includes(endpoint.id) ? s.order : [...s.order, endpoint.id]
    })),
  setPeers: (endpointId, list) =>
    set((s) => ({
      peers: { ...s.peers, [endpointId]: Object.fromEntries(list.filter((p) => p.state !== 'closed').map((p) => [p.id, p])) },
      peersListed: s.peersListed[endpointId] ? s.peersListed : { ...s.peersListed, [endpointId]: true }
    })),
  applyBatch: (batch) => {
    Object.assign(pendingCounters, batch.counters)
    const structural = batch.events.some((e) => STRUCTURAL.has(e.type))
    if (!structural) {
      if (Object.keys(pendingCounters).length === 0) return
      const now = performance.now()
      if (now - lastPublished < COUNTERS_INTERVAL_MS) {
        counterTimer ??= setTimeout(flushCounters, COUNTERS_INTERVAL_MS - (now - lastPublished))
        return
      }
    }
    set((s) => {
      let { endpoints, order, peers, peersListed, lastError, settings } = s
      for (const event of batch.events) {
        switch (event.type) {
          case 'endpoint':
            // Its snapshot is at least as new as any counters still waiting for it.
            if (!(event.endpoint.id in batch.counters)) delete pendingCounters[event.endpoint.id]
            endpoints = { ...endpoints, [event.endpoint.id]: event.endpoint }
            if (!order.includes(event.endpoint.id)) order = [...order, event.endpoint.id]
            break
          case 'endpoint-removed': {
            const { [event.endpointId]: _removed, ...rest } = endpoints
            const { [event.endpointId]: _gone, ...otherPeers } = peers
            const { [event.endpointId]: _listed, ...otherListed } = peersListed
            endpoints = rest
            peers = otherPeers
            peersListed = otherListed
            order = order.filter((id) => id !== event.endpointId)
            break
          }
          case 'peer-open':
          case 'peer-state':
            peers = withPeer(peers, event.peer, true)
            break
          case 'peer-close':
            peers = withPeer(peers, event.peer, false)
            break
          case 'error':
            lastError = event.error
            break
          case 'settings':
            settings = event.settings
            break
          default:
            break
        }
      }
      return { endpoints: withCounters(endpoints, takePendingCounters()), order, peers, peersListed, lastError, settings }
    })
  }
}))

/** The event types that change what the store holds besides counters. */
const STRUCTURAL = new Set(['endpoint', 'endpoint-removed', 'peer-open', 'peer-state', 'peer-close', 'error', 'settings'])

function takePendingCounters(): Record<string, Counters> {
  const taken = pendingCounters
  pendingCounters = {}
  lastPublished = performance.now()
  if (counterTimer !== undefined) clearTimeout(counterTimer)
  counterTimer = undefined
  return taken
}

/** Publishes the counters waiting now; the timer calls it, and tests call it directly. */
export function flushCounters(): void {
  const counters = takePendingCounters()
  if (Object.keys(counters).length === 0) return
  useAppStore.setState((s) => ({ endpoints: withCounters(s.endpoints, counters) }))
}

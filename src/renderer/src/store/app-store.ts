// What the window knows: the bridge's state, app info, and the endpoints as the event stream says.
import { create } from 'zustand'
import type { AppError, AppInfo, Counters, EndpointInfo, EventBatch } from '../../../shared/api'
import type { ConnectionStatus } from '../api/connection'

export interface AppState {
  connection: ConnectionStatus
  appInfo?: AppInfo
  endpoints: Record<string, EndpointInfo>
  /** Endpoint ids in the order they appeared. */
  order: string[]
  lastError?: AppError
  setConnection(status: ConnectionStatus): void
  setAppInfo(info: AppInfo): void
  setError(error: AppError | undefined): void
  upsertEndpoint(endpoint: EndpointInfo): void
  applyBatch(batch: EventBatch): void
}

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

export const useAppStore = create<AppState>()((set) => ({
  connection: 'connecting',
  endpoints: {},
  order: [],
  setConnection: (connection) => set({ connection }),
  setAppInfo: (appInfo) => set({ appInfo }),
  setError: (lastError) => set({ lastError }),
  upsertEndpoint: (endpoint) =>
    set((s) => ({
      endpoints: { ...s.endpoints, [endpoint.id]: endpoint },
      order: s.order.includes(endpoint.id) ? s.order : [...s.order, endpoint.id]
    })),
  applyBatch: (batch) =>
    set((s) => {
      let endpoints = s.endpoints
      let order = s.order
      let lastError = s.lastError
      for (const event of batch.events) {
        if (event.type === 'endpoint') {
          endpoints = { ...endpoints, [event.endpoint.id]: event.endpoint }
          if (!order.includes(event.endpoint.id)) order = [...order, event.endpoint.id]
        } else if (event.type === 'endpoint-removed') {
          const { [event.endpointId]: _removed, ...rest } = endpoints
          endpoints = rest
          order = order.filter((id) => id !== event.endpointId)
        } else if (event.type === 'error') {
          lastError = event.error
        }
      }
      return { endpoints: withCounters(endpoints, batch.counters), order, lastError }
    })
}))

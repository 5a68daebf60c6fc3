// Shared by the component tests: an in-memory SocketLabApi, stores reset between tests, and element
// sizes for jsdom (which lays nothing out, so virtualized lists would render no rows).
import { render, type RenderResult } from '@testing-library/react'
import type { AppInfo, EndpointInfo, EventBatch, Result, SocketLabApi } from '../../src/shared/api'
import { ApiContext } from '../../src/renderer/src/api/api-context'
import '../../src/renderer/src/i18n'
import { i18n } from '../../src/renderer/src/i18n'
import { flushCounters, useAppStore } from '../../src/renderer/src/store/app-store'
import { applyTimelineBatch, flushTimelineVersions, resetTimelines } from '../../src/renderer/src/store/timeline/timeline-store'
import { useUi } from '../../src/renderer/src/store/ui-store'
import { DEFAULT_LAYOUT, useWorkspace } from '../../src/renderer/src/store/workspace-store'

export const info: AppInfo = { name: 'Socket Lab', version: '9.9.9', transport: 'browser', platform: 'linux', arch: 'x64', nodeVersion: '20.0.0' }

export function endpoint(over: Partial<EndpointInfo> = {}): EndpointInfo {
  return {
    id: 'ep1',
    name: 'TCP server 127.0.0.1:0',
    kind: 'tcp-server',
    config: { kind: 'tcp-server', host: '127.0.0.1', port: 0 },
    state: 'listening',
    local: { address: '127.0.0.1', port: 40123, family: 'IPv4' },
    counters: { bytesIn: 0, bytesOut: 0, chunksIn: 0, chunksOut: 0 },
    peerCount: 0,
    captureDroppedBytes: 0,
    ...over
  }
}

/** A TCP client connected to 127.0.0.1:40123, the usual send target of the composer tests. */
export function connectedClient(over: Partial<EndpointInfo> = {}): EndpointInfo {
  return endpoint({
    id: 'c1',
    kind: 'tcp-client',
    name: 'client',
    config: { kind: 'tcp-client', host: '127.0.0.1', port: 40123 },
    state: 'connected',
    ...over
  })
}

export const ok = <T,>(value: T): Promise<Result<T>> => Promise.resolve({ ok: true, value })

/** An API where every request not overridden fails with ENOTSUP, so a test sees any call it did not expect. */
export function fakeApi(overrides: Partial<Record<keyof SocketLabApi, unknown>> = {}): SocketLabApi {
  return new Proxy({} as SocketLabApi, {
    get: (_t, key: string) => {
      if (key in overrides) return overrides[key as keyof SocketLabApi]
      if (key === 'getAppInfo') return () => ok(info)
      if (key === 'subscribe') return () => () => undefined
      if (key === 'listPeers') return () => ok([])
      return () => Promise.resolve({ ok: false, error: { code: 'ENOTSUP', message: key, hint: 'not in this test' } })
    }
  })
}

export function renderWithApi(ui: React.ReactElement, api: SocketLabApi): RenderResult {
  return render(<ApiContext.Provider value={api}>{ui}</ApiContext.Provider>)
}

export function resetStores(): void {
  flushCounters()
  useAppStore.setState({ connection: 'connected', endpoints: {}, order: [], peers: {}, peersListed: {}, appInfo: undefined, lastError: undefined, settings: undefined })
  useWorkspace.setState({ loaded: true, saving: false, layout: DEFAULT_LAYOUT, display: {}, composers: {}, savedPayloads: [], history: [], sequences: [], selectedEndpointId: undefined, notice: undefined, saveError: undefined })
  useUi.setState({ selectedRow: undefined, rightTab: 'inspector', bottomTab: 'composer', openSequence: undefined, targets: {}, filters: {}, frozenAt: {}, fileModes: {}, streamFocus: {} })
  resetTimelines()
  void i18n.changeLanguage('en')
}

/** Feeds a batch the way main.tsx does, then publishes timeline versions at once. */
export function feed(batch: Omit<EventBatch, 'batch'>, n = 1): void {
  const full: EventBatch = { batch: n, ...batch }
  applyTimelineBatch(full)
  useAppStore.getState().applyBatch(full)
  flushCounters()
  flushTimelineVersions()
}

/** Gives every element a size, so virtualized lists render their rows in jsdom. */
export function giveElementsSize(height = 600, width = 800): void {
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => height })
  Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get: () => width })
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => height })
}

export const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)

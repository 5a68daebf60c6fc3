import { act, cleanup, render, screen, fireEvent } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AppInfo, EndpointInfo, Result, SocketLabApi } from '../../src/shared/api'
import { ApiContext } from '../../src/renderer/src/api/api-context'
import { App } from '../../src/renderer/src/components/App'
import { useAppStore } from '../../src/renderer/src/store/app-store'

const info: AppInfo = { name: 'Socket Lab', version: '9.9.9', transport: 'browser', platform: 'linux', arch: 'x64', nodeVersion: '20.0.0' }

const endpoint: EndpointInfo = {
  id: 'ep1',
  name: 'TCP server 1',
  kind: 'tcp-server',
  config: { kind: 'tcp-server', host: '127.0.0.1', port: 0 },
  state: 'listening',
  local: { address: '127.0.0.1', port: 40123, family: 'IPv4' },
  counters: { bytesIn: 2048, bytesOut: 5, chunksIn: 1, chunksOut: 1 },
  peerCount: 0,
  captureDroppedBytes: 0
}

// An in-memory SocketLabApi: the component must work against the interface alone.
function fakeApi(overrides: Partial<SocketLabApi> = {}): SocketLabApi {
  const ok = <T,>(value: T): Promise<Result<T>> => Promise.resolve({ ok: true, value })
  return new Proxy({} as SocketLabApi, {
    get: (_t, key: string) => {
      if (key in overrides) return overrides[key as keyof SocketLabApi]
      if (key === 'getAppInfo') return () => ok(info)
      if (key === 'subscribe') return () => () => undefined
      return () => Promise.resolve({ ok: false, error: { code: 'ENOTSUP', message: key, hint: '' } })
    }
  })
}

function renderApp(api: SocketLabApi) {
  return render(
    <ApiContext.Provider value={api}>
      <App />
    </ApiContext.Provider>
  )
}

describe('App', () => {
  beforeEach(() => {
    useAppStore.setState({ connection: 'connected', endpoints: {}, order: [], appInfo: undefined, lastError: undefined })
  })
  afterEach(cleanup)

  it('shows the bridge state, app info and an empty state that says what to do', async () => {
    renderApp(fakeApi())
    expect(screen.getByRole('heading', { name: 'Socket Lab' })).toBeTruthy()
    expect(screen.getByTestId('connection-status').getAttribute('data-status')).toBe('connected')
    expect(await screen.findByText('9.9.9')).toBeTruthy()
    expect(screen.getByTestId('app-info-transport').textContent).toBe('Browser shell')
    expect(screen.getByTestId('endpoints-empty').textContent).toMatch(/Start a TCP server/)
  })

  it('shows a lost connection', () => {
    useAppStore.setState({ connection: 'disconnected' })
    renderApp(fakeApi())
    expect(screen.getByTestId('connection-status').textContent).toMatch(/Disconnected/)
  })

  it('lists endpoints from event batches with the port they got', () => {
    renderApp(fakeApi())
    act(() => useAppStore.getState().applyBatch({ batch: 1, events: [{ type: 'endpoint', endpoint }], counters: {} }))
    expect(screen.getByTestId('endpoint-address').textContent).toBe('127.0.0.1:40123')
    expect(screen.getByText(/2\.0 KiB/)).toBeTruthy()
    act(() => useAppStore.getState().applyBatch({ batch: 2, events: [{ type: 'endpoint-removed', endpointId: 'ep1' }], counters: {} }))
    expect(screen.getByTestId('endpoints-empty')).toBeTruthy()
  })

  it('shows an error with its hint where the action failed', async () => {
    renderApp(
      fakeApi({
        openEndpoint: () => Promise.resolve({ ok: false, error: { code: 'EADDRINUSE', message: 'port 80 is taken', hint: 'pick another port' } })
      } as Partial<SocketLabApi>)
    )
    await screen.findByText('9.9.9')
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'New TCP server' }))
    })
    const note = await screen.findByTestId('error-note')
    expect(note.textContent).toMatch(/EADDRINUSE/)
    expect(note.textContent).toMatch(/pick another port/)
  })
})

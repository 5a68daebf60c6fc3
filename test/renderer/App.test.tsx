import { act, cleanup, fireEvent, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SocketLabApi } from '../../src/shared/api'
import { App } from '../../src/renderer/src/components/App'
import { useAppStore } from '../../src/renderer/src/store/app-store'
import { useWorkspace } from '../../src/renderer/src/store/workspace-store'
import { endpoint, fakeApi, feed, giveElementsSize, ok, renderWithApi, resetStores } from './helpers'

const renderApp = (api: SocketLabApi = fakeApi()) => renderWithApi(<App />, api)

describe('App', () => {
  beforeEach(() => {
    resetStores()
    giveElementsSize()
  })
  afterEach(cleanup)

  it('shows the bridge state, app info and an empty state that says what to do', async () => {
    renderApp()
    expect(screen.getByRole('heading', { name: 'Socket Lab' })).toBeTruthy()
    expect(screen.getByTestId('connection-status').getAttribute('data-status')).toBe('connected')
    expect(await screen.findByText('9.9.9')).toBeTruthy()
    expect(screen.getByTestId('app-info-transport').textContent).toBe('Browser shell')
    expect(screen.getByTestId('endpoints-empty').textContent).toMatch(/start a TCP server/)
  })

  it('shows a lost connection', () => {
    useAppStore.setState({ connection: 'disconnected' })
    renderApp()
    expect(screen.getByTestId('connection-status').textContent).toMatch(/Disconnected/)
  })

  it('groups endpoints as servers and clients, with the port they got and their bytes', () => {
    renderApp()
    act(() =>
      feed({
        events: [
          { type: 'endpoint', endpoint: endpoint({ counters: { bytesIn: 2048, bytesOut: 5, chunksIn: 1, chunksOut: 1 } }) },
          {
            type: 'endpoint',
            endpoint: endpoint({
              id: 'ep2',
              kind: 'tcp-client',
              name: 'TCP client to 127.0.0.1:40123',
              config: { kind: 'tcp-client', host: '127.0.0.1', port: 40123 },
              state: 'connected',
              remote: { address: '127.0.0.1', port: 40123, family: 'IPv4' }
            })
          }
        ],
        counters: {}
      })
    )
    const servers = within(screen.getByTestId('servers-group'))
    expect(servers.getByTestId('endpoint-address').textContent).toBe('127.0.0.1:40123')
    // A default name made for port 0 shows the port the server got.
    expect(servers.getByText('TCP server 127.0.0.1:40123')).toBeTruthy()
    expect(servers.getByText(/2\.0 KiB/)).toBeTruthy()
    expect(within(screen.getByTestId('clients-group')).getByText('TCP client to 127.0.0.1:40123')).toBeTruthy()
    act(() => feed({ events: [{ type: 'endpoint-removed', endpointId: 'ep1' }, { type: 'endpoint-removed', endpointId: 'ep2' }], counters: {} }, 2))
    expect(screen.getByTestId('endpoints-empty')).toBeTruthy()
  })

  it('opens the form from the New menu, and Escape closes the menu', () => {
    useAppStore.setState({ appInfo: { ...useAppStore.getState().appInfo!, platform: 'linux' } as never })
    renderApp()
    fireEvent.click(screen.getByTestId('new-endpoint'))
    const items = screen.getAllByRole('menuitem').map((b) => b.textContent)
    expect(items).toEqual(['TCP server', 'TCP client', 'TLS server', 'TLS client', 'UDP socket', 'Unix server', 'Unix client', 'TCP relay', 'UDP relay'])
    fireEvent.keyDown(screen.getAllByRole('menuitem')[0]!, { key: 'Escape' })
    expect(screen.queryByRole('menu')).toBeNull()
    fireEvent.click(screen.getByTestId('new-endpoint'))
    fireEvent.click(screen.getByRole('menuitem', { name: 'UDP socket' }))
    expect(screen.getByRole('dialog', { name: 'New UDP socket' })).toBeTruthy()
  })

  it('shows the selected endpoint, and an error with its hint where the action failed', async () => {
    const api = fakeApi({
      closeEndpoint: () => Promise.resolve({ ok: false, error: { code: 'EBUSY', message: 'still closing', hint: 'wait a moment' } })
    })
    renderApp(api)
    act(() => {
      feed({ events: [{ type: 'endpoint', endpoint: endpoint() }], counters: {} })
      useWorkspace.getState().select('ep1')
    })
    expect(screen.getByTestId('endpoint-header').textContent).toMatch(/listening/)
    await act(async () => {
      fireEvent.click(within(screen.getByTestId('endpoint-header')).getByRole('button', { name: 'Stop' }))
    })
    const note = within(screen.getByTestId('endpoint-header')).getByTestId('error-note')
    expect(note.textContent).toMatch(/EBUSY.*still closing.*wait a moment/)
  })

  it('shows a failed start once: the endpoint is in error with the very error the button got back', async () => {
    const error = { code: 'EADDRINUSE', message: 'listen on 127.0.0.1:8080 failed', hint: 'pick another port' }
    const stopped = endpoint({ state: 'closed' })
    const api = fakeApi({
      startEndpoint: () => {
        // The engine announces the error state before it answers the request.
        feed({ events: [{ type: 'endpoint', endpoint: { ...stopped, state: 'error', error } }], counters: {} }, 2)
        return Promise.resolve({ ok: false, error })
      }
    })
    renderApp(api)
    act(() => {
      feed({ events: [{ type: 'endpoint', endpoint: stopped }], counters: {} })
      useWorkspace.getState().select('ep1')
    })
    await act(async () => {
      fireEvent.click(within(screen.getByTestId('endpoint-header')).getByRole('button', { name: 'Start' }))
    })
    expect(screen.getByTestId('endpoint-state').getAttribute('data-state')).toBe('error')
    const notes = screen.getAllByTestId('error-note')
    expect(notes).toHaveLength(1)
    expect(notes[0]!.textContent).toMatch(/EADDRINUSE.*8080.*pick another port/)
  })

  it('lists the peers a server already had when the window opened, without having seen them arrive', async () => {
    const peer = { endpointId: 'ep1', since: 1, state: 'open' as const, counters: { bytesIn: 5, bytesOut: 0, chunksIn: 1, chunksOut: 0 } }
    const asked: string[] = []
    const api = fakeApi({
      listPeers: ({ endpointId }: { endpointId: string }) => {
        asked.push(endpointId)
        return ok([
          { ...peer, id: 'p1', remote: { address: '127.0.0.1', port: 5001, family: 'IPv4' } },
          { ...peer, id: 'p2', remote: { address: '127.0.0.1', port: 5002, family: 'IPv4' }, state: 'peer-ended' as const }
        ])
      }
    })
    renderApp(api)
    act(() => {
      feed({ events: [{ type: 'endpoint', endpoint: endpoint({ peerCount: 3 }) }], counters: {} })
    })
    // One of the peers the window never saw leaves before the peer list is shown.
    const gone = { ...peer, id: 'p0', remote: { address: '127.0.0.1', port: 5000, family: 'IPv4' as const }, state: 'closed' as const }
    act(() => feed({ events: [{ type: 'peer-close', peer: gone, reason: 'fin-peer', time: 2 }], counters: {} }, 2))
    act(() => useWorkspace.getState().select('ep1'))
    const rows = await screen.findAllByTestId('peer-row')
    expect(rows.map((r) => r.textContent)).toEqual([expect.stringContaining('127.0.0.1:5001'), expect.stringContaining('127.0.0.1:5002')])
    expect(asked[0]).toBe('ep1')
  })

  it('sets the capture limit from the top bar, and shows a limit set elsewhere among the choices', async () => {
    const MiB = 1024 * 1024
    const patches: object[] = []
    const updateSettings = ({ patch }: { patch: object }) => {
      patches.push(patch)
      return Promise.resolve({ ok: true, value: { ...useAppStore.getState().settings!, ...patch } })
    }
    useAppStore.setState({ settings: { captureLimitBytes: 100 * MiB, previewBytes: 4096, theme: 'system', language: 'en' } })
    renderApp(fakeApi({ updateSettings }))
    const select = screen.getByTestId('capture-limit-select') as HTMLSelectElement
    expect([...select.options].map((o) => o.textContent)).toEqual(['16 MiB', '64 MiB', '100 MiB', '256 MiB', '1.0 GiB'])
    expect(select.value).toBe(String(100 * MiB))
    await act(async () => {
      fireEvent.change(select, { target: { value: String(256 * MiB) } })
    })
    expect(patches).toEqual([{ captureLimitBytes: 256 * MiB }])
    expect(useAppStore.getState().settings!.captureLimitBytes).toBe(256 * MiB)
  })

  it('switches language at run time', async () => {
    const updateSettings = ({ patch }: { patch: object }) =>
      Promise.resolve({ ok: true, value: { captureLimitBytes: 1, previewBytes: 16, theme: 'system', language: 'en', ...patch } })
    useAppStore.setState({ settings: { captureLimitBytes: 1, previewBytes: 16, theme: 'system', language: 'en' } })
    const { i18n } = await import('../../src/renderer/src/i18n')
    const { setLanguage } = await import('../../src/renderer/src/i18n')
    renderApp(fakeApi({ updateSettings }))
    await act(async () => {
      fireEvent.change(screen.getByTestId('language-select'), { target: { value: 'zh-CN' } })
    })
    act(() => setLanguage(useAppStore.getState().settings!.language))
    expect(i18n.language).toBe('zh-CN')
    expect(screen.getByRole('heading', { name: '端点' })).toBeTruthy()
    expect(screen.getByTestId('endpoints-empty').textContent).toMatch(/服务端/)
  })
})

import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EndpointInfo, PeerInfo } from '../../src/shared/api'
import { StreamView } from '../../src/renderer/src/components/stream/StreamView'
import { useAppStore } from '../../src/renderer/src/store/app-store'
import { connectedClient, fakeApi, ok, renderWithApi, resetStores } from './helpers'

const client: EndpointInfo = connectedClient({ peerCount: 1 })

const peer: PeerInfo = {
  id: 'p1',
  endpointId: 'c1',
  remote: { address: '127.0.0.1', port: 40123, family: 'IPv4' },
  since: 1,
  state: 'open',
  counters: { bytesIn: 0, bytesOut: 0, chunksIn: 0, chunksOut: 0 }
}

/** The view as the app shows it: fed the endpoint the store holds now. */
function LiveView(): React.JSX.Element {
  const ep = useAppStore((s) => s.endpoints.c1!)
  return <StreamView ep={ep} />
}

describe('stream view: Nagle toggle', () => {
  beforeEach(() => {
    resetStores()
    useAppStore.getState().upsertEndpoint(client)
    useAppStore.setState({ peers: { c1: { p1: peer } } })
  })
  afterEach(cleanup)

  it('switches no-delay on the live client instead of opening a new one', async () => {
    const updateEndpoint = vi.fn((req: { endpointId: string; noDelay?: boolean }) =>
      ok({ ...client, config: { ...client.config, noDelay: req.noDelay } } as EndpointInfo)
    )
    const openEndpoint = vi.fn()
    const removeEndpoint = vi.fn()
    renderWithApi(<LiveView />, fakeApi({ updateEndpoint, openEndpoint, removeEndpoint }))
    const toggle = screen.getByTestId('nagle-toggle')
    expect(toggle.textContent).toBe('Nagle: on')

    fireEvent.click(toggle)
    await waitFor(() => expect(useAppStore.getState().endpoints.c1!.config).toMatchObject({ noDelay: true }))
    expect(updateEndpoint).toHaveBeenCalledWith({ endpointId: 'c1', noDelay: true })
    expect(openEndpoint).not.toHaveBeenCalled()
    expect(removeEndpoint).not.toHaveBeenCalled()

    // Same endpoint id, now with Nagle off; clicking again switches it back on.
    await waitFor(() => expect(screen.getByTestId('nagle-toggle').textContent).toBe('Nagle: off'))
    fireEvent.click(screen.getByTestId('nagle-toggle'))
    await waitFor(() => expect(updateEndpoint).toHaveBeenLastCalledWith({ endpointId: 'c1', noDelay: false }))
  })
})

import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EndpointInfo, EngineEvent, PeerInfo } from '../../src/shared/api'
import { StreamView } from '../../src/renderer/src/components/stream/StreamView'
import { useAppStore } from '../../src/renderer/src/store/app-store'
import { connectedClient, endpoint, fakeApi, feed, ok, renderWithApi, resetStores } from './helpers'

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

describe('stream view: one big write, then small ones', () => {
  const server = endpoint({ id: 's1', name: 'server' })
  const connected = connectedClient({ peerCount: 1, local: { address: '127.0.0.1', port: 5555, family: 'IPv4' }, remote: { address: '127.0.0.1', port: 40123, family: 'IPv4' } })
  const serverPeer: PeerInfo = { ...peer, id: 'sp', endpointId: 's1', remote: { address: '127.0.0.1', port: 5555, family: 'IPv4' } }
  const clientPeer: PeerInfo = { ...peer, id: 'cp', endpointId: 'c1' }
  const data = (endpointId: string, peerId: string, dir: 'in' | 'out', seq: number, offset: number, length: number): EngineEvent => ({
    type: 'data',
    endpointId,
    peerId,
    dir,
    seq,
    offset,
    time: 1000 + seq,
    length,
    preview: new Uint8Array(Math.min(length, 16))
  })

  beforeEach(() => {
    resetStores()
    feed({
      events: [
        { type: 'endpoint', endpoint: server },
        { type: 'endpoint', endpoint: connected },
        { type: 'peer-open', peer: serverPeer },
        { type: 'peer-open', peer: clientPeer },
        // The client writes 64 KiB, then "aaa" three times; the server reads the 64 KiB, then the nine bytes at once.
        data('c1', 'cp', 'out', 0, 0, 65536),
        data('c1', 'cp', 'out', 1, 65536, 3),
        data('c1', 'cp', 'out', 2, 65539, 3),
        data('c1', 'cp', 'out', 3, 65542, 3),
        data('s1', 'sp', 'in', 0, 0, 65536),
        data('s1', 'sp', 'in', 1, 65536, 9)
      ],
      counters: {}
    })
  })
  afterEach(cleanup)

  it('keeps the small writes visible beside the big one, and says the last read held three of them', () => {
    renderWithApi(<StreamView ep={server} />, fakeApi())
    const widths = (testId: string) => screen.getAllByTestId(testId).map((el) => parseFloat(el.style.width))
    const lefts = (testId: string) => screen.getAllByTestId(testId).map((el) => parseFloat(el.style.left))
    const writes = widths('seg-write')
    expect(writes).toHaveLength(4)
    // Each 3-byte write gets a width one can see and click: at least 3 % of the lane.
    for (const w of writes.slice(1)) expect(w).toBeGreaterThanOrEqual(3)
    // The big one is still by far the biggest.
    expect(writes[0]!).toBeGreaterThan(50)
    // The lanes stay lined up: the nine-byte read starts where the first small write does and spans all three.
    const reads = widths('seg-read')
    expect(lefts('seg-read')[1]).toBeCloseTo(lefts('seg-write')[1]!, 5)
    expect(reads[1]!).toBeCloseTo(writes[1]! + writes[2]! + writes[3]!, 5)
    expect(screen.getByTestId('stream-verdicts').textContent).toMatch(/1 read held bytes of several writes/)
    expect(screen.getByTestId('stream-stretched')).toBeTruthy()
  })
})

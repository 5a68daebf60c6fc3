// The window shows the moments the lessons are about: the peer's FIN as a row on both sides and in
// a client's own state, the send that met a reset carrying it on its row, a client connecting in
// place (cancellable), and clients waiting to be served.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EngineEvent, PeerInfo } from '../../src/shared/api'
import { defaultTarget, resolveTarget } from '../../src/renderer/src/components/composer/TargetPicker'
import { ApiContext } from '../../src/renderer/src/api/api-context'
import { EndpointHeader } from '../../src/renderer/src/components/endpoints/EndpointHeader'
import { EndpointListItem } from '../../src/renderer/src/components/endpoints/EndpointListItem'
import { PeerList } from '../../src/renderer/src/components/endpoints/PeerList'
import { Timeline } from '../../src/renderer/src/components/timeline/Timeline'
import { i18n } from '../../src/renderer/src/i18n'
import { getLog } from '../../src/renderer/src/store/timeline/timeline-store'
import { bytes, connectedClient, endpoint, fakeApi, feed, giveElementsSize, ok, renderWithApi, resetStores } from './helpers'

const peer = (over: Partial<PeerInfo> = {}): PeerInfo => ({
  id: 'p1',
  endpointId: 'c1',
  remote: { address: '127.0.0.1', port: 8090, family: 'IPv4' },
  since: 1000,
  state: 'open',
  counters: { bytesIn: 0, bytesOut: 0, chunksIn: 0, chunksOut: 0 },
  ...over
})

const out = (seq: number, text: string, time: number): EngineEvent => ({
  type: 'data',
  endpointId: 'c1',
  peerId: 'p1',
  dir: 'out',
  seq,
  offset: 0,
  time,
  length: text.length,
  preview: bytes(text)
})

describe('the peer ends a connection, in the window', () => {
  beforeEach(() => {
    resetStores()
    giveElementsSize(400)
  })
  afterEach(cleanup)

  it('a row for the FIN, in English and Chinese, and the client state says it may still send', async () => {
    const client = connectedClient({ remote: { address: '127.0.0.1', port: 8090, family: 'IPv4' } })
    renderWithApi(
      <>
        <EndpointHeader ep={{ ...client, halfClosed: 'peer-ended' }} />
        <Timeline endpointId="c1" />
      </>,
      fakeApi()
    )
    act(() =>
      feed({
        events: [
          { type: 'endpoint', endpoint: client },
          { type: 'peer-open', peer: peer() },
          { type: 'peer-state', peer: peer({ state: 'peer-ended' }), time: 2000 }
        ],
        counters: {}
      })
    )
    const row = screen.getAllByTestId('timeline-row').find((r) => r.getAttribute('data-kind') === 'half')!
    expect(row.textContent).toContain("the peer closed its side (FIN): recv returned b''")
    expect(row.getAttribute('data-peer-state')).toBe('peer-ended')
    const state = screen.getByTestId('endpoint-state')
    expect(state.textContent).toBe('peer ended: you may still send, or close')
    expect(state.getAttribute('data-half')).toBe('peer-ended')
    expect(document.querySelector('.state-dot')!.className).toContain('half-peer-ended')

    await act(async () => {
      await i18n.changeLanguage('zh-CN')
    })
    expect(screen.getAllByTestId('timeline-row').find((r) => r.getAttribute('data-kind') === 'half')!.textContent).toContain("对端关闭了它那一端（FIN）：recv 返回 b''")
    expect(screen.getByTestId('endpoint-state').textContent).toBe('对端已结束：你仍可发送，或关闭连接')
  })

  it('a reset that answers a send goes on that send\u2019s row, not a row of its own', () => {
    renderWithApi(<Timeline endpointId="c1" />, fakeApi())
    act(() =>
      feed({
        events: [
          { type: 'endpoint', endpoint: connectedClient() },
          { type: 'peer-open', peer: peer() },
          out(0, 'hello', 1001),
          { type: 'peer-state', peer: peer({ state: 'peer-ended' }), time: 1002 },
          out(1, 'anyone?', 1003),
          out(2, 'later', 1004)
        ],
        counters: {}
      })
    )
    act(() =>
      feed({
        events: [{ type: 'error', endpointId: 'c1', peerId: 'p1', seq: 1, error: { code: 'ECONNRESET', message: 'the peer answered with RST', hint: 'close it' }, time: 1005 }],
        counters: {}
      })
    )
    const rows = screen.getAllByTestId('timeline-row')
    expect(rows.map((r) => r.getAttribute('data-kind'))).toEqual(['open', 'data', 'half', 'data', 'data'])
    const failed = rows[3]!
    expect(failed.className).toContain('has-error')
    expect(failed.textContent).toMatch(/anyone\?.*ECONNRESET: the peer answered with RST/)
    expect(failed.getAttribute('title')).toBe('ECONNRESET: the peer answered with RST\nclose it')
    expect(rows[4]!.className).not.toContain('has-error')
    expect(rows[1]!.className).not.toContain('has-error')
  })

  it('a row sorts by the engine\u2019s time: a live state change takes the endpoint\u2019s stateTime', () => {
    renderWithApi(<Timeline endpointId="c1" />, fakeApi())
    act(() => feed({ events: [{ type: 'endpoint', endpoint: connectedClient({ state: 'opening' }) }], counters: {} }))
    act(() => feed({ events: [{ type: 'endpoint', endpoint: connectedClient({ state: 'connected', stateTime: 1234.5 }) }], counters: {} }))
    const log = getLog('c1')
    expect(log.row(log.end - 1)).toMatchObject({ time: 1234.5 })
  })

  it('a connecting client says so in the sidebar and the header, and Cancel closes it', async () => {
    const closeEndpoint = vi.fn(() => ok(connectedClient({ state: 'closed' })))
    const connecting = connectedClient({ state: 'opening' })
    renderWithApi(
      <>
        <ul>
          <EndpointListItem ep={connecting} selected={false} checked={false} onSelect={() => undefined} onToggle={() => undefined} onExtend={() => undefined} />
        </ul>
        <EndpointHeader ep={connecting} />
      </>,
      fakeApi({ closeEndpoint })
    )
    expect(screen.getByTestId('endpoint-state').textContent).toBe('connecting…')
    expect(screen.getByTestId('endpoint-item').textContent).toContain('connecting…')
    expect(screen.getByTestId('endpoint-item-state').className).toContain('connecting')
    expect(screen.queryByRole('button', { name: 'Connect' })).toBeNull()
    await act(async () => {
      fireEvent.click(screen.getByTestId('cancel-connect'))
    })
    expect(closeEndpoint).toHaveBeenCalledWith({ endpointId: 'c1' })
  })

  it('Connect, then Cancel while it connects: the cancelled connect is no error to show', async () => {
    let settle!: (r: unknown) => void
    const startEndpoint = vi.fn(() => new Promise((r) => (settle = r)))
    const closeEndpoint = vi.fn(() => {
      settle({ ok: false, error: { code: 'ECANCELED', message: 'The connect was cancelled', hint: 'Start it again.' } })
      return ok(connectedClient({ state: 'closed' }))
    })
    const api = fakeApi({ startEndpoint, closeEndpoint })
    const header = (state: 'closed' | 'opening'): React.JSX.Element => (
      <ApiContext.Provider value={api}>
        <EndpointHeader ep={connectedClient({ state })} />
      </ApiContext.Provider>
    )
    // One tree throughout, so the header keeps its state (the connect still pending) across renders.
    const view = render(header('closed'))
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Connect' }))
    })
    view.rerender(header('opening'))
    await act(async () => {
      fireEvent.click(screen.getByTestId('cancel-connect'))
    })
    view.rerender(header('closed'))
    expect(startEndpoint).toHaveBeenCalled()
    expect(closeEndpoint).toHaveBeenCalled()
    expect(screen.queryByTestId('error-note')).toBeNull()
  })

  it('clients waiting to be served: counted in the header, marked in the peer table, their row says so', () => {
    const server = endpoint({ config: { kind: 'tcp-server', host: '127.0.0.1', port: 0, oneAtATime: true }, waitingCount: 1, peerCount: 2 })
    const served = peer({ endpointId: 'ep1', id: 'p1' })
    const waiting = peer({ endpointId: 'ep1', id: 'p2', remote: { address: '127.0.0.1', port: 8091, family: 'IPv4' }, since: 1001, waiting: true })
    renderWithApi(
      <>
        <EndpointHeader ep={server} />
        <PeerList ep={server} />
        <Timeline endpointId="ep1" />
      </>,
      fakeApi({ listPeers: () => ok([served, waiting]) })
    )
    act(() =>
      feed({
        events: [
          { type: 'endpoint', endpoint: server },
          { type: 'peer-open', peer: served },
          { type: 'peer-open', peer: waiting },
          { type: 'peer-close', peer: { ...served, state: 'closed' }, reason: 'fin-peer', time: 1500 },
          { type: 'peer-state', peer: { ...waiting, waiting: false }, time: 1501 }
        ],
        counters: {}
      })
    )
    expect(screen.getByTestId('endpoint-waiting').textContent).toBe('1 client waiting')
    const texts = screen.getAllByTestId('timeline-preview').map((p) => p.textContent)
    expect(texts[1]).toMatch(/connection waiting: the kernel completed the handshake/)
    expect(texts[3]).toMatch(/taken up: the client before it left/)
    act(() => feed({ events: [{ type: 'peer-open', peer: { ...waiting, id: 'p3', waiting: true } }], counters: {} }))
    const rows = within(screen.getByTestId('peer-list')).getAllByTestId('peer-row')
    expect(rows.at(-1)!.textContent).toContain('waiting, not served yet')
  })

  it('a UDP socket\u2019s composer answers whoever sent last, by default', () => {
    const udp = endpoint({ id: 'u1', kind: 'udp', config: { kind: 'udp', host: '127.0.0.1', port: 0 } })
    expect(defaultTarget(udp)).toMatchObject({ kind: 'address', port: '' })
    const heard = { ...udp, lastSender: { address: '127.0.0.1', port: 50123, family: 'IPv4' as const } }
    const choice = defaultTarget(heard)
    expect(choice).toEqual({ kind: 'address', host: '127.0.0.1', port: '50123' })
    expect(resolveTarget(heard, choice)).toEqual({ ok: true, to: { host: '127.0.0.1', port: 50123 } })
  })
})

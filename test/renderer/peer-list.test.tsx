import { act, cleanup, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CapturePage, CaptureRecord, EndpointInfo, PeerEvent, PeerInfo, Result } from '../../src/shared/api'
import { PeerList } from '../../src/renderer/src/components/endpoints/PeerList'
import { i18n } from '../../src/renderer/src/i18n'
import { useAppStore } from '../../src/renderer/src/store/app-store'
import { flushTimelineVersions, getLog, setTimelineApi } from '../../src/renderer/src/store/timeline/timeline-store'
import { endpoint, fakeApi, feed, renderWithApi, resetStores } from './helpers'

const peer = (n: number, state: PeerInfo['state'] = 'open'): PeerInfo => ({
  id: `p${n}`,
  endpointId: 'ep1',
  remote: { address: '127.0.0.1', port: 5000 + n, family: 'IPv4' },
  since: 100 + n,
  state,
  counters: { bytesIn: 0, bytesOut: 0, chunksIn: 0, chunksOut: 0 }
})
const open = (n: number): PeerEvent => ({ type: 'peer-open', peer: peer(n) })
const close = (n: number): PeerEvent => ({ type: 'peer-close', peer: peer(n, 'closed'), reason: 'fin-peer', time: 200 + n })

/** The peer list as the endpoint view shows it: fed the endpoint the store holds now. */
function LivePeers(): React.JSX.Element {
  const ep = useAppStore((s) => s.endpoints.ep1!)
  return <PeerList ep={ep} />
}

describe('peer list of a server whose clients all left', () => {
  beforeEach(resetStores)
  afterEach(() => {
    cleanup()
    setTimelineApi(undefined)
  })

  it('says how many came and went instead of "no client has connected yet"', () => {
    const server = endpoint()
    act(() => feed({ events: [{ type: 'endpoint', endpoint: server }], counters: {} }))
    renderWithApi(<LivePeers />, fakeApi())
    expect(screen.getByTestId('peers-none').textContent).toBe('No client has connected yet.')
    act(() => feed({ events: [open(1), open(2), open(3)], counters: {} }, 2))
    expect(screen.getAllByTestId('peer-row')).toHaveLength(3)
    act(() => feed({ events: [close(1), close(2), close(3)], counters: {} }, 3))
    expect(screen.queryAllByTestId('peer-row')).toHaveLength(0)
    expect(screen.getByTestId('peers-none').textContent).toBe('No client connected now; 3 came and went.')
    act(() => void i18n.changeLanguage('zh-CN'))
    expect(screen.getByTestId('peers-none').textContent).toBe('当前没有客户端连接；先后有 3 个连上又断开了。')
  })

  it('counts them again after a reload, from the peer events the capture kept', async () => {
    const records: CaptureRecord[] = [1, 2, 3].flatMap((n) => [
      { type: 'peer' as const, seq: 0, event: open(n) },
      { type: 'peer' as const, seq: 0, event: close(n) }
    ])
    const page: CapturePage = { records, nextSeq: 0, firstSeq: 0, droppedBytes: 0 }
    setTimelineApi(fakeApi({ readCapture: (): Promise<Result<CapturePage>> => Promise.resolve({ ok: true, value: page }) }))
    // A window that opens on a server which has been listening a while: it never saw the peers.
    const server: EndpointInfo = endpoint({ peerCount: 0 })
    act(() => feed({ events: [{ type: 'endpoint', endpoint: server }], counters: {} }))
    renderWithApi(<LivePeers />, fakeApi())
    await waitFor(() => expect(getLog('ep1').counts.peersClosed).toBe(3))
    act(() => flushTimelineVersions())
    expect(screen.getByTestId('peers-none').textContent).toBe('No client connected now; 3 came and went.')
  })

  it('says it for a UDP socket in its own words', () => {
    const udp = endpoint({ kind: 'udp', config: { kind: 'udp', host: '127.0.0.1', port: 0 } })
    act(() => feed({ events: [{ type: 'endpoint', endpoint: udp }, open(1), open(2), close(1), close(2)], counters: {} }))
    renderWithApi(<LivePeers />, fakeApi())
    expect(screen.getByTestId('peers-none').textContent).toBe('No peer now; 2 were heard from before.')
  })
})

describe('peer list of a TLS server', () => {
  beforeEach(resetStores)
  afterEach(cleanup)

  it("shows each client's handshake and the certificate it showed, folded under its address", () => {
    const server = endpoint({ kind: 'tls-server', config: { kind: 'tls-server', host: '127.0.0.1', port: 0, selfSigned: true } })
    act(() => feed({ events: [{ type: 'endpoint', endpoint: server }], counters: {} }))
    renderWithApi(<LivePeers />, fakeApi())
    const cert = { subject: 'CN=client one', issuer: 'CN=Lab CA', validFrom: 'Jan  1 00:00:00 2026 GMT', validTo: 'Jan  1 00:00:00 2027 GMT', fingerprint256: 'AB:CD', serialNumber: '01', selfSigned: false }
    const withCert: PeerInfo = { ...peer(1), tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', alpn: false, authorized: true, peerChain: [cert] } }
    const plain: PeerInfo = { ...peer(2), tls: { protocol: 'TLSv1.2', cipher: 'ECDHE-ECDSA-AES128-GCM-SHA256', alpn: 'h2' } }
    act(() => feed({ events: [{ type: 'peer-open', peer: withCert }, { type: 'peer-open', peer: plain }], counters: {} }, 2))
    const [first, second] = screen.getAllByTestId('peer-row')
    expect(first!.querySelector('summary')?.textContent).toBe('TLS TLSv1.3 · TLS_AES_128_GCM_SHA256 · Certificate verified')
    expect(first!.textContent).toContain('CN=client one')
    expect(first!.textContent).toContain('CN=Lab CA')
    expect(second!.querySelector('summary')?.textContent).toBe('TLS TLSv1.2 · ECDHE-ECDSA-AES128-GCM-SHA256')
    expect(second!.querySelector('[data-testid="tls-certificate"]')).toBeNull()
  })
})


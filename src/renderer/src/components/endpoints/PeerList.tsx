// Who is on the other end of a server or UDP socket. One peer, or all, is picked as the target of
// the composer; stream peers can be closed gracefully (FIN) or reset (RST).
import { useEffect, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { EndpointInfo, PeerInfo } from '../../../../shared/api'
import { useApi } from '../../api/api-context'
import { formatAddress, formatBytes } from '../../format'
import { useAppStore } from '../../store/app-store'
import { peekLog, useTimelineVersions } from '../../store/timeline/timeline-store'
import { useUi } from '../../store/ui-store'
import { ErrorNote } from '../common/ErrorNote'
import { TlsDetails } from './TlsDetails'
import { useAction } from './use-action'

const REFRESH_MS = 1000

export function PeerList({ ep }: { ep: EndpointInfo }): React.JSX.Element {
  const { t } = useTranslation()
  const api = useApi()
  const action = useAction()
  const peersById = useAppStore((s) => s.peers[ep.id])
  const peers = useMemo(() => Object.values(peersById ?? {}).sort((a, b) => a.since - b.since), [peersById])
  const target = useUi((s) => s.targets[ep.id])
  const setTarget = useUi((s) => s.setTarget)
  const endpointId = ep.id
  const udp = ep.kind === 'udp'
  const hasPeers = peers.length > 0
  // A window that opened after its peers came (a reload, a browser reconnecting) saw none of their
  // events: until the peers are listed once, the endpoint's own count says whether to ask.
  const listed = useAppStore((s) => s.peersListed[ep.id] === true)
  const peersUnknown = !listed && ep.peerCount > 0
  // Peers that came and left, as the timeline saw them go (or, after a reload, as the capture kept
  // them). The count lives in the log; its version is what says it may have changed.
  const gone = useTimelineVersions((s) => (s.versions[endpointId] === undefined ? 0 : (peekLog(endpointId)?.counts.peersClosed ?? 0)))

  // Peer counters only come with peer events; while peers are open, ask for fresh ones now and then.
  useEffect(() => {
    if (!hasPeers && !peersUnknown) return
    let live = true
    const refresh = async (): Promise<void> => {
      const r = await api.listPeers({ endpointId })
      if (live && r.ok) useAppStore.getState().setPeers(endpointId, r.value)
    }
    void refresh()
    const timer = setInterval(() => void refresh(), REFRESH_MS)
    return () => {
      live = false
      clearInterval(timer)
    }
  }, [api, endpointId, hasPeers, peersUnknown])

  const picked = (p: PeerInfo): boolean => target?.kind === 'peer' && target.peerId === p.id
  const allPicked = !target || target.kind === 'all'

  return (
    <section className="peers" aria-labelledby={`peers-${ep.id}`} data-testid="peer-list">
      <h3 id={`peers-${ep.id}`}>
        {t('peers.heading')} <span className="muted">{peers.length}</span>
      </h3>
      {peers.length === 0 ? (
        <p className="muted small" data-testid="peers-none">
          {gone > 0 ? t(udp ? 'peers.goneUdp' : 'peers.gone', { count: gone }) : t(udp ? 'peers.noneUdp' : 'peers.none')}
        </p>
      ) : (
        <table className="peer-table">
          <thead>
            <tr>
              <th scope="col">{t('peers.target')}</th>
              <th scope="col">{t('peers.address')}</th>
              <th scope="col">{t('peers.state')}</th>
              <th scope="col">{t('peers.inOut')}</th>
              {!udp && <th scope="col">{t('peers.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>
                <input type="radio" name={`target-${ep.id}`} aria-label={t('peers.all')} checked={allPicked} onChange={() => setTarget(endpointId, { kind: 'all' })} />
              </td>
              <td colSpan={udp ? 3 : 4}>{t('peers.all')}</td>
            </tr>
            {peers.map((p) => (
              <tr key={p.id} data-testid="peer-row" className={picked(p) ? 'picked' : undefined}>
                <td>
                  <input
                    type="radio"
                    name={`target-${ep.id}`}
                    aria-label={t('peers.sendTo', { address: formatAddress(p.remote) })}
                    checked={picked(p)}
                    onChange={() => setTarget(endpointId, { kind: 'peer', peerId: p.id })}
                  />
                </td>
                <td>
                  <span className="mono">{formatAddress(p.remote)}</span>
                  {p.tls && <TlsDetails tls={p.tls} />}
                </td>
                <td className={p.waiting ? 'peer-waiting' : undefined}>{p.waiting ? t('peerState.waiting') : t(`peerState.${p.state}`)}</td>
                <td className="mono small">
                  ↓ {formatBytes(p.counters.bytesIn)} ↑ {formatBytes(p.counters.bytesOut)}
                </td>
                {!udp && (
                  <td className="peer-actions">
                    <button type="button" className="secondary small" title={t('peers.closeTitle')} disabled={action.busy} onClick={() => void action.run(() => api.closePeer({ endpointId, peerId: p.id, mode: 'graceful' }))}>
                      {t('peers.close')}
                    </button>
                    <button type="button" className="danger small" title={t('peers.resetTitle')} disabled={action.busy} onClick={() => void action.run(() => api.closePeer({ endpointId, peerId: p.id, mode: 'reset' }))}>
                      {t('peers.reset')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {action.error && <ErrorNote error={action.error} onDismiss={action.clear} compact />}
    </section>
  )
}

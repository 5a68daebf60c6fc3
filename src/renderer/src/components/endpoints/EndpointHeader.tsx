// The selected endpoint: where it is, its state, and what can be done to it now.
import { useTranslation } from 'react-i18next'
import type { AppError, EndpointInfo, Result } from '../../../../shared/api'
import { upstreamLabel } from '../../../../shared/relay-upstream'
import { useApi } from '../../api/api-context'
import { displayName, formatAddress, formatCount, isClientKind, transportTag } from '../../format'
import { useAppStore } from '../../store/app-store'
import { ErrorNote } from '../common/ErrorNote'
import { isConnecting, stateDotClass, stateText } from './endpoint-state'
import { TlsDetails } from './TlsDetails'
import { useAction } from './use-action'

const sameError = (a: AppError, b: AppError): boolean => a.code === b.code && a.message === b.message

export function EndpointHeader({ ep }: { ep: EndpointInfo }): React.JSX.Element {
  const { t } = useTranslation()
  const api = useApi()
  const action = useAction()
  const peers = useAppStore((s) => s.peers[ep.id])
  const client = isClientKind(ep.kind)
  const running = ep.state === 'listening' || ep.state === 'connected'
  const connecting = isConnecting(ep)
  const connection = client ? Object.values(peers ?? {})[0] : undefined
  const endpointId = ep.id
  const upsert = useAppStore.getState().upsertEndpoint
  // A connect the user cancelled (Cancel while connecting) is not a failure to show.
  const start = (): void =>
    void action.run(async (): Promise<Result<EndpointInfo | undefined>> => {
      const r = await api.startEndpoint({ endpointId })
      if (r.ok) upsert(r.value)
      return !r.ok && r.error.code === 'ECANCELED' ? { ok: true as const, value: undefined } : r
    })
  const stateError = ep.state === 'error' ? ep.error : undefined
  // A failed start puts the endpoint in its error state with the very error the button got back:
  // that one is shown once, as the endpoint's state.
  const actionError = action.error && !(stateError && sameError(action.error, stateError)) ? action.error : undefined

  return (
    <header className="endpoint-header" data-testid="endpoint-header">
      <div className="endpoint-title">
        <span className={stateDotClass(ep)} aria-hidden="true" />
        <h2>{displayName(ep)}</h2>
        <span className={`tag tag-${transportTag(ep.kind).toLowerCase()}`}>{t(`kind.${ep.kind}`)}</span>
        <span className={`state-label ${ep.halfClosed && ep.state === 'connected' ? 'half' : ''}`} data-testid="endpoint-state" data-state={ep.state} data-half={ep.halfClosed}>
          {stateText(t, ep)}
        </span>
        {ep.waitingCount !== undefined && ep.waitingCount > 0 && (
          <span className="waiting-badge" title={t('endpoint.waitingTitle')} data-testid="endpoint-waiting">
            {t('endpoint.waiting', { count: ep.waitingCount })}
          </span>
        )}
        {ep.kernelDrops !== undefined && ep.kernelDrops > 0 && (
          <span className="waiting-badge" title={t('endpoint.kernelDropsTitle', { size: formatCount(ep.recvBufferSize ?? 0) })} data-testid="endpoint-kernel-drops">
            {t('endpoint.kernelDrops', { count: ep.kernelDrops, formatted: formatCount(ep.kernelDrops) })}
          </span>
        )}
      </div>
      <dl className="endpoint-addresses">
        {ep.local && (
          <div>
            <dt>{t('endpoint.local')}</dt>
            <dd className="mono" data-testid="endpoint-local">
              {formatAddress(ep.local)}
            </dd>
          </div>
        )}
        {ep.remote && (
          <div>
            <dt>{t('endpoint.remote')}</dt>
            <dd className="mono" data-testid="endpoint-remote">
              {ep.config.kind === 'tcp-relay' ? upstreamLabel(ep.config.upstream) : formatAddress(ep.remote)}
            </dd>
          </div>
        )}
      </dl>
      {ep.tls && <TlsDetails tls={ep.tls} />}
      <div className="endpoint-actions">
        {connecting ? (
          <button type="button" className="secondary" title={t('endpoint.cancelConnectTitle')} onClick={() => void action.run(() => api.closeEndpoint({ endpointId }), upsert)} data-testid="cancel-connect">
            {t('endpoint.cancelConnect')}
          </button>
        ) : running ? (
          <button type="button" className="secondary" disabled={action.busy} onClick={() => void action.run(() => api.closeEndpoint({ endpointId }), upsert)}>
            {t(client ? 'endpoint.disconnect' : 'endpoint.stop')}
          </button>
        ) : (
          <button type="button" disabled={action.busy} onClick={start}>
            {t(client ? 'endpoint.connect' : 'endpoint.start')}
          </button>
        )}
        {client && connection && (
          <>
            <button type="button" className="secondary" disabled={action.busy} title={t('endpoint.halfCloseTitle')} onClick={() => void action.run(() => api.endOutput({ endpointId }))}>
              {t('endpoint.halfClose')}
            </button>
            <button
              type="button"
              className="danger"
              disabled={action.busy}
              title={t('peers.resetTitle')}
              onClick={() => void action.run(() => api.closePeer({ endpointId, peerId: connection.id, mode: 'reset' }))}
            >
              {t('peers.reset')}
            </button>
          </>
        )}
        <button type="button" className="secondary" disabled={action.busy} onClick={() => void action.run(() => api.removeEndpoint({ endpointId }))}>
          {t('endpoint.remove')}
        </button>
      </div>
      {stateError && <ErrorNote error={stateError} compact />}
      {actionError && <ErrorNote error={actionError} onDismiss={action.clear} compact />}
    </header>
  )
}

import { useTranslation } from 'react-i18next'
import type { EndpointInfo } from '../../../../shared/api'
import { displayName, endpointAddress, formatBytes, transportTag } from '../../format'
import { isConnecting, stateDotClass, stateText } from './endpoint-state'

export function EndpointListItem({ ep, selected, onSelect }: { ep: EndpointInfo; selected: boolean; onSelect(): void }): React.JSX.Element {
  const { t } = useTranslation()
  const state = stateText(t, ep)
  return (
    <li>
      <button
        type="button"
        className={`endpoint ${selected ? 'selected' : ''}`}
        aria-current={selected ? 'true' : undefined}
        data-testid="endpoint-item"
        data-endpoint-id={ep.id}
        data-chunks={ep.counters.chunksIn + ep.counters.chunksOut}
        onClick={onSelect}
      >
        <span className={stateDotClass(ep)} title={state} aria-label={state} role="img" data-testid="endpoint-item-state" />
        <span className="endpoint-name">{displayName(ep)}</span>
        <span className={`tag tag-${transportTag(ep.kind).toLowerCase()}`}>{transportTag(ep.kind)}</span>
        <span className="endpoint-addr mono" data-testid="endpoint-address">
          {endpointAddress(ep)}
        </span>
        <span className="endpoint-bytes muted" title={t('sidebar.bytesTitle')}>
          ↓ {formatBytes(ep.counters.bytesIn)} ↑ {formatBytes(ep.counters.bytesOut)}
        </span>
        {ep.error && <span className="endpoint-error">{ep.error.code}</span>}
        {isConnecting(ep) && <span className="endpoint-connecting">{state}</span>}
        {!isConnecting(ep) && ep.state === 'connected' && ep.halfClosed && <span className="endpoint-half">FIN</span>}
      </button>
    </li>
  )
}

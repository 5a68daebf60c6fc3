// One endpoint in the sidebar: a check box for bulk actions, then the endpoint itself, which opens it
// (Ctrl/Cmd+click checks it instead, Shift+click checks a run of them).
import { useTranslation } from 'react-i18next'
import type { EndpointInfo } from '../../../../shared/api'
import { displayName, endpointAddress, formatBytes, transportTag } from '../../format'
import { isConnecting, stateDotClass, stateText } from './endpoint-state'

interface EndpointListItemProps {
  ep: EndpointInfo
  selected: boolean
  checked: boolean
  onSelect(): void
  onToggle(): void
  onExtend(): void
}

export function EndpointListItem({ ep, selected, checked, onSelect, onToggle, onExtend }: EndpointListItemProps): React.JSX.Element {
  const { t } = useTranslation()
  const state = stateText(t, ep)
  const name = displayName(ep)
  const onClick = (e: React.MouseEvent): void => {
    if (e.shiftKey) onExtend()
    else if (e.ctrlKey || e.metaKey) onToggle()
    else onSelect()
  }
  return (
    <li className={checked ? 'checked' : undefined}>
      <input
        type="checkbox"
        className="endpoint-check"
        checked={checked}
        aria-label={t('sidebar.check', { name })}
        onChange={() => undefined}
        onClick={(e) => (e.shiftKey ? onExtend() : onToggle())}
        data-testid="endpoint-check"
      />
      <button
        type="button"
        className={`endpoint ${selected ? 'selected' : ''}`}
        aria-current={selected ? 'true' : undefined}
        data-testid="endpoint-item"
        data-endpoint-id={ep.id}
        data-chunks={ep.counters.chunksIn + ep.counters.chunksOut}
        onClick={onClick}
        // Shift+click would otherwise select the text of the list.
        onMouseDown={(e) => e.shiftKey && e.preventDefault()}
      >
        <span className={stateDotClass(ep)} title={state} aria-label={state} role="img" data-testid="endpoint-item-state" />
        <span className="endpoint-name">{name}</span>
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

// Endpoints grouped as servers (with UDP sockets, which bind like servers) and clients.
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { EndpointInfo, EndpointKind } from '../../../../shared/api'
import { isClientKind } from '../../format'
import { useAppStore } from '../../store/app-store'
import { useWorkspace } from '../../store/workspace-store'
import { EndpointListItem } from './EndpointListItem'
import { NewEndpointMenu } from './NewEndpointMenu'

export function Sidebar({ onNew }: { onNew(kind: EndpointKind): void }): React.JSX.Element {
  const { t } = useTranslation()
  const endpointsById = useAppStore((s) => s.endpoints)
  const order = useAppStore((s) => s.order)
  const connected = useAppStore((s) => s.connection === 'connected')
  const selectedId = useWorkspace((s) => s.selectedEndpointId)
  const select = useWorkspace((s) => s.select)
  const endpoints = useMemo(() => order.map((id) => endpointsById[id]).filter((e): e is EndpointInfo => !!e), [order, endpointsById])
  const servers = endpoints.filter((e) => !isClientKind(e.kind))
  const clients = endpoints.filter((e) => isClientKind(e.kind))

  const group = (title: string, list: EndpointInfo[], testId: string): React.JSX.Element => (
    <section className="endpoint-group" aria-label={title} data-testid={testId}>
      <h3>
        {title} <span className="muted">{list.length}</span>
      </h3>
      {list.length === 0 ? (
        <p className="muted small">{t('sidebar.none')}</p>
      ) : (
        <ul className="endpoints">
          {list.map((ep) => (
            <EndpointListItem key={ep.id} ep={ep} selected={ep.id === selectedId} onSelect={() => select(ep.id)} />
          ))}
        </ul>
      )}
    </section>
  )

  return (
    <nav className="sidebar" aria-labelledby="endpoints-heading">
      <div className="sidebar-head">
        <h2 id="endpoints-heading">{t('sidebar.heading')}</h2>
        <NewEndpointMenu onPick={onNew} disabled={!connected} />
      </div>
      {endpoints.length === 0 ? (
        <div className="empty" data-testid="endpoints-empty">
          <p className="empty-title">{t('sidebar.emptyTitle')}</p>
          <p className="muted">{t('sidebar.emptyBody')}</p>
        </div>
      ) : (
        <div className="endpoint-groups" data-testid="endpoint-list">
          {group(t('sidebar.servers'), servers, 'servers-group')}
          {group(t('sidebar.clients'), clients, 'clients-group')}
        </div>
      )}
    </nav>
  )
}

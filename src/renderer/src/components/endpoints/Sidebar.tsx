// Endpoints grouped as the running lab's own, servers (with UDP sockets, which bind like servers) and
// clients. Several can be
// checked and stopped or removed at once; from the keyboard, the arrows move between endpoints
// (with Shift they check on the way), Ctrl+A checks all, Delete asks to remove the checked ones and
// Escape unchecks them.
import { useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { EndpointInfo, EndpointKind } from '../../../../shared/api'
import { isClientKind } from '../../format'
import { useAppStore } from '../../store/app-store'
import { useWorkspace } from '../../store/workspace-store'
import { activeLab, useLabs } from '../../store/lab-store'
import { inLanguage } from '../../../../shared/labs'
import { BulkActions } from './BulkActions'
import { EndpointListItem } from './EndpointListItem'
import { NewEndpointMenu } from './NewEndpointMenu'
import { useCheckedEndpoints } from './use-checked-endpoints'

export function Sidebar({ onNew }: { onNew(kind: EndpointKind): void }): React.JSX.Element {
  const { t } = useTranslation()
  const endpointsById = useAppStore((s) => s.endpoints)
  const order = useAppStore((s) => s.order)
  const connected = useAppStore((s) => s.connection === 'connected')
  const selectedId = useWorkspace((s) => s.selectedEndpointId)
  const select = useWorkspace((s) => s.select)
  const endpoints = useMemo(() => order.map((id) => endpointsById[id]).filter((e): e is EndpointInfo => !!e), [order, endpointsById])
  // A running lab's endpoints are listed apart, so the user's own stay where they were.
  const labRoles = useLabs((s) => s.active?.roles)
  const language = useAppStore((s) => s.settings?.language ?? 'en')
  const lab = labRoles ? activeLab() : undefined
  const labIds = new Set(Object.values(labRoles ?? {}))
  const labEndpoints = endpoints.filter((e) => labIds.has(e.id))
  const servers = endpoints.filter((e) => !labIds.has(e.id) && !isClientKind(e.kind))
  const clients = endpoints.filter((e) => !labIds.has(e.id) && isClientKind(e.kind))
  // The order the list shows them in, which a Shift+click range follows.
  const shown = useMemo(() => [...labEndpoints, ...servers, ...clients].map((e) => e.id), [labEndpoints, servers, clients])
  const checked = useCheckedEndpoints(shown)
  const [confirming, setConfirming] = useState(false)
  const nav = useRef<HTMLElement>(null)

  const items = (): HTMLButtonElement[] => Array.from(nav.current?.querySelectorAll<HTMLButtonElement>('button.endpoint') ?? [])

  const onListKeyDown = (e: React.KeyboardEvent): void => {
    const mod = e.ctrlKey || e.metaKey
    if (mod && e.key.toLowerCase() === 'a') {
      e.preventDefault()
      checked.setAll(true)
    } else if (e.key === 'Escape' && checked.ids.length > 0) {
      e.preventDefault()
      checked.clear()
    } else if (e.key === 'Delete' && checked.ids.length > 0) {
      e.preventDefault()
      setConfirming(true)
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const list = items()
      const at = list.findIndex((b) => b.parentElement?.contains(document.activeElement))
      const next = list[Math.max(0, Math.min(list.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)))]
      if (!next) return
      e.preventDefault()
      next.focus()
      const from = list[at]?.dataset.endpointId
      const to = next.dataset.endpointId
      if (e.shiftKey && to) checked.extendTo(to, from)
    }
  }

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
            <EndpointListItem
              key={ep.id}
              ep={ep}
              selected={ep.id === selectedId}
              checked={checked.has(ep.id)}
              onSelect={() => select(ep.id)}
              onToggle={() => checked.toggle(ep.id)}
              onExtend={() => checked.extendTo(ep.id, selectedId)}
            />
          ))}
        </ul>
      )}
    </section>
  )

  return (
    <nav className="sidebar" aria-labelledby="endpoints-heading" ref={nav}>
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
        <>
          <BulkActions
            endpoints={endpoints}
            checked={checked}
            confirming={confirming}
            onConfirm={setConfirming}
            focusAfterRemove={() => nav.current?.querySelector<HTMLElement>('.sidebar-head button')}
          />
          <div className="endpoint-groups" data-testid="endpoint-list" onKeyDown={onListKeyDown}>
            {lab && labEndpoints.length > 0 && group(`${t('labs.numbered', { order: lab.order })}: ${inLanguage(lab.title, language)}`, labEndpoints, 'lab-group')}
            {group(t('sidebar.servers'), servers, 'servers-group')}
            {group(t('sidebar.clients'), clients, 'clients-group')}
          </div>
        </>
      )}
    </nav>
  )
}

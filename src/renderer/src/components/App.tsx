// The window: top bar, the endpoint sidebar, the selected endpoint (or a welcome), the status bar.
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { EndpointKind } from '../../../shared/api'
import { useApi } from '../api/api-context'
import { useAppStore } from '../store/app-store'
import { useWorkspace } from '../store/workspace-store'
import { ErrorNote } from './common/ErrorNote'
import { EndpointForm } from './endpoints/EndpointForm'
import { EndpointView } from './endpoints/EndpointView'
import { Sidebar } from './endpoints/Sidebar'
import { Splitter } from './layout/Splitter'
import { StatusBar } from './layout/StatusBar'
import { TopBar } from './layout/TopBar'
import { Welcome } from './layout/Welcome'

export function App(): React.JSX.Element {
  const { t } = useTranslation()
  const api = useApi()
  const connection = useAppStore((s) => s.connection)
  const lastError = useAppStore((s) => s.lastError)
  const selectedId = useWorkspace((s) => s.selectedEndpointId)
  const selected = useAppStore((s) => (selectedId ? s.endpoints[selectedId] : undefined))
  const sidebar = useWorkspace((s) => s.layout.sidebar)
  const setLayout = useWorkspace((s) => s.setLayout)
  const notice = useWorkspace((s) => s.notice)
  const [creating, setCreating] = useState<EndpointKind>()

  useEffect(() => {
    if (connection !== 'connected') return
    let live = true
    void api.getAppInfo().then((r) => {
      if (!live) return
      if (r.ok) useAppStore.getState().setAppInfo(r.value)
      else useAppStore.getState().setError(r.error)
    })
    return () => {
      live = false
    }
  }, [api, connection])

  return (
    <div className="app" style={{ gridTemplateColumns: `${sidebar}px 6px 1fr` }}>
      <TopBar />
      <Sidebar onNew={setCreating} />
      <Splitter orientation="vertical" size={sidebar} min={180} max={600} direction={1} label={t('layout.resizeSidebar')} onResize={(s) => setLayout({ sidebar: s })} />
      <main className="main">
        {notice && <ErrorNote error={notice.hint ? notice : { ...notice, hint: t('workspace.noticeHint') }} onDismiss={() => useWorkspace.getState().dismissNotice()} compact />}
        {lastError && !selected && <ErrorNote error={lastError} onDismiss={() => useAppStore.getState().setError(undefined)} compact />}
        {selected ? <EndpointView key={selected.id} ep={selected} /> : <Welcome onNew={setCreating} />}
      </main>
      <StatusBar />
      {creating && <EndpointForm kind={creating} onClose={() => setCreating(undefined)} />}
    </div>
  )
}

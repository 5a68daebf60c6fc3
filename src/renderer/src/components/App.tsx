import { useEffect, useMemo, useState } from 'react'
import type { AppError } from '../../../shared/api'
import { useApi } from '../api/api-context'
import { useAppStore } from '../store/app-store'
import { AppInfoPanel } from './AppInfoPanel'
import { ConnectionBadge } from './ConnectionBadge'
import { EndpointList } from './EndpointList'
import { ErrorNote } from './ErrorNote'

export function App(): React.JSX.Element {
  const api = useApi()
  const connection = useAppStore((s) => s.connection)
  const appInfo = useAppStore((s) => s.appInfo)
  const endpointsById = useAppStore((s) => s.endpoints)
  const order = useAppStore((s) => s.order)
  const endpoints = useMemo(() => order.map((id) => endpointsById[id]!).filter(Boolean), [order, endpointsById])
  const [actionError, setActionError] = useState<AppError>()
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    if (connection !== 'connected') return
    let live = true
    void api.getAppInfo().then((r) => {
      if (!live) return
      if (r.ok) useAppStore.getState().setAppInfo(r.value)
      else setActionError(r.error)
    })
    return () => {
      live = false
    }
  }, [api, connection])

  const startTcpServer = async (): Promise<void> => {
    setBusy(true)
    const r = await api.openEndpoint({ config: { kind: 'tcp-server', host: '127.0.0.1', port: 0 } })
    setBusy(false)
    if (r.ok) {
      setActionError(undefined)
      useAppStore.getState().upsertEndpoint(r.value)
    } else setActionError(r.error)
  }

  return (
    <div className="app">
      <header className="topbar">
        <h1 className="app-name">Socket Lab</h1>
        <ConnectionBadge status={connection} />
      </header>
      <main className="content">
        <section className="panel endpoints-panel" aria-labelledby="endpoints-heading">
          <div className="panel-head">
            <h2 id="endpoints-heading">Endpoints</h2>
            <button type="button" onClick={() => void startTcpServer()} disabled={busy || connection !== 'connected'}>
              New TCP server
            </button>
          </div>
          {actionError && <ErrorNote error={actionError} onDismiss={() => setActionError(undefined)} />}
          <EndpointList endpoints={endpoints} />
        </section>
        <aside className="panel info-panel" aria-labelledby="about-heading">
          <h2 id="about-heading">About this Socket Lab</h2>
          <AppInfoPanel info={appInfo} />
        </aside>
      </main>
    </div>
  )
}

import type { AppInfo } from '../../../shared/api'

export function AppInfoPanel({ info }: { info: AppInfo | undefined }): React.JSX.Element {
  if (!info) return <p className="muted">Loading app info…</p>
  const rows: [string, string][] = [
    ['Version', info.version],
    ['Transport', info.transport === 'electron' ? 'Electron window' : 'Browser shell'],
    ['Platform', `${info.platform} ${info.arch}`],
    ['Node', info.nodeVersion]
  ]
  if (info.electronVersion) rows.push(['Electron', info.electronVersion])
  return (
    <dl className="info" data-testid="app-info">
      {rows.map(([k, v]) => (
        <div key={k} className="info-row">
          <dt>{k}</dt>
          <dd data-testid={`app-info-${k.toLowerCase()}`}>{v}</dd>
        </div>
      ))}
    </dl>
  )
}

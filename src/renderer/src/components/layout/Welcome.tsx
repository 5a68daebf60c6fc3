// Shown when no endpoint is selected: how to start, and what this Socket Lab runs on.
import { useTranslation } from 'react-i18next'
import type { EndpointKind } from '../../../../shared/api'
import { useAppStore } from '../../store/app-store'

function AppInfoPanel(): React.JSX.Element {
  const { t } = useTranslation()
  const info = useAppStore((s) => s.appInfo)
  if (!info) return <p className="muted">{t('about.loading')}</p>
  const rows: [string, string, string][] = [
    ['version', t('about.version'), info.version],
    ['transport', t('about.transport'), info.transport === 'electron' ? t('about.electronWindow') : t('about.browserShell')],
    ['platform', t('about.platform'), `${info.platform} ${info.arch}`],
    ['node', 'Node', info.nodeVersion]
  ]
  if (info.electronVersion) rows.push(['electron', 'Electron', info.electronVersion])
  return (
    <dl className="info" data-testid="app-info">
      {rows.map(([key, label, value]) => (
        <div key={key} className="info-row">
          <dt>{label}</dt>
          <dd data-testid={`app-info-${key}`}>{value}</dd>
        </div>
      ))}
    </dl>
  )
}

export function Welcome({ onNew }: { onNew(kind: EndpointKind): void }): React.JSX.Element {
  const { t } = useTranslation()
  const connected = useAppStore((s) => s.connection === 'connected')
  return (
    <div className="welcome" data-testid="welcome">
      <section className="panel">
        <h2>{t('welcome.heading')}</h2>
        <p>{t('welcome.body')}</p>
        <div className="welcome-actions">
          <button type="button" disabled={!connected} onClick={() => onNew('tcp-server')} data-testid="quick-tcp-server">
            {t('welcome.newTcpServer')}
          </button>
          <button type="button" className="secondary" disabled={!connected} onClick={() => onNew('udp')}>
            {t('welcome.newUdp')}
          </button>
        </div>
        <ol className="welcome-steps">
          <li>{t('welcome.step1')}</li>
          <li>{t('welcome.step2')}</li>
          <li>{t('welcome.step3')}</li>
        </ol>
      </section>
      <aside className="panel" aria-labelledby="about-heading">
        <h2 id="about-heading">{t('about.heading')}</h2>
        <AppInfoPanel />
      </aside>
    </div>
  )
}

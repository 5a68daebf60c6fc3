import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Settings } from '../../../../shared/api'
import { useApi } from '../../api/api-context'
import type { ConnectionStatus } from '../../api/connection'
import { formatBytes } from '../../format'
import { LANGUAGES } from '../../i18n'
import { useAppStore } from '../../store/app-store'
import { WorkspaceMenu } from '../workspace/WorkspaceMenu'
import { LabPicker } from '../labs/LabPicker'

const MiB = 1024 * 1024
/** Capture limits offered; a limit set another way (the settings file) is shown beside them. */
const CAPTURE_LIMITS = [16 * MiB, 64 * MiB, 256 * MiB, 1024 * MiB]

function ConnectionBadge({ status }: { status: ConnectionStatus }): React.JSX.Element {
  const { t } = useTranslation()
  return (
    <span className={`badge badge-${status}`} data-testid="connection-status" data-status={status} role="status">
      <span className="dot" aria-hidden="true" />
      {t(`connection.${status}`)}
    </span>
  )
}

/** The app's name, the bridge's state, and the capture, theme and language pickers (kept in settings). */
export function TopBar(): React.JSX.Element {
  const { t } = useTranslation()
  const api = useApi()
  const connection = useAppStore((s) => s.connection)
  const settings = useAppStore((s) => s.settings)
  const theme = settings?.theme ?? 'system'
  const language = settings?.language ?? 'en'
  const captureLimit = settings?.captureLimitBytes
  const [pickingLab, setPickingLab] = useState(false)
  const limits = captureLimit === undefined || CAPTURE_LIMITS.includes(captureLimit) ? CAPTURE_LIMITS : [...CAPTURE_LIMITS, captureLimit].sort((a, b) => a - b)

  const update = async (patch: Partial<Pick<Settings, 'theme' | 'language' | 'captureLimitBytes'>>): Promise<void> => {
    // Applied at once; the answer (or the settings event) confirms it, and a failure reverts it.
    const before = useAppStore.getState().settings
    if (before) useAppStore.getState().setSettings({ ...before, ...patch })
    const r = await api.updateSettings({ patch })
    if (r.ok) useAppStore.getState().setSettings(r.value)
    else if (before) {
      useAppStore.getState().setSettings(before)
      useAppStore.getState().setError(r.error)
    }
  }

  return (
    <header className="topbar">
      <h1 className="app-name">Socket Lab</h1>
      <ConnectionBadge status={connection} />
      <button type="button" className="small" title={t('labs.openTitle')} onClick={() => setPickingLab(true)} data-testid="labs-button">
        {t('labs.open')}
      </button>
      <span className="spacer" />
      <WorkspaceMenu />
      {captureLimit !== undefined && (
        <label className="inline small" title={t('topbar.captureTitle')}>
          {t('topbar.capture')}{' '}
          <select value={captureLimit} onChange={(e) => void update({ captureLimitBytes: Number(e.target.value) })} data-testid="capture-limit-select">
            {limits.map((n) => (
              <option key={n} value={n}>
                {formatBytes(n)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="inline small">
        {t('topbar.theme')}{' '}
        <select value={theme} onChange={(e) => void update({ theme: e.target.value as Settings['theme'] })} data-testid="theme-select">
          <option value="system">{t('topbar.themeSystem')}</option>
          <option value="light">{t('topbar.themeLight')}</option>
          <option value="dark">{t('topbar.themeDark')}</option>
        </select>
      </label>
      <label className="inline small">
        {t('topbar.language')}{' '}
        <select value={language} onChange={(e) => void update({ language: e.target.value as Settings['language'] })} data-testid="language-select">
          {LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {l === 'en' ? 'English' : '简体中文'}
            </option>
          ))}
        </select>
      </label>
      {pickingLab && <LabPicker onClose={() => setPickingLab(false)} />}
    </header>
  )
}

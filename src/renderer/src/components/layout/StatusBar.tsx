// Totals over all endpoints and the current rates in and out, sampled once a second.
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatBytes, formatRate } from '../../format'
import { localizeError } from '../../i18n/localize'
import { useAppStore } from '../../store/app-store'
import { useWorkspace } from '../../store/workspace-store'

function totals(): { bytesIn: number; bytesOut: number } {
  let bytesIn = 0
  let bytesOut = 0
  for (const ep of Object.values(useAppStore.getState().endpoints)) {
    bytesIn += ep.counters.bytesIn
    bytesOut += ep.counters.bytesOut
  }
  return { bytesIn, bytesOut }
}

export function StatusBar(): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const count = useAppStore((s) => s.order.length)
  const saveError = useWorkspace((s) => s.saveError)
  const saving = useWorkspace((s) => s.saving)
  // Totals follow every batch; rates are sampled once a second so they read steadily.
  const bytesIn = useAppStore((s) => Object.values(s.endpoints).reduce((n, ep) => n + ep.counters.bytesIn, 0))
  const bytesOut = useAppStore((s) => Object.values(s.endpoints).reduce((n, ep) => n + ep.counters.bytesOut, 0))
  const [rate, setRate] = useState({ in: 0, out: 0 })

  useEffect(() => {
    let last = { ...totals(), at: performance.now() }
    const timer = setInterval(() => {
      const next = { ...totals(), at: performance.now() }
      const dt = Math.max(0.001, (next.at - last.at) / 1000)
      // An endpoint removed makes totals drop; a rate is never negative.
      setRate({ in: Math.max(0, (next.bytesIn - last.bytesIn) / dt), out: Math.max(0, (next.bytesOut - last.bytesOut) / dt) })
      last = next
    }, 1000)
    return () => clearInterval(timer)
  }, [])

  return (
    <footer className="statusbar" data-testid="status-bar" data-workspace-saved={!saving}>
      <span>{t('status.endpoints', { count })}</span>
      <span data-testid="status-in">
        {t('status.in', { total: formatBytes(bytesIn), rate: formatRate(rate.in) })}
      </span>
      <span data-testid="status-out">
        {t('status.out', { total: formatBytes(bytesOut), rate: formatRate(rate.out) })}
      </span>
      <span className="spacer" />
      {saveError && (
        <span className="status-error" role="alert" title={localizeError(saveError, i18n.language).hint}>
          {t('status.saveFailed', { message: `${saveError.code} ${localizeError(saveError, i18n.language).message}` })}
        </span>
      )}
    </footer>
  )
}

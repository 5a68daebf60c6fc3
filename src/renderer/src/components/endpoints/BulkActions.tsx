// What can be done to the checked endpoints at once: stop them, or remove them after a confirmation
// that names them. Also the "select all" box and how many are checked.
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AppError, EndpointInfo, Result } from '../../../../shared/api'
import { useApi } from '../../api/api-context'
import { displayName } from '../../format'
import { localizeError } from '../../i18n/localize'
import { useAppStore } from '../../store/app-store'
import { Dialog } from '../common/Dialog'
import { ErrorNote } from '../common/ErrorNote'
import type { CheckedEndpoints } from './use-checked-endpoints'

/** Names listed in the confirmation before "and N more". */
const NAMED = 8

const isRunning = (ep: EndpointInfo): boolean => ep.state === 'listening' || ep.state === 'connected' || ep.state === 'opening'

interface BulkActionsProps {
  endpoints: readonly EndpointInfo[]
  checked: CheckedEndpoints
  confirming: boolean
  onConfirm(open: boolean): void
  /** Where the focus goes after a removal, as the element it came from may be one of those removed. */
  focusAfterRemove(): HTMLElement | null | undefined
}

export function BulkActions({ endpoints, checked, confirming, onConfirm, focusAfterRemove }: BulkActionsProps): React.JSX.Element {
  const { t } = useTranslation()
  const api = useApi()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<AppError>()
  const all = useRef<HTMLInputElement>(null)
  const removed = useRef(false)
  const picked = endpoints.filter((ep) => checked.has(ep.id))
  const count = picked.length
  const running = picked.filter(isRunning)
  const some = count > 0 && count < endpoints.length

  useEffect(() => {
    if (all.current) all.current.indeterminate = some
  }, [some])

  useEffect(() => {
    if (confirming) removed.current = false
  }, [confirming])

  /** Runs one request per endpoint, together, and keeps the first failure with how many failed. */
  const each = async <T,>(list: EndpointInfo[], call: (endpointId: string) => Promise<Result<T>>, onOk?: (value: T) => void): Promise<void> => {
    setBusy(true)
    setError(undefined)
    const results = await Promise.all(list.map((ep) => call(ep.id)))
    setBusy(false)
    const failed = results.filter((r): r is { ok: false; error: AppError } => !r.ok)
    for (const r of results) if (r.ok) onOk?.(r.value)
    const first = failed[0]
    if (first) {
      // Said now, in the window's language, with how many failed in front.
      const { message, hint } = localizeError(first.error)
      setError({ code: first.error.code, message: `${t('sidebar.bulkFailed', { failed: failed.length, count: list.length })} ${message}`, hint })
    }
  }

  const stop = (): void => void each(running, (endpointId) => api.closeEndpoint({ endpointId }), useAppStore.getState().upsertEndpoint)

  const remove = async (): Promise<void> => {
    // Set first: the endpoints may be gone, and this dialog with them, before the answers come.
    removed.current = true
    await each(picked, (endpointId) => api.removeEndpoint({ endpointId }))
    checked.clear()
    onConfirm(false)
  }

  return (
    <div className="bulk" data-testid="bulk-actions">
      <div className="bulk-bar">
        <label className="check small" title={t('sidebar.checkHelp')}>
          <input
            ref={all}
            type="checkbox"
            checked={count > 0 && count === endpoints.length}
            onChange={(e) => checked.setAll(e.target.checked)}
            data-testid="check-all"
          />
          {t('sidebar.checkAll')}
        </label>
        {count > 0 && (
          <>
            <span className="muted small" role="status" data-testid="checked-count">
              {t('sidebar.checked', { count })}
            </span>
            <span className="bulk-buttons">
              <button type="button" className="secondary small" disabled={busy || running.length === 0} onClick={stop} data-testid="stop-checked">
                {t('sidebar.stopChecked')}
              </button>
              <button type="button" className="danger small" disabled={busy} onClick={() => onConfirm(true)} data-testid="remove-checked">
                {t('sidebar.removeChecked')}
              </button>
              <button type="button" className="link small" onClick={checked.clear}>
                {t('sidebar.uncheck')}
              </button>
            </span>
          </>
        )}
      </div>
      {error && <ErrorNote error={error} onDismiss={() => setError(undefined)} compact />}
      {confirming && count > 0 && (
        <Dialog onClose={() => onConfirm(false)} focusAfter={() => (removed.current ? focusAfterRemove() : undefined)}>
          <div className="dialog" role="alertdialog" aria-modal="true" aria-labelledby="remove-checked-title" aria-describedby="remove-checked-body" data-testid="remove-confirm">
            <h2 id="remove-checked-title">{t('sidebar.confirmTitle', { count })}</h2>
            <p id="remove-checked-body" className="dialog-intro">
              {t('sidebar.confirmBody')}
            </p>
            <ul className="confirm-names">
              {picked.slice(0, NAMED).map((ep) => (
                <li key={ep.id}>{displayName(ep)}</li>
              ))}
              {count > NAMED && <li className="muted">{t('sidebar.confirmMore', { count: count - NAMED })}</li>}
            </ul>
            <div className="dialog-actions">
              {/* The safe answer has the focus, so Enter on a Delete pressed by mistake removes nothing. */}
              <button type="button" className="secondary" autoFocus onClick={() => onConfirm(false)}>
                {t('common.cancel')}
              </button>
              <button type="button" className="danger" aria-disabled={busy || undefined} onClick={() => void (busy ? undefined : remove())} data-testid="remove-confirm-ok">
                {t('sidebar.confirmRemove', { count })}
              </button>
            </div>
          </div>
        </Dialog>
      )}
    </div>
  )
}

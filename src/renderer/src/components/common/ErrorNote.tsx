import { useTranslation } from 'react-i18next'
import type { AppError } from '../../../../shared/api'
import { localizeError } from '../../i18n/localize'

/** An error where it happened: code and message, then what to do about it. */
export function ErrorNote({ error, onDismiss, compact }: { error: AppError; onDismiss?: () => void; compact?: boolean }): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const { message, hint } = localizeError(error, i18n.language)
  return (
    <div className={compact ? 'error-note compact' : 'error-note'} role="alert" data-testid="error-note">
      <p>
        <strong>{error.code}</strong> {message}
      </p>
      {hint && <p className="muted">{hint}</p>}
      {onDismiss && (
        <button type="button" className="link" onClick={onDismiss}>
          {t('common.dismiss')}
        </button>
      )}
    </div>
  )
}

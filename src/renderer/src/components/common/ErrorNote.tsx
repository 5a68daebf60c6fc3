import { useTranslation } from 'react-i18next'
import type { AppError } from '../../../../shared/api'

/** An error where it happened: code and message, then what to do about it. */
export function ErrorNote({ error, onDismiss, compact }: { error: AppError; onDismiss?: () => void; compact?: boolean }): React.JSX.Element {
  const { t } = useTranslation()
  return (
    <div className={compact ? 'error-note compact' : 'error-note'} role="alert" data-testid="error-note">
      <p>
        <strong>{error.code}</strong> {error.message}
      </p>
      {error.hint && <p className="muted">{error.hint}</p>}
      {onDismiss && (
        <button type="button" className="link" onClick={onDismiss}>
          {t('common.dismiss')}
        </button>
      )}
    </div>
  )
}

import type { AppError } from '../../../shared/api'

export function ErrorNote({ error, onDismiss }: { error: AppError; onDismiss?: () => void }): React.JSX.Element {
  return (
    <div className="error-note" role="alert" data-testid="error-note">
      <p>
        <strong>{error.code}</strong> {error.message}
      </p>
      <p className="muted">{error.hint}</p>
      {onDismiss && (
        <button type="button" className="link" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  )
}

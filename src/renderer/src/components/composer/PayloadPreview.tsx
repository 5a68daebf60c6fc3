// The exact bytes the next send will carry: length and hex, or why they cannot be made. With macros
// on it names the send it shows (its counter); the time in it follows the clock.
import { useTranslation } from 'react-i18next'
import { formatCount, hexPreview } from '../../format'
import { localizeError } from '../../i18n/localize'
import type { Built } from '../../../../shared/traffic/draft-bytes'

const SHOWN = 512

export function PayloadPreview({ built, sendNumber }: { built: Built; sendNumber?: number }): React.JSX.Element {
  const { t, i18n } = useTranslation()
  if (!built.ok) {
    const { message, hint } = localizeError(built.error, i18n.language)
    return (
      <div className="payload-preview invalid" role="alert" data-testid="composer-preview-error">
        <strong>{built.error.code}</strong> {message}
        {hint && <span className="muted"> — {hint}</span>}
      </div>
    )
  }
  return (
    <div className="payload-preview" data-testid="composer-preview">
      <span className="preview-len" data-testid="composer-length">
        {t('composer.length', { count: built.bytes.length, formatted: formatCount(built.bytes.length) })}
      </span>
      {sendNumber !== undefined && (
        <span className="preview-send muted" data-testid="composer-send-number">
          {t('composer.nextSend', { counter: sendNumber })}
        </span>
      )}
      <code className="mono preview-hex" data-testid="composer-hex">
        {built.bytes.length === 0 ? t('composer.nothing') : hexPreview(built.bytes, SHOWN)}
      </code>
    </div>
  )
}

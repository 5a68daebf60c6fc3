// Turns payload macros on for a draft, and says what they are. Off by default, so a payload that
// holds braces (JSON, say) keeps sending them as typed.
import { useTranslation } from 'react-i18next'

const HELP = [
  ['{counter}', 'counter'],
  ['{time:%H:%M:%S}', 'time'],
  ['{random:8}', 'random'],
  ['{len}', 'len'],
  ['{crc16}', 'crc16'],
  ['{crc32}', 'crc32'],
  ['{{ }}', 'braces']
] as const

export function MacroToggle({ on, disabled, onChange }: { on: boolean; disabled?: boolean; onChange(on: boolean): void }): React.JSX.Element {
  const { t } = useTranslation()
  return (
    <span className="macro-toggle">
      <label className="inline" title={t('composer.macros.title')}>
        <input type="checkbox" checked={on} disabled={disabled} onChange={(e) => onChange(e.target.checked)} data-testid="composer-macros" />
        {t('composer.macros.label')}
      </label>
      {on && (
        <details className="macro-help small" data-testid="composer-macro-help">
          <summary>{t('composer.macros.help')}</summary>
          <div className="macro-help-body">
            <dl>
              {HELP.map(([macro, key]) => (
                <div key={key}>
                  <dt className="mono">{macro}</dt>
                  <dd>{t(`composer.macros.items.${key}`)}</dd>
                </div>
              ))}
            </dl>
            <p className="muted">{t('composer.macros.forms')}</p>
          </div>
        </details>
      )}
    </span>
  )
}

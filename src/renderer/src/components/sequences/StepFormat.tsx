// How a typed step is made beyond its text, as the composer sets it: text encoding, line ending,
// checksum, framing, and whether its macros are filled in. Opened under the step on request.
import { useTranslation } from 'react-i18next'
import type { ComposerDraft } from '../../../../shared/api'
import { CHECKSUMS, LINE_ENDINGS, TEXT_ENCODINGS } from '../../../../shared/codec'

interface StepFormatProps {
  draft: ComposerDraft
  n: number
  disabled: boolean
  onChange(patch: Partial<ComposerDraft>): void
}

export function StepFormat({ draft, n, disabled, onChange }: StepFormatProps): React.JSX.Element {
  const { t } = useTranslation()
  const textual = draft.mode === 'escaped' || draft.mode === 'text'
  return (
    <div className="step-format" role="group" aria-label={t('sequences.format', { n })} data-testid="step-format">
      <select aria-label={t('composer.encoding')} value={draft.encoding} disabled={disabled || !textual} onChange={(e) => onChange({ encoding: e.target.value })} data-testid="step-encoding">
        {TEXT_ENCODINGS.map((e) => (
          <option key={e.name} value={e.name}>
            {e.label}
          </option>
        ))}
      </select>
      <select aria-label={t('composer.lineEnding')} value={draft.lineEnding} disabled={disabled} onChange={(e) => onChange({ lineEnding: e.target.value as ComposerDraft['lineEnding'] })} data-testid="step-line-ending">
        {LINE_ENDINGS.map((le) => (
          <option key={le} value={le}>
            {t(`composer.lineEndings.${le}`)}
          </option>
        ))}
      </select>
      <select aria-label={t('composer.checksum')} value={draft.checksum} disabled={disabled} onChange={(e) => onChange({ checksum: e.target.value })} data-testid="step-checksum">
        <option value="none">{t('composer.noChecksum')}</option>
        {CHECKSUMS.map((c) => (
          <option key={c.name} value={c.name}>
            {c.label}
          </option>
        ))}
      </select>
      <label className="inline">
        {t('composer.framing')}
        <input className="framing-input mono" value={draft.framing} disabled={disabled} onChange={(e) => onChange({ framing: e.target.value })} spellCheck={false} data-testid="step-framing" />
      </label>
      <label className="inline" title={t('composer.macros.title')}>
        <input type="checkbox" checked={draft.macros === true} disabled={disabled} onChange={(e) => onChange({ macros: e.target.checked })} data-testid="step-macros" />
        {t('composer.macros.label')}
      </label>
    </div>
  )
}

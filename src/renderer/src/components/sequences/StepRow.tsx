// One step of a sequence: its payload (typed, in a mode, or a saved payload by name), the bytes it
// makes or why it cannot, the wait after it, and buttons to move or remove it.
import type { TFunction } from 'i18next'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ComposerDraft } from '../../../../shared/api'
import { WORKSPACE_LIMITS, type SequenceStep } from '../../../../shared/schemas'
import { formatCount } from '../../format'
import { localizeError } from '../../i18n/localize'
import type { SavedPayload } from '../../store/workspace-store'
import { buildStep, draftOf } from './sequence-steps'
import { NumberField } from './NumberField'
import { StepFormat } from './StepFormat'

const MODES: ComposerDraft['mode'][] = ['escaped', 'text', 'hex', 'base64']
export const MAX_DELAY_MS = 3_600_000

interface StepRowProps {
  step: SequenceStep
  index: number
  count: number
  saved: readonly SavedPayload[]
  /** The step being sent now, while the sequence plays. */
  current: boolean
  disabled: boolean
  onChange(step: SequenceStep): void
  onMove(by: -1 | 1): void
  onRemove(): void
}

/** What a payload step adds to its text, when it is not the plain default. */
function extras(d: ComposerDraft, t: TFunction): string {
  const parts: string[] = []
  if (d.macros === true) parts.push(t('composer.macros.label'))
  if (d.encoding !== 'utf-8' && (d.mode === 'escaped' || d.mode === 'text')) parts.push(d.encoding)
  if (d.lineEnding !== 'none') parts.push(t(`composer.lineEndings.${d.lineEnding}`))
  if (d.checksum !== 'none') parts.push(d.checksum)
  if (d.framing !== 'raw') parts.push(d.framing)
  return parts.join(' · ')
}

export function StepRow({ step, index, count, saved, current, disabled, onChange, onMove, onRemove }: StepRowProps): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const n = index + 1
  const built = buildStep(step, saved)
  const mode = step.kind === 'saved' ? 'saved' : step.mode
  const [formatOpen, setFormatOpen] = useState(false)

  const setMode = (m: string): void => {
    if (m === 'saved') {
      const first = saved[0]
      if (first) onChange({ kind: 'saved', name: first.name, delayMs: step.delayMs })
      return
    }
    const base = step.kind === 'saved' ? draftOf(saved.find((p) => p.name === step.name) ?? { mode: 'escaped', text: '', encoding: 'utf-8', lineEnding: 'none', framing: 'raw', checksum: 'none' }) : draftOf(step)
    onChange({ kind: 'payload', ...base, mode: m as ComposerDraft['mode'], delayMs: step.delayMs })
  }

  const extra = step.kind === 'payload' ? extras(step, t) : ''
  return (
    <li className={`sequence-step ${current ? 'current' : ''}`} data-testid="sequence-step" aria-current={current || undefined}>
      <span className="step-number muted">{n}</span>
      <select value={mode} onChange={(e) => setMode(e.target.value)} aria-label={t('sequences.stepMode', { n })} disabled={disabled} data-testid="step-mode">
        {MODES.map((m) => (
          <option key={m} value={m}>
            {t(`composer.modes.${m}`)}
          </option>
        ))}
        <option value="saved" disabled={saved.length === 0}>
          {t('sequences.savedMode')}
        </option>
      </select>
      {step.kind === 'saved' ? (
        <select className="step-payload" value={step.name} onChange={(e) => onChange({ ...step, name: e.target.value })} aria-label={t('sequences.stepSaved', { n })} disabled={disabled} data-testid="step-saved">
          {!saved.some((p) => p.name === step.name) && <option value={step.name}>{step.name}</option>}
          {saved.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name}
            </option>
          ))}
        </select>
      ) : (
        <textarea
          rows={1}
          className="step-payload mono"
          value={step.text}
          onChange={(e) => onChange({ ...step, text: e.target.value })}
          placeholder={t(`composer.placeholder.${step.mode}`)}
          aria-label={t('sequences.stepText', { n })}
          spellCheck={false}
          disabled={disabled}
          maxLength={WORKSPACE_LIMITS.payloadChars}
          data-testid="step-text"
        />
      )}
      <span className={`step-bytes small ${built && built.ok ? 'muted' : 'bad'}`} data-testid="step-bytes" title={built && !built.ok ? localizeError(built.error, i18n.language).message : extra}>
        {!built ? t('sequences.missing') : built.ok ? t('composer.length', { count: built.bytes.length, formatted: formatCount(built.bytes.length) }) : built.error.code}
        {extra && <span className="step-extra"> · {extra}</span>}
      </span>
      <label className="inline small step-delay">
        {t('sequences.then')}
        <NumberField value={step.delayMs} min={0} max={MAX_DELAY_MS} onChange={(delayMs) => onChange({ ...step, delayMs })} label={t('sequences.delayLabel', { n })} invalidText={t('sequences.delayInvalid')} className="delay-input" testId="step-delay" />
        {t('composer.ms')}
      </label>
      <span className="step-buttons">
        {step.kind === 'payload' && (
          <button type="button" className="link" onClick={() => setFormatOpen((o) => !o)} aria-expanded={formatOpen} aria-label={t('sequences.format', { n })} title={t('sequences.format', { n })} data-testid="step-format-toggle">
            ⚙
          </button>
        )}
        <button type="button" className="link" onClick={() => onMove(-1)} disabled={disabled || index === 0} aria-label={t('sequences.moveUp', { n })}>
          ↑
        </button>
        <button type="button" className="link" onClick={() => onMove(1)} disabled={disabled || index === count - 1} aria-label={t('sequences.moveDown', { n })}>
          ↓
        </button>
        <button type="button" className="link danger-link" onClick={onRemove} disabled={disabled} aria-label={t('sequences.removeStep', { n })}>
          ✕
        </button>
      </span>
      {formatOpen && step.kind === 'payload' && <StepFormat draft={step} n={n} disabled={disabled} onChange={(patch) => onChange({ ...step, ...patch })} />}
    </li>
  )
}

// The Generator tab: the composer's payload sent over and over from the endpoint shown, at a pace
// (messages or bits a second, or as fast as sends are taken), for a count, a time, or until
// stopped. While it runs it shows the rate of the last second; when it ends, what went out.
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { EndpointInfo } from '../../../../shared/api'
import { GENERATOR_IN_FLIGHT, type GeneratorPlan } from '../../../../shared/traffic/generator'
import { useApi } from '../../api/api-context'
import { formatBytes, formatCount, formatRate } from '../../format'
import { generateOn, stopGenerator, useRuns, type GeneratorRun } from '../../store/traffic-runs'
import { useUi } from '../../store/ui-store'
import { defaultDraft, useWorkspace } from '../../store/workspace-store'
import { ErrorNote } from '../common/ErrorNote'
import { prepareDraft } from '../../../../shared/traffic/draft-bytes'
import { macroContextNow } from '../composer/macro-sends'
import { TargetPicker, defaultTarget, resolveTarget } from '../composer/TargetPicker'

type PaceKind = 'rate' | 'bps' | 'fast'

const positive = (s: string): boolean => /^\d+(\.\d+)?$/.test(s.trim()) && Number(s) > 0

export function GeneratorPanel({ ep }: { ep: EndpointInfo }): React.JSX.Element {
  const { t } = useTranslation()
  const api = useApi()
  const stored = useWorkspace((s) => s.composers[ep.id])
  const draft = stored ?? defaultDraft(ep.config.framing ?? 'raw')
  const prepared = useMemo(() => prepareDraft(draft), [draft])
  const macros = prepared.uses.size > 0
  const built = useMemo(() => prepared.build(macroContextNow(ep.id)), [prepared, ep.id])
  const run = useRuns((s) => s.generators[ep.id])
  const choice = useUi((s) => s.targets[ep.id]) ?? defaultTarget(ep)
  const [pace, setPace] = useState<PaceKind>('rate')
  const [paceValue, setPaceValue] = useState('100')
  const [count, setCount] = useState('1000')
  const [duration, setDuration] = useState('')
  const [targetTouched, setTargetTouched] = useState(false)
  const target = resolveTarget(ep, choice)
  const running = ep.state === 'listening' || ep.state === 'connected'
  const busy = run?.running === true

  const paceOk = pace === 'fast' || positive(paceValue)
  const countOk = /^\d+$/.test(count.trim())
  const durationOk = duration.trim() === '' || positive(duration)
  const empty = built.ok && built.bytes.length === 0 && draft.text === ''
  const canStart = running && built.ok && !empty && paceOk && countOk && durationOk && !busy

  const start = (): void => {
    setTargetTouched(true)
    if (!canStart || !built.ok || !target.ok) return
    const plan: GeneratorPlan = {
      // With macros each message is made as it is sent; bps paces by the size of the first.
      bytes: macros ? () => prepared.build(macroContextNow(ep.id)) : built.bytes,
      sizeForPace: built.bytes.length,
      count: Number(count),
      ...(pace === 'rate' ? { rate: Number(paceValue) } : pace === 'bps' ? { bps: Number(paceValue) } : {}),
      ...(duration.trim() ? { durationMs: Number(duration) * 1000 } : {})
    }
    void generateOn(api, ep.id, target.to, plan, macros)
  }

  // Ctrl+Enter (Cmd+Enter) starts, as it sends from the composer; Escape stops.
  const onKeyDown = (e: React.KeyboardEvent): void => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && canStart) {
      e.preventDefault()
      start()
    } else if (e.key === 'Escape' && busy) {
      e.preventDefault()
      stopGenerator(ep.id)
    }
  }

  return (
    <section className="generator" aria-label={t('generator.heading')} onKeyDown={onKeyDown} data-testid="generator-panel">
      <div className="generator-options">
        <label className="inline small">
          {t('generator.pace')}
          {pace !== 'fast' && (
            <input className={`rate-input ${paceOk ? '' : 'invalid'}`} inputMode="decimal" value={paceValue} onChange={(e) => setPaceValue(e.target.value)} aria-label={t('generator.paceValue')} aria-invalid={!paceOk || undefined} disabled={busy} data-testid="generator-pace-value" />
          )}
          <select value={pace} onChange={(e) => setPace(e.target.value as PaceKind)} disabled={busy} data-testid="generator-pace">
            <option value="rate">{t('generator.paceRate')}</option>
            <option value="bps">{t('generator.paceBps')}</option>
            <option value="fast">{t('generator.paceFast')}</option>
          </select>
        </label>
        <label className="inline small" title={t('generator.countLabel')}>
          {t('generator.count')}
          <input className={`num-input ${countOk ? '' : 'invalid'}`} inputMode="numeric" value={count} onChange={(e) => setCount(e.target.value)} aria-label={t('generator.countLabel')} aria-invalid={!countOk || undefined} disabled={busy} data-testid="generator-count" />
        </label>
        <label className="inline small" title={t('generator.durationLabel')}>
          {t('generator.duration')}
          <input className={`num-input ${durationOk ? '' : 'invalid'}`} inputMode="decimal" value={duration} onChange={(e) => setDuration(e.target.value)} aria-label={t('generator.durationLabel')} aria-invalid={!durationOk || undefined} placeholder="∞" disabled={busy} data-testid="generator-duration" />
          {t('generator.seconds')}
        </label>
        <TargetPicker ep={ep} choice={choice} showInvalid={targetTouched && !target.ok} onLeave={() => setTargetTouched(true)} />
        {busy ? (
          <button type="button" className="warn small" onClick={() => stopGenerator(ep.id)} title={t('sequences.stopShortcut')} data-testid="generator-stop">
            {t('generator.stop')}
          </button>
        ) : (
          <button type="button" className="small" onClick={start} disabled={!canStart} title={t('generator.startShortcut')} data-testid="generator-start">
            ▶ {t('generator.start')}
          </button>
        )}
      </div>
      {!paceOk && <p className="field-error small">{t('generator.paceInvalid')}</p>}
      {!countOk && <p className="field-error small">{t('generator.countInvalid')}</p>}
      {!durationOk && <p className="field-error small">{t('generator.durationInvalid')}</p>}
      {!target.ok && targetTouched && <p className="field-error small">{t(target.key)}</p>}
      {!running && <p className="muted small">{t('composer.notRunning')}</p>}
      {empty ? (
        <p className="muted small empty-note" data-testid="generator-no-payload">
          {t('generator.noPayload')}
        </p>
      ) : built.ok ? (
        <p className="small" data-testid="generator-payload">
          {t('generator.payload', { length: t('composer.length', { count: built.bytes.length, formatted: formatCount(built.bytes.length) }) })}
        </p>
      ) : (
        <div className="small">
          <span className="field-error">{t('generator.payloadInvalid')}</span>
          <ErrorNote error={built.error} compact />
        </div>
      )}
      {run ? <GeneratorStatus run={run} /> : <p className="muted small empty-note">{t('generator.idle', { inFlight: GENERATOR_IN_FLIGHT })}</p>}
    </section>
  )
}

function GeneratorStatus({ run }: { run: GeneratorRun }): React.JSX.Element {
  const { t } = useTranslation()
  const s = run.summary
  if (run.running || !s) {
    return (
      <p className="generator-live mono small" role="status" data-testid="generator-live">
        {t('generator.live', { sent: formatCount(run.sent), bytes: formatBytes(run.bytes), rate: run.rate.messagesPerSecond.toFixed(1), byteRate: formatRate(run.rate.bytesPerSecond) })}
      </p>
    )
  }
  const end = s.end === 'done' ? t('generator.summaryDone') : s.end === 'stopped' ? t('generator.summaryStopped') : t('generator.summaryFailed')
  return (
    <div className="generator-summary small" role="status" data-testid="generator-summary" data-end={s.end} data-sent={s.sent}>
      {t('generator.summary', {
        end,
        sent: formatCount(s.sent),
        bytes: formatBytes(s.bytes),
        duration: (s.durationMs / 1000).toFixed(2),
        rate: s.messagesPerSecond.toFixed(1),
        byteRate: formatRate(s.bytesPerSecond),
        errors: s.errors
      })}
      {s.error && <ErrorNote error={s.error} compact />}
    </div>
  )
}

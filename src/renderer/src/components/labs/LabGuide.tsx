// The running lab beside the timeline: the lesson, its endpoints, the program for the other side,
// and the steps, each ticked when the engine's events show it happened.
import { useTranslation } from 'react-i18next'
import { inLanguage } from '../../../../shared/labs'
import { useApi } from '../../api/api-context'
import { useAppStore } from '../../store/app-store'
import { activeLab, closeLab, resetLab, useLabs } from '../../store/lab-store'
import { useWorkspace } from '../../store/workspace-store'
import { ErrorNote } from '../common/ErrorNote'
import { LabProgram } from './LabProgram'
import { useLabLanguage } from './use-lab-language'

export function LabGuide(): React.JSX.Element | null {
  const { t } = useTranslation()
  const api = useApi()
  const language = useLabLanguage()
  const active = useLabs((s) => s.active)
  const busy = useLabs((s) => s.busy)
  const errors = useLabs((s) => s.errors)
  const endpoints = useAppStore((s) => s.endpoints)
  const lab = active ? activeLab() : undefined
  if (!active || !lab) return null

  const doneCount = lab.steps.filter((s) => active.done[s.id]).length
  const next = lab.steps.find((s) => !active.done[s.id])

  return (
    <div className="lab-guide" data-testid="lab-guide" data-lab={lab.id} aria-busy={busy || undefined}>
      <header className="lab-guide-head">
        <div>
          <span className="lab-number">{t('labs.numbered', { order: lab.order })}</span>
          <h2>{inLanguage(lab.title, language)}</h2>
          <p className="small" data-testid="lab-progress" data-done={doneCount} data-total={lab.steps.length}>
            {t('labs.progress', { done: doneCount, total: lab.steps.length })}
          </p>
        </div>
        <div className="lab-guide-actions">
          <button type="button" className="secondary small" title={t('labs.resetTitle')} disabled={busy} onClick={() => void resetLab(api, language)} data-testid="lab-reset">
            {t('labs.reset')}
          </button>
          <button type="button" className="secondary small" title={t('labs.closeTitle')} disabled={busy} onClick={() => void closeLab(api)} data-testid="lab-close">
            {t('labs.close')}
          </button>
        </div>
      </header>
      {busy && <p className="muted small">{t('labs.busy')}</p>}
      {errors.map((e, i) => (
        <ErrorNote key={i} error={e} compact />
      ))}


      <section aria-labelledby="lab-steps">
        <h3 id="lab-steps">{t('labs.steps')}</h3>
        <ol className="lab-steps" data-testid="lab-steps">
          {lab.steps.map((step) => {
            const done = active.done[step.id] === true
            const isNext = step === next
            return (
              <li key={step.id} className={done ? 'step-done' : isNext ? 'step-next' : 'step-todo'} data-testid="lab-step" data-step={step.id} data-done={done}>
                <span className="step-mark" aria-label={done ? t('labs.stepDone') : isNext ? t('labs.stepNext') : undefined}>
                  {done ? '✓' : '○'}
                </span>
                <div>
                  <p className="step-task">{inLanguage(step.task, language)}</p>
                  {done && <p className="step-said">{inLanguage(step.done, language)}</p>}
                  {!done && isNext && (
                    <p className="step-hint muted">
                      {inLanguage(step.hint, language)}
                    </p>
                  )}
                </div>
              </li>
            )
          })}
        </ol>
        {!next && <p className="lab-all-done">{t('labs.allDone')}</p>}
      </section>

      <section aria-labelledby="lab-programs">
        <h3 id="lab-programs">{t('labs.programs')}</h3>
        {lab.programs.map((p) => (
          <LabProgram key={p.fileName} program={p} endpointId={active.roles[p.target]} />
        ))}
      </section>

      <details className="lab-lesson" open>
        <summary>{t('labs.guide')}</summary>
        {inLanguage(lab.guide, language)
          .split(/\n\n+/)
          .map((para, i) => (
            <p key={i}>{para}</p>
          ))}
      </details>

      <section aria-labelledby="lab-endpoints">
        <h3 id="lab-endpoints">{t('labs.endpoints')}</h3>
        <ul className="lab-endpoints">
          {lab.endpoints.map((ep) => {
            const id = active.roles[ep.role]
            const info = id ? endpoints[id] : undefined
            return (
              <li key={ep.role}>
                <span>{inLanguage(ep.title, language)}</span>{' '}
                {info ? (
                  <>
                    <button type="button" className="link" onClick={() => useWorkspace.getState().select(info.id)}>
                      {t('labs.select')}
                    </button>
                    {ep.start === 'manual' && info.state === 'idle' && <span className="muted small"> · {t('labs.startByHand')}</span>}
                  </>
                ) : (
                  <span className="muted small">{t('labs.gone')}</span>
                )}
              </li>
            )
          })}
        </ul>
      </section>

    </div>
  )
}

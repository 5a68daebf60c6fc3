// The Sequences tab: the workspace's sequences on the left, the one picked on the right with its
// steps, how many times to play it, where to (the composer's target), Play and Stop, and where a
// playing sequence is. A sequence plays from the endpoint shown, one step after another, each send
// awaited; a refused send stops it with the error.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { EndpointInfo } from '../../../../shared/api'
import type { SequenceStep } from '../../../../shared/schemas'
import { WORKSPACE_LIMITS } from '../../../../shared/schemas'
import { useApi } from '../../api/api-context'
import { formatCount } from '../../format'
import { playOn, stopSequence, useRuns } from '../../store/traffic-runs'
import { useUi } from '../../store/ui-store'
import { defaultDraft, useWorkspace, type Sequence } from '../../store/workspace-store'
import { ErrorNote } from '../common/ErrorNote'
import { TargetPicker, defaultTarget, resolveTarget } from '../composer/TargetPicker'
import { draftOf, resolveSteps, type StepProblem } from './sequence-steps'
import { NumberField } from './NumberField'
import { SequenceProgress } from './SequenceProgress'
import { StepRow } from './StepRow'

export function SequencePanel({ ep }: { ep: EndpointInfo }): React.JSX.Element {
  const { t } = useTranslation()
  const sequences = useWorkspace((s) => s.sequences)
  const openName = useUi((s) => s.openSequence)
  const open = sequences.find((q) => q.name === openName) ?? sequences[0]

  const create = (): void => {
    const name = useWorkspace.getState().addSequence(t('sequences.defaultName'))
    useUi.getState().setOpenSequence(name)
  }

  return (
    <section className="sequences" aria-label={t('sequences.heading')} data-testid="sequence-panel">
      <nav className="sequence-list" aria-label={t('sequences.list')}>
        <button type="button" className="secondary small" onClick={create} disabled={sequences.length >= WORKSPACE_LIMITS.sequences} data-testid="sequence-new">
          + {t('sequences.new')}
        </button>
        <ul data-testid="sequence-names">
          {sequences.map((q) => (
            <li key={q.name}>
              <button type="button" className={`link ${q.name === open?.name ? 'selected' : ''}`} aria-current={q.name === open?.name || undefined} onClick={() => useUi.getState().setOpenSequence(q.name)}>
                {q.name}
              </button>
              <span className="muted small">{q.steps.length}</span>
            </li>
          ))}
        </ul>
      </nav>
      {open ? (
        <SequenceEditor key={open.name} ep={ep} sequence={open} />
      ) : (
        <p className="muted empty-note" data-testid="sequences-empty">
          {t('sequences.none')}
        </p>
      )}
    </section>
  )
}

function SequenceEditor({ ep, sequence }: { ep: EndpointInfo; sequence: Sequence }): React.JSX.Element {
  const { t } = useTranslation()
  const api = useApi()
  const saved = useWorkspace((s) => s.savedPayloads)
  const composer = useWorkspace((s) => s.composers[ep.id])
  const run = useRuns((s) => s.sequences[ep.id])
  const choice = useUi((s) => s.targets[ep.id]) ?? defaultTarget(ep)
  const [name, setName] = useState(sequence.name)
  const [nameTaken, setNameTaken] = useState(false)
  const [problem, setProblem] = useState<StepProblem>()
  const [targetTouched, setTargetTouched] = useState(false)
  const playing = run?.running === true
  const update = (patch: Partial<Omit<Sequence, 'name'>>): void => {
    setProblem(undefined)
    useWorkspace.getState().updateSequence(sequence.name, patch)
  }
  const setSteps = (steps: SequenceStep[]): void => update({ steps })
  const target = resolveTarget(ep, choice)
  const running = ep.state === 'listening' || ep.state === 'connected'

  const rename = (): void => {
    const ok = useWorkspace.getState().renameSequence(sequence.name, name)
    setNameTaken(!ok && name.trim() !== '')
    if (ok && name.trim()) useUi.getState().setOpenSequence(name.trim().slice(0, 120))
    else if (!name.trim()) setName(sequence.name)
  }

  const addStep = (step: SequenceStep): void => {
    if (sequence.steps.length < WORKSPACE_LIMITS.sequenceSteps) setSteps([...sequence.steps, step])
  }
  // A step is kept in the workspace, which holds payloads up to a size: a longer one is not taken.
  const composerTooLong = (composer?.text.length ?? 0) > WORKSPACE_LIMITS.payloadChars
  const lastDelay = sequence.steps[sequence.steps.length - 1]?.delayMs ?? 500

  const play = (): void => {
    setTargetTouched(true)
    if (!target.ok) return
    const resolved = resolveSteps(sequence.steps, saved, ep.id)
    if (!resolved.ok) return setProblem(resolved.problem)
    setProblem(undefined)
    void playOn(api, ep.id, target.to, sequence.name, resolved.steps, sequence.loops)
  }

  // Ctrl+Enter (Cmd+Enter) plays, as it sends from the composer; Escape stops.
  const onKeyDown = (e: React.KeyboardEvent): void => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !playing && running && sequence.steps.length > 0) {
      e.preventDefault()
      play()
    } else if (e.key === 'Escape' && playing) {
      e.preventDefault()
      stopSequence(ep.id)
    }
  }

  const loopsChoice = sequence.loops === 0 ? 'forever' : sequence.loops === 1 ? 'once' : 'times'
  const showRun = run && run.name === sequence.name

  return (
    <div className="sequence-editor" onKeyDown={onKeyDown} data-testid="sequence-editor">
      <div className="sequence-head">
        <input
          className={`sequence-name ${nameTaken ? 'invalid' : ''}`}
          value={name}
          maxLength={120}
          onChange={(e) => {
            setName(e.target.value)
            setNameTaken(false)
          }}
          onBlur={rename}
          onKeyDown={(e) => e.key === 'Enter' && rename()}
          aria-label={t('sequences.name')}
          disabled={playing}
          data-testid="sequence-name"
        />
        <label className="inline small">
          {t('sequences.repeat')}
          <select
            value={loopsChoice}
            onChange={(e) => update({ loops: e.target.value === 'once' ? 1 : e.target.value === 'forever' ? 0 : Math.max(2, sequence.loops) })}
            aria-label={t('sequences.loopsLabel')}
            disabled={playing}
            data-testid="sequence-loops-mode"
          >
            <option value="once">{t('sequences.once')}</option>
            <option value="times">{t('sequences.times')}</option>
            <option value="forever">{t('sequences.forever')}</option>
          </select>
        </label>
        {loopsChoice === 'times' && (
          <NumberField value={sequence.loops} min={1} max={1_000_000} onChange={(loops) => update({ loops })} label={t('sequences.loopsLabel')} invalidText={t('sequences.loopsInvalid')} testId="sequence-loops" />
        )}
        <TargetPicker ep={ep} choice={choice} showInvalid={targetTouched && !target.ok} onLeave={() => setTargetTouched(true)} />
        {playing ? (
          <button type="button" className="warn small" onClick={() => stopSequence(ep.id)} title={t('sequences.stopShortcut')} data-testid="sequence-stop">
            {t('sequences.stop')}
          </button>
        ) : (
          <button type="button" className="small" onClick={play} disabled={!running || sequence.steps.length === 0} title={t('sequences.playShortcut')} data-testid="sequence-play">
            ▶ {t('sequences.play')}
          </button>
        )}
        <button
          type="button"
          className="link danger-link small push-right"
          onClick={() => {
            useWorkspace.getState().deleteSequence(sequence.name)
            useUi.getState().setOpenSequence(undefined)
          }}
          disabled={playing}
          data-testid="sequence-delete"
        >
          {t('sequences.delete')}
        </button>
      </div>
      {nameTaken && <p className="field-error small">{t('sequences.nameTaken', { name: name.trim() })}</p>}
      {!running && <p className="muted small">{t('composer.notRunning')}</p>}
      {!target.ok && targetTouched && <p className="field-error small">{t(target.key)}</p>}
      {run && (showRun || run.running) && <SequenceProgress run={run} />}
      {problem && (
        <div className="field-error small" role="alert" data-testid="sequence-problem">
          {problem.kind === 'missing' ? t('sequences.stepMissing', { n: problem.step + 1, name: problem.name }) : t('sequences.stepInvalid', { n: problem.step + 1 })}
          {problem.kind === 'invalid' && <ErrorNote error={problem.error} compact />}
        </div>
      )}
      {sequence.steps.length === 0 ? (
        <p className="muted small empty-note" data-testid="sequence-no-steps">
          {t('sequences.noSteps')}
        </p>
      ) : (
        <ol className="sequence-steps">
          {sequence.steps.map((step, i) => (
            <StepRow
              key={i}
              step={step}
              index={i}
              count={sequence.steps.length}
              saved={saved}
              current={playing && showRun === true && run.at?.step === i}
              disabled={playing}
              onChange={(s) => setSteps(sequence.steps.map((old, j) => (j === i ? s : old)))}
              onMove={(by) => {
                const steps = [...sequence.steps]
                const [moved] = steps.splice(i, 1)
                steps.splice(i + by, 0, moved!)
                setSteps(steps)
              }}
              onRemove={() => setSteps(sequence.steps.filter((_, j) => j !== i))}
            />
          ))}
        </ol>
      )}
      <div className="sequence-add">
        <button type="button" className="secondary small" disabled={playing} onClick={() => addStep({ kind: 'payload', ...defaultDraft(), delayMs: lastDelay })} data-testid="sequence-add-empty">
          + {t('sequences.addEmpty')}
        </button>
        <button
          type="button"
          className="secondary small"
          disabled={playing || !composer?.text || composerTooLong}
          title={!composer?.text ? t('sequences.addComposerEmpty') : composerTooLong ? t('sequences.addComposerTooLong', { chars: formatCount(WORKSPACE_LIMITS.payloadChars) }) : undefined}
          onClick={() => composer && addStep({ kind: 'payload', ...draftOf(composer), delayMs: lastDelay })}
          data-testid="sequence-add-composer"
        >
          + {t('sequences.addComposer')}
        </button>
        <select
          value=""
          disabled={playing || saved.length === 0}
          onChange={(e) => e.target.value && addStep({ kind: 'saved', name: e.target.value, delayMs: lastDelay })}
          aria-label={t('sequences.addSaved')}
          data-testid="sequence-add-saved"
        >
          <option value="">{saved.length === 0 ? t('sequences.noSaved') : t('sequences.addSaved')}</option>
          {saved.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
    </div>
  )
}

// Where a playing sequence is (step, pass, sends), or how its last run ended and why.
import { useTranslation } from 'react-i18next'
import { formatCount } from '../../format'
import type { SequenceRun } from '../../store/traffic-runs'
import { ErrorNote } from '../common/ErrorNote'

export function SequenceProgress({ run }: { run: SequenceRun }): React.JSX.Element {
  const { t } = useTranslation()
  const sent = formatCount(run.sent)
  const outcome = run.outcome
  if (run.running || !outcome) {
    const at = run.at ?? { step: 0, loop: 0 }
    const params = { step: at.step + 1, steps: run.steps, loop: at.loop + 1, loops: run.loops, sent }
    return (
      <p className="sequence-progress small" role="status" data-testid="sequence-progress" data-state="running">
        <strong>{run.name}</strong> — {run.loops === 0 ? t('sequences.progressForever', params) : t('sequences.progress', params)}
      </p>
    )
  }
  return (
    <div className="sequence-progress small" role="status" data-testid="sequence-progress" data-state={outcome.status}>
      <strong>{run.name}</strong> —{' '}
      {outcome.status === 'done' ? t('sequences.done', { sent }) : outcome.status === 'stopped' ? t('sequences.stopped', { sent }) : t('sequences.failed', { sent, step: outcome.at.step + 1, loop: outcome.at.loop + 1 })}
      {outcome.status === 'failed' && <ErrorNote error={outcome.error} compact />}
    </div>
  )
}

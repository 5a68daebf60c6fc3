// A sequence's steps made into the bytes they send, exactly as the composer would make each: its
// mode, encoding, line ending, checksum and framing, and its macros when it turns them on (filled
// in at the moment the step is sent, counting with the endpoint's composer). A step naming a saved
// payload takes it as it is when the sequence starts. The first step that cannot be made says which
// and why.
import type { AppError, ComposerDraft } from '../../../../shared/api'
import type { SequenceStep } from '../../../../shared/schemas'
import type { PlayStep } from '../../../../shared/traffic/sequence-player'
import type { SavedPayload } from '../../store/workspace-store'
import { buildBytes, prepareDraft, type Built } from '../composer/composer-bytes'
import { macroContextNow } from '../composer/macro-sends'

export type StepProblem = { step: number; kind: 'missing'; name: string } | { step: number; kind: 'invalid'; error: AppError }

/** A step ready to play; `macros` says its counter moves on once it went out. */
export type RunStep = PlayStep & { macros: boolean }

export type ResolvedSteps = { ok: true; steps: RunStep[] } | { ok: false; problem: StepProblem }

/** The composer's fields of a step or saved payload. */
export function draftOf(d: ComposerDraft): ComposerDraft {
  const { mode, text, encoding, lineEnding, framing, checksum, macros } = d
  return { mode, text, encoding, lineEnding, framing, checksum, ...(macros === true ? { macros } : {}) }
}

function draftOfStep(step: SequenceStep, saved: readonly SavedPayload[]): ComposerDraft | undefined {
  if (step.kind === 'payload') return draftOf(step)
  const payload = saved.find((p) => p.name === step.name)
  return payload ? draftOf(payload) : undefined
}

/** One step's bytes (a first send's, with macros); undefined when it names a saved payload that is gone. */
export function buildStep(step: SequenceStep, saved: readonly SavedPayload[]): Built | undefined {
  const draft = draftOfStep(step, saved)
  return draft ? buildBytes(draft) : undefined
}

export function resolveSteps(steps: readonly SequenceStep[], saved: readonly SavedPayload[], endpointId: string): ResolvedSteps {
  const out: RunStep[] = []
  for (const [i, step] of steps.entries()) {
    const draft = draftOfStep(step, saved)
    if (!draft) return { ok: false, problem: { step: i, kind: 'missing', name: step.kind === 'saved' ? step.name : '' } }
    const prepared = prepareDraft(draft)
    const first = prepared.build(macroContextNow(endpointId))
    if (!first.ok) return { ok: false, problem: { step: i, kind: 'invalid', error: first.error } }
    const macros = prepared.uses.size > 0
    out.push({ bytes: macros ? () => prepared.build(macroContextNow(endpointId)) : first.bytes, delayMs: step.delayMs, macros })
  }
  return { ok: true, steps: out }
}

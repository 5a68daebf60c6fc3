// A sequence's steps made into the bytes they send, exactly as the composer would make each: its
// mode, encoding, line ending, checksum and framing. A step naming a saved payload takes it as it
// is when the sequence starts. The first step that cannot be made says which and why. A step with
// macros is read once and made afresh each time it is sent.
import type { AppError, ComposerDraft } from '../../../../shared/api'
import type { SequenceStep } from '../../../../shared/schemas'
import type { PlayStep } from '../../../../shared/traffic/sequence-player'
import type { SavedPayload } from '../../store/workspace-store'
import { buildBytes, prepareDraft, runMessages, type Built } from '../composer/composer-bytes'

export type StepProblem = { step: number; kind: 'missing'; name: string } | { step: number; kind: 'invalid'; error: AppError }

export type ResolvedSteps = { ok: true; steps: PlayStep[] } | { ok: false; problem: StepProblem }

/** The composer's fields of a step or saved payload. */
export function draftOf(d: ComposerDraft): ComposerDraft {
  const { mode, text, encoding, lineEnding, framing, checksum, macros } = d
  return { mode, text, encoding, lineEnding, framing, checksum, ...(macros === true ? { macros } : {}) }
}

/** One step's bytes; undefined when it names a saved payload that is gone. */
export function buildStep(step: SequenceStep, saved: readonly SavedPayload[]): Built | undefined {
  if (step.kind === 'payload') return buildBytes(draftOf(step))
  const payload = saved.find((p) => p.name === step.name)
  return payload ? buildBytes(draftOf(payload)) : undefined
}

export function resolveSteps(steps: readonly SequenceStep[], saved: readonly SavedPayload[]): ResolvedSteps {
  const out: PlayStep[] = []
  for (const [i, step] of steps.entries()) {
    const built = buildStep(step, saved)
    if (!built) return { ok: false, problem: { step: i, kind: 'missing', name: step.kind === 'saved' ? step.name : '' } }
    if (!built.ok) return { ok: false, problem: { step: i, kind: 'invalid', error: built.error } }
    const draft = step.kind === 'payload' ? step : saved.find((p) => p.name === step.name)
    const make = draft?.macros === true ? runMessages(prepareDraft(draftOf(draft))) : undefined
    out.push({ bytes: built.bytes, delayMs: step.delayMs, ...(make ? { make: (counter: number) => make(counter - 1) } : {}) })
  }
  return { ok: true, steps: out }
}

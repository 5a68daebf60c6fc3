// A sequence's steps made into the bytes they send, exactly as the composer would make each: its
// mode, encoding, line ending, checksum and framing, and its macros when it turns them on (filled
// in at the moment the step is sent, from the context the caller keeps: the window counts with the
// endpoint's composer, the CLI per run). A step naming a saved payload takes it as it is when the
// sequence starts. The first step that cannot be made says which and why.
import type { AppError, ComposerDraft } from '../api'
import type { MacroContext } from '../macros'
import type { SequenceStep } from '../schemas'
import { buildBytes, prepareDraft, type Built } from './draft-bytes'
import type { PlayStep } from './sequence-player'

export type StepProblem = { step: number; kind: 'missing'; name: string } | { step: number; kind: 'invalid'; error: AppError }

/** A step ready to play; `macros` says its counter moves on once it went out. */
export type RunStep = PlayStep & { macros: boolean }

export type ResolvedSteps = { ok: true; steps: RunStep[] } | { ok: false; problem: StepProblem }

/** What a step may name: a saved payload, by its name. */
export type NamedDraft = ComposerDraft & { name: string }

/** The composer's fields of a step or saved payload. */
export function draftOf(d: ComposerDraft): ComposerDraft {
  const { mode, text, encoding, lineEnding, framing, checksum, macros } = d
  return { mode, text, encoding, lineEnding, framing, checksum, ...(macros === true ? { macros } : {}) }
}

function draftOfStep(step: SequenceStep, saved: readonly NamedDraft[]): ComposerDraft | undefined {
  if (step.kind === 'payload') return draftOf(step)
  const payload = saved.find((p) => p.name === step.name)
  return payload ? draftOf(payload) : undefined
}

/** One step's bytes (a first send's, with macros); undefined when it names a saved payload that is gone. */
export function buildStep(step: SequenceStep, saved: readonly NamedDraft[]): Built | undefined {
  const draft = draftOfStep(step, saved)
  return draft ? buildBytes(draft) : undefined
}

/** Every step made ready to play; `macrosNow` is the context of the send about to go out. */
export function resolveSteps(steps: readonly SequenceStep[], saved: readonly NamedDraft[], macrosNow: () => MacroContext): ResolvedSteps {
  const out: RunStep[] = []
  for (const [i, step] of steps.entries()) {
    const draft = draftOfStep(step, saved)
    if (!draft) return { ok: false, problem: { step: i, kind: 'missing', name: step.kind === 'saved' ? step.name : '' } }
    const prepared = prepareDraft(draft)
    const first = prepared.build(macrosNow())
    if (!first.ok) return { ok: false, problem: { step: i, kind: 'invalid', error: first.error } }
    const macros = prepared.uses.size > 0
    out.push({ bytes: macros ? () => prepared.build(macrosNow()) : first.bytes, delayMs: step.delayMs, macros })
  }
  return { ok: true, steps: out }
}

// A sequence's steps as the window plays them: made by the shared code, with macros counting along
// with the endpoint's composer.
import type { SequenceStep } from '../../../../shared/schemas'
import { resolveSteps as resolveWith, type NamedDraft, type ResolvedSteps } from '../../../../shared/traffic/sequence-steps'
import { macroContextNow } from '../composer/macro-sends'

export { buildStep, draftOf, type ResolvedSteps, type RunStep, type StepProblem } from '../../../../shared/traffic/sequence-steps'

export function resolveSteps(steps: readonly SequenceStep[], saved: readonly NamedDraft[], endpointId: string): ResolvedSteps {
  return resolveWith(steps, saved, () => macroContextNow(endpointId))
}

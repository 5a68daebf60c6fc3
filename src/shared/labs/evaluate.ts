// Which of a lab's steps are done, given the engine's events. The same code serves the window
// (fed each event batch) and `socket-lab lab` (which prints steps as they tick).
import type { EngineEvent } from '../api'
import { createMatcher, LabContext, type Matcher } from './checks'
import type { Lab, LabStep } from './types'

export interface StepStatus {
  stepId: string
  done: boolean
  /** Counted over every event fed so far (from 0): the one at which the step became done. */
  doneAt?: number
}

export interface LabTracker {
  /** Says which endpoint plays a role; events fed before that do not count for it. */
  bind(role: string, endpointId: string): void
  /** Takes events in the order the engine sent them; returns the steps this batch completed. */
  feed(events: readonly EngineEvent[]): LabStep[]
  status(): StepStatus[]
  /** The first step not done yet, the one a guide shows next; undefined once all are done. */
  current(): LabStep | undefined
}

/** Follows a lab's steps as events come. `roles` maps role to endpoint id, for those known now. */
export function trackLab(lab: Lab, roles: Readonly<Record<string, string>> = {}): LabTracker {
  const binding = new Map(Object.entries(roles))
  const id = (role: string): string | undefined => binding.get(role)
  const ctx = new LabContext(id)
  const matchers: Matcher[] = lab.steps.map((s) => createMatcher(s.check, ctx))
  const doneAt: (number | undefined)[] = lab.steps.map(() => undefined)
  let fed = 0
  return {
    bind(role, endpointId) {
      if (!lab.endpoints.some((e) => e.role === role)) throw new Error(`lab ${lab.id} has no endpoint with the role ${role}`)
      binding.set(role, endpointId)
    },
    feed(events) {
      const completed: LabStep[] = []
      for (const ev of events) {
        ctx.observe(ev)
        matchers.forEach((m, i) => {
          if (m.feed(ev) && doneAt[i] === undefined) {
            doneAt[i] = fed
            completed.push(lab.steps[i]!)
          }
        })
        fed++
      }
      return completed
    },
    status: () => lab.steps.map((s, i) => (doneAt[i] === undefined ? { stepId: s.id, done: false } : { stepId: s.id, done: true, doneAt: doneAt[i] })),
    current: () => lab.steps.find((_, i) => doneAt[i] === undefined)
  }
}

/** The steps' status after a whole sequence of events, in one go. */
export function evaluateLab(lab: Lab, events: readonly EngineEvent[], roles: Readonly<Record<string, string>>): StepStatus[] {
  const tracker = trackLab(lab, roles)
  tracker.feed(events)
  return tracker.status()
}

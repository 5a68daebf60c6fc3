// Sequences playing and traffic generators running, per endpoint: kept here rather than in the
// panels, so a run goes on while the user looks at another tab or endpoint, and Stop finds it. A
// run's progress reaches the window a few times a second, however fast it sends.
import { create } from 'zustand'
import type { SendTarget, SocketLabApi } from '../../../shared/api'
import { realClock } from '../../../shared/traffic/clock'
import { runGenerator, type GeneratorPlan, type GeneratorSummary } from '../../../shared/traffic/generator'
import { RateMeter, type Rate } from '../../../shared/traffic/rate-meter'
import { playSequence, type PlayOutcome, type PlayPosition, type PlayStep } from '../../../shared/traffic/sequence-player'
import { useMacroSends } from '../components/composer/macro-sends'

/** How long each send may wait for a peer that reads slowly before the run stops (as the composer's repeat). */
export const RUN_SEND_WAIT_MS = 2000
/** How often a run's progress is shown. */
export const PUBLISH_MS = 200

export interface SequenceRun {
  name: string
  running: boolean
  loops: number
  steps: number
  at?: PlayPosition
  sent: number
  outcome?: PlayOutcome
}

export interface GeneratorRun {
  running: boolean
  sent: number
  bytes: number
  rate: Rate
  summary?: GeneratorSummary
}

interface RunsState {
  sequences: Record<string, SequenceRun>
  generators: Record<string, GeneratorRun>
}

export const useRuns = create<RunsState>()(() => ({ sequences: {}, generators: {} }))

const controllers = new Map<string, AbortController>()
const key = (kind: 'sequence' | 'generator', endpointId: string): string => `${kind}:${endpointId}`

function sender(api: SocketLabApi, endpointId: string, to: SendTarget | undefined) {
  return (bytes: Uint8Array) => api.send({ endpointId, ...(to ? { to } : {}), bytes: bytes as Uint8Array<ArrayBuffer>, waitMs: RUN_SEND_WAIT_MS })
}

function setSequence(endpointId: string, patch: Partial<SequenceRun>): void {
  useRuns.setState((s) => ({ sequences: { ...s.sequences, [endpointId]: { ...s.sequences[endpointId]!, ...patch } } }))
}

function setGenerator(endpointId: string, patch: Partial<GeneratorRun>): void {
  useRuns.setState((s) => ({ generators: { ...s.generators, [endpointId]: { ...s.generators[endpointId]!, ...patch } } }))
}

/** Plays a sequence from one endpoint; one sequence at a time per endpoint. */
export async function playOn(api: SocketLabApi, endpointId: string, to: SendTarget | undefined, name: string, steps: (PlayStep & { macros?: boolean })[], loops: number): Promise<PlayOutcome | undefined> {
  const k = key('sequence', endpointId)
  if (controllers.has(k)) return undefined
  const control = new AbortController()
  controllers.set(k, control)
  useRuns.setState((s) => ({ sequences: { ...s.sequences, [endpointId]: { name, running: true, loops, steps: steps.length, sent: 0, at: { step: 0, loop: 0 } } } }))
  let at: PlayPosition = { step: 0, loop: 0 }
  let sent = 0
  const publish = (): void => setSequence(endpointId, { at, sent })
  const ticker = setInterval(publish, PUBLISH_MS)
  try {
    const outcome = await playSequence(steps, {
      loops,
      send: sender(api, endpointId, to),
      signal: control.signal,
      onStep: (p) => {
        at = p
        // Slow sequences show each step as it goes; fast ones are shown by the ticker.
        if (steps[p.step === 0 ? steps.length - 1 : p.step - 1]!.delayMs >= PUBLISH_MS) publish()
      },
      onSent: (p, n) => {
        sent = n
        // A step with macros counts with the composer's sends: the next one fills in the next number.
        if (steps[p.step]!.macros) useMacroSends.getState().advance(endpointId)
      }
    })
    setSequence(endpointId, { running: false, at, sent: outcome.sent, outcome })
    return outcome
  } finally {
    clearInterval(ticker)
    controllers.delete(k)
  }
}

/** Runs the traffic generator from one endpoint; one at a time per endpoint. */
export async function generateOn(api: SocketLabApi, endpointId: string, to: SendTarget | undefined, plan: GeneratorPlan, macros = false): Promise<GeneratorSummary | undefined> {
  const k = key('generator', endpointId)
  if (controllers.has(k)) return undefined
  const control = new AbortController()
  controllers.set(k, control)
  const meter = new RateMeter()
  let sent = 0
  let bytes = 0
  useRuns.setState((s) => ({ generators: { ...s.generators, [endpointId]: { running: true, sent: 0, bytes: 0, rate: { messagesPerSecond: 0, bytesPerSecond: 0 } } } }))
  const publish = (): void => setGenerator(endpointId, { sent, bytes, rate: meter.rate(realClock.now()) })
  const ticker = setInterval(publish, PUBLISH_MS)
  try {
    const summary = await runGenerator(plan, {
      send: sender(api, endpointId, to),
      signal: control.signal,
      // Messages with macros are made one at a time, each with the number after the last one sent.
      ...(macros ? { maxInFlight: 1 } : {}),
      onSent: (p) => {
        if (macros) useMacroSends.getState().advance(endpointId)
        sent = p.sent
        bytes = p.bytes
        meter.add(realClock.now(), sent, bytes)
      }
    })
    setGenerator(endpointId, { running: false, sent: summary.sent, bytes: summary.bytes, summary })
    return summary
  } finally {
    clearInterval(ticker)
    controllers.delete(k)
  }
}

export function stopSequence(endpointId: string): void {
  controllers.get(key('sequence', endpointId))?.abort()
}

export function stopGenerator(endpointId: string): void {
  controllers.get(key('generator', endpointId))?.abort()
}

/** Stops every run (tests; a window going away stops its runs anyway). */
export function stopAllRuns(): void {
  for (const c of controllers.values()) c.abort()
}

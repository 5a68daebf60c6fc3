// The traffic generator as the window runs it: the same bytes sent at a pace (messages or bits a
// second, or as fast as sends are taken), a count or a duration or until stopped, one send in
// flight at a time so a slow peer slows the run instead of piling up requests. A refused send ends
// the run and is counted; the summary says what went out and how fast.
import type { AppError, Result } from '../api'
import { realClock, type PaceClock } from './clock'
import { intervalFor, runPaced } from './pacing'

export interface GeneratorPlan {
  bytes: Uint8Array
  /** Messages a second; undefined with no bps either: as fast as sends are taken. */
  rate?: number
  /** Bits a second; takes the place of rate. */
  bps?: number
  /** Messages to send; 0 sends until stopped or the duration ends. */
  count: number
  /** Stops sending after this long; undefined: no limit. */
  durationMs?: number
}

export interface GeneratorProgress {
  sent: number
  bytes: number
  startedAt: number
}

export interface GeneratorSummary {
  sent: number
  bytes: number
  durationMs: number
  /** Sends refused; a refusal ends the run, so 0 or 1. */
  errors: number
  error?: AppError
  end: 'done' | 'stopped' | 'failed'
  messagesPerSecond: number
  bytesPerSecond: number
}

export interface GeneratorOptions {
  send(bytes: Uint8Array): Promise<Result<unknown>>
  signal?: AbortSignal
  clock?: PaceClock
  onSent?(progress: GeneratorProgress): void
}

export async function runGenerator(plan: GeneratorPlan, options: GeneratorOptions): Promise<GeneratorSummary> {
  const clock = options.clock ?? realClock
  const startedAt = clock.now()
  let sent = 0
  let bytes = 0
  let error: AppError | undefined
  const intervalMs = plan.bps !== undefined ? intervalFor({ bps: plan.bps }, plan.bytes.byteLength) : plan.rate !== undefined ? intervalFor({ rate: plan.rate }, 0) : 0
  await runPaced(
    { count: plan.count > 0 ? plan.count : Infinity, intervalMs },
    async () => {
      const r = await options.send(plan.bytes)
      if (!r.ok) {
        error = r.error
        return
      }
      sent++
      bytes += plan.bytes.byteLength
      options.onSent?.({ sent, bytes, startedAt })
    },
    () => error !== undefined,
    { clock, ...(options.signal ? { signal: options.signal } : {}), ...(plan.durationMs !== undefined ? { endAt: startedAt + plan.durationMs } : {}) }
  )
  const durationMs = clock.now() - startedAt
  const seconds = durationMs / 1000
  // Stop pressed before the count was reached; a duration that ran out is a run done.
  const stopped = options.signal?.aborted === true && (plan.count === 0 || sent < plan.count)
  const end = error ? 'failed' : stopped ? 'stopped' : 'done'
  return {
    sent,
    bytes,
    durationMs,
    errors: error ? 1 : 0,
    ...(error ? { error } : {}),
    end,
    messagesPerSecond: seconds > 0 ? sent / seconds : 0,
    bytesPerSecond: seconds > 0 ? bytes / seconds : 0
  }
}

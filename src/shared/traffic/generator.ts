// The traffic generator as the window runs it: the same bytes sent at a pace (messages or bits a
// second, or as fast as sends are taken), for a count, a duration or until stopped. A few sends may
// be on their way at once, so the time a request takes to reach the engine and come back does not
// cap the rate; no more than that, so a slow peer slows the run instead of piling up requests (and
// as every message is the same bytes, the order they are taken in cannot show). A refused send ends
// the run: nothing more is started, the ones on their way finish, every refusal is counted.
import type { AppError, Result } from '../api'
import { realClock, type PaceClock } from './clock'
import { makeMessage, type Message } from './message'
import { intervalFor } from './pacing'

export interface GeneratorPlan {
  /** The same bytes each time, or how to make each message as it is sent. */
  bytes: Message
  /** What bps paces by: the message's size (the first one's, when each is made afresh). */
  sizeForPace?: number
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
  /** Sends refused: the first ends the run; those already on their way may be refused too. */
  errors: number
  error?: AppError
  end: 'done' | 'stopped' | 'failed'
  messagesPerSecond: number
  bytesPerSecond: number
}

/** Sends on their way at once, unless the caller says otherwise. */
export const GENERATOR_IN_FLIGHT = 8

export interface GeneratorOptions {
  send(bytes: Uint8Array): Promise<Result<unknown>>
  signal?: AbortSignal
  clock?: PaceClock
  onSent?(progress: GeneratorProgress): void
  /** At most this many sends on their way at once (1: each awaited before the next). */
  maxInFlight?: number
}

export async function runGenerator(plan: GeneratorPlan, options: GeneratorOptions): Promise<GeneratorSummary> {
  const clock = options.clock ?? realClock
  const { signal } = options
  const maxInFlight = Math.max(1, options.maxInFlight ?? GENERATOR_IN_FLIGHT)
  const startedAt = clock.now()
  const endAt = plan.durationMs !== undefined ? startedAt + plan.durationMs : Infinity
  const count = plan.count > 0 ? plan.count : Infinity
  const size = plan.sizeForPace ?? (typeof plan.bytes === 'function' ? 0 : plan.bytes.byteLength)
  const intervalMs = plan.bps !== undefined ? intervalFor({ bps: plan.bps }, size) : plan.rate !== undefined ? intervalFor({ rate: plan.rate }, 0) : 0
  let started = 0
  let sent = 0
  let bytes = 0
  let errors = 0
  let error: AppError | undefined
  const inFlight = new Set<Promise<void>>()
  const over = (): boolean => error !== undefined || signal?.aborted === true || clock.now() >= endAt

  const launch = (): void => {
    started++
    const made = makeMessage(plan.bytes)
    if (!made.ok) {
      errors++
      error ??= made.error
      return
    }
    const payload = made.bytes
    const p = options.send(payload).then(
      (r) => {
        if (!r.ok) {
          errors++
          error ??= r.error
          return
        }
        sent++
        bytes += payload.byteLength
        options.onSent?.({ sent, bytes, startedAt })
      },
      (err: unknown) => {
        errors++
        error ??= { code: 'EIO', message: err instanceof Error ? err.message : String(err), hint: '' }
      }
    )
    const tracked = p.finally(() => inFlight.delete(tracked))
    inFlight.add(tracked)
  }

  while (started < count && !over()) {
    // Rates are kept by starting what is due since the start, so timer jitter does not lower them.
    const due = intervalMs > 0 ? Math.min(count, Math.floor((clock.now() - startedAt) / intervalMs) + 1) : count
    if (due <= started) {
      const next = startedAt + started * intervalMs
      await clock.sleep(Math.max(1, Math.min(next, endAt) - clock.now()), signal)
      continue
    }
    while (started < due && !over()) {
      if (inFlight.size >= maxInFlight) {
        await Promise.race(inFlight)
        continue
      }
      launch()
      // Unpaced, the run gives way to the event loop now and then, so the window keeps breathing.
      if (intervalMs === 0 && started % 64 === 0) await clock.sleep(0, signal)
    }
  }
  await Promise.all(inFlight)

  const durationMs = clock.now() - startedAt
  const seconds = durationMs / 1000
  // Stop pressed before the count was reached; a duration that ran out is a run done.
  const stopped = signal?.aborted === true && sent < count
  const end = error ? 'failed' : stopped ? 'stopped' : 'done'
  return {
    sent,
    bytes,
    durationMs,
    errors,
    ...(error ? { error } : {}),
    end,
    messagesPerSecond: seconds > 0 ? sent / seconds : 0,
    bytesPerSecond: seconds > 0 ? bytes / seconds : 0
  }
}

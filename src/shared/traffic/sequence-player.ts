// Plays a sequence: each step's bytes are sent and the send's answer awaited, then the step's delay
// passes before the next; after the last step the first comes again, `loops` times in all (0: until
// stopped). A send the engine refuses (a peer that does not read, a connection gone) ends the run
// with its error: the steps after it would otherwise go out of order or not at all. Stopping ends
// the run at once, even in the middle of a delay.
import type { AppError, Result } from '../api'
import { realClock, type PaceClock } from './clock'
import { makeMessage, type Message } from './message'

export interface PlayStep {
  /** The bytes, or how to make them at the moment the step is sent. */
  bytes: Message
  /** Wait after this step before the next one. */
  delayMs: number
}

export interface PlayPosition {
  /** 0-based index of the step being sent. */
  step: number
  /** 0-based pass through the steps. */
  loop: number
}

export type PlayOutcome =
  | { status: 'done'; sent: number; bytes: number }
  | { status: 'stopped'; sent: number; bytes: number }
  | { status: 'failed'; sent: number; bytes: number; at: PlayPosition; error: AppError }

export interface PlayOptions {
  /** How many passes; 0 plays until stopped. */
  loops: number
  send(bytes: Uint8Array): Promise<Result<unknown>>
  signal?: AbortSignal
  clock?: PaceClock
  /** Told before each step is sent. */
  onStep?(at: PlayPosition): void
  /** Told after each send the engine took. */
  onSent?(at: PlayPosition, sent: number, bytes: number): void
}

export async function playSequence(steps: readonly PlayStep[], options: PlayOptions): Promise<PlayOutcome> {
  const clock = options.clock ?? realClock
  const { loops, signal } = options
  let sent = 0
  let bytes = 0
  if (steps.length === 0) return { status: 'done', sent, bytes }
  for (let loop = 0; loops === 0 || loop < loops; loop++) {
    for (let step = 0; step < steps.length; step++) {
      const at = { step, loop }
      if (signal?.aborted) return { status: 'stopped', sent, bytes }
      const { bytes: message, delayMs } = steps[step]!
      options.onStep?.(at)
      const made = makeMessage(message)
      if (!made.ok) return { status: 'failed', sent, bytes, at, error: made.error }
      const payload = made.bytes
      const r = await options.send(payload)
      if (!r.ok) return { status: 'failed', sent, bytes, at, error: r.error }
      sent++
      bytes += payload.byteLength
      options.onSent?.(at, sent, bytes)
      const last = loops !== 0 && loop === loops - 1 && step === steps.length - 1
      if (last) break
      if (signal?.aborted) return { status: 'stopped', sent, bytes }
      // A pass of zero delays still lets the window breathe between sends.
      await clock.sleep(delayMs, signal)
    }
  }
  return { status: 'done', sent, bytes }
}

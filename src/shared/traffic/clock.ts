// Time for the senders that pace themselves (the traffic generator, sequences): read and waited on
// through one small interface, so tests drive it with fake timers and a stop never waits out a sleep.

export interface PaceClock {
  /** Milliseconds from an arbitrary start, never going back. */
  now(): number
  /** Resolves after `ms`, or at once when the signal aborts (it never rejects). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const done = (): void => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, Math.max(0, ms))
    signal?.addEventListener('abort', done, { once: true })
  })
}

export const realClock: PaceClock = { now: () => performance.now(), sleep: abortableSleep }

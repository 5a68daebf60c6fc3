// When the traffic generator sends its next message: as fast as the socket takes them, at a fixed
// interval, or at a rate in messages or bits per second. Rates are kept by sending what is due
// since the start, so timer jitter does not lower the rate achieved. The CLI's `send --count` and
// the window's generator both pace with this.
import { realClock, type PaceClock } from './clock'

export interface PaceFlags {
  rate?: number
  bps?: number
  interval?: number
}

export interface Pacing {
  /** How many messages; Infinity sends until stopped. */
  count: number
  /** Milliseconds between messages; 0 means as fast as possible. */
  intervalMs: number
}

/** The interval one of the flags asks for (the caller checks that at most one is set). */
export function intervalFor(flags: PaceFlags, messageBytes: number): number {
  if (flags.rate !== undefined) return 1000 / flags.rate
  if (flags.bps !== undefined) return (messageBytes * 8 * 1000) / flags.bps
  if (flags.interval !== undefined) return flags.interval
  return 0
}

export interface PaceOptions {
  clock?: PaceClock
  /** Aborting ends the run at once, even in the middle of a wait. */
  signal?: AbortSignal
  /** A time on the clock after which nothing more is sent. */
  endAt?: number
}

/** Calls send `count` times at the pace, awaiting it each time; stops early when stop() says so. */
export async function runPaced(pacing: Pacing, send: () => Promise<void>, stop: () => boolean = () => false, options: PaceOptions = {}): Promise<number> {
  const clock = options.clock ?? realClock
  const { signal, endAt = Infinity } = options
  const over = (): boolean => stop() || signal?.aborted === true || clock.now() >= endAt
  const start = clock.now()
  let sent = 0
  while (sent < pacing.count && !over()) {
    if (pacing.intervalMs > 0) {
      const due = Math.min(pacing.count, Math.floor((clock.now() - start) / pacing.intervalMs) + 1)
      if (due <= sent) {
        const next = start + sent * pacing.intervalMs
        await clock.sleep(Math.max(1, Math.min(next, endAt) - clock.now()), signal)
        continue
      }
      while (sent < due && !over()) {
        await send()
        sent++
      }
    } else {
      await send()
      sent++
    }
  }
  return sent
}

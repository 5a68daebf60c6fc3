// When the traffic generator sends its next message: as fast as the socket takes them, at a fixed
// interval, or at a rate in messages or bits per second. Rates are kept by sending what is due
// since the start, so timer jitter does not lower the rate achieved.
import { UsageError } from './usage-error'

export interface PacingFlags {
  count?: number
  rate?: number
  bps?: number
  interval?: number
}

export interface Pacing {
  count: number
  /** Milliseconds between messages; 0 means as fast as possible. */
  intervalMs: number
}

export function pacingFrom(flags: PacingFlags, messageBytes: number): Pacing {
  const set = (['rate', 'bps', 'interval'] as const).filter((k) => flags[k] !== undefined)
  if (set.length > 1) throw new UsageError(`--${set[0]} and --${set[1]} both set a pace`, 'Give one of --rate, --bps or --interval.')
  const count = flags.count ?? 1
  if (flags.rate !== undefined) return { count, intervalMs: 1000 / flags.rate }
  if (flags.bps !== undefined) return { count, intervalMs: (messageBytes * 8 * 1000) / flags.bps }
  if (flags.interval !== undefined) return { count, intervalMs: flags.interval }
  return { count, intervalMs: 0 }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Calls send `count` times at the pace, awaiting it each time; stops early when stop() says so. */
export async function runPaced(pacing: Pacing, send: () => Promise<void>, stop: () => boolean = () => false): Promise<number> {
  const start = performance.now()
  let sent = 0
  while (sent < pacing.count && !stop()) {
    if (pacing.intervalMs > 0) {
      const due = Math.min(pacing.count, Math.floor((performance.now() - start) / pacing.intervalMs) + 1)
      if (due <= sent) {
        await sleep(Math.max(1, start + sent * pacing.intervalMs - performance.now()))
        continue
      }
      while (sent < due && !stop()) {
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

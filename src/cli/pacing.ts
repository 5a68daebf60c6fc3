// The generator's flags read into a pace: one of --rate, --bps or --interval, and --count. The
// pacing itself is shared with the window's traffic generator (shared/traffic/pacing.ts).
import { intervalFor, type Pacing } from '../shared/traffic/pacing'
import { UsageError } from './usage-error'

export { runPaced, type Pacing } from '../shared/traffic/pacing'

export interface PacingFlags {
  count?: number
  rate?: number
  bps?: number
  interval?: number
}

export function pacingFrom(flags: PacingFlags, messageBytes: number): Pacing {
  const set = (['rate', 'bps', 'interval'] as const).filter((k) => flags[k] !== undefined)
  if (set.length > 1) throw new UsageError(`--${set[0]} and --${set[1]} both set a pace`, 'Give one of --rate, --bps or --interval.')
  return { count: flags.count ?? 1, intervalMs: intervalFor(flags, messageBytes) }
}

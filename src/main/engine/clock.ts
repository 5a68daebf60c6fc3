// Timestamps for data events. Date.now() has millisecond steps and jumps when the wall clock is
// set; the monotonic clock anchored at process start gives sub-millisecond order that never runs back.
import { performance } from 'node:perf_hooks'

const origin = performance.timeOrigin

/** Epoch milliseconds with sub-millisecond precision, monotonic within this process. */
export function now(): number {
  return origin + performance.now()
}

// How people write a relay's faults (the command line's flags, the window's fields) turned into
// the config's fields: a latency as "50" or "20-80" ms, a rate as 0.1 or 10%.
import type { RelayFaults } from './schemas'

/** "50" is a fixed 50 ms; "20-80" a random latency from 20 to 80 ms. Undefined when it is neither. */
export function parseDelay(text: string): Pick<RelayFaults, 'delayMs' | 'delayMaxMs'> | undefined {
  const m = /^\s*(\d+)\s*(?:(?:-|\.\.)\s*(\d+)\s*)?$/.exec(text)
  if (!m) return undefined
  const min = Number(m[1])
  if (m[2] === undefined) return { delayMs: min }
  const max = Number(m[2])
  if (max < min) return undefined
  return max === min ? { delayMs: min } : { delayMs: min, delayMaxMs: max }
}

/** 0.1 or 10% as a rate from 0 to 1; undefined when it is neither or out of range. */
export function parseRate(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$/.exec(text)
  if (!m) return undefined
  const n = Number(m[1]) / (m[2] ? 100 : 1)
  return n >= 0 && n <= 1 ? n : undefined
}

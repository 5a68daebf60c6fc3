// Flag value parsers for the relay's faults, kept light: they load with every command.
import { InvalidArgumentError } from 'commander'
import { parseDelay, parseRate } from '../shared/relay-faults'
import { MAX_RELAY_DELAY_MS } from '../shared/schemas'

export function parseDelayOption(value: string): { delayMs: number; delayMaxMs?: number } {
  const d = parseDelay(value)
  if (!d || d.delayMs === undefined) throw new InvalidArgumentError(`'${value}' is not a delay: give milliseconds (50) or a range (20-80).`)
  if ((d.delayMaxMs ?? d.delayMs) > MAX_RELAY_DELAY_MS) throw new InvalidArgumentError(`'${value}' is too long: a delay is at most ${MAX_RELAY_DELAY_MS} ms.`)
  return d.delayMaxMs !== undefined ? { delayMs: d.delayMs, delayMaxMs: d.delayMaxMs } : { delayMs: d.delayMs }
}

export function parseFaultRateOption(value: string): number {
  const r = parseRate(value)
  if (r === undefined) throw new InvalidArgumentError(`'${value}' is not a rate: give a number from 0 to 1 (0.1) or a percentage (10%).`)
  return r
}

export function parseSeedOption(value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || n > 0xffffffff) throw new InvalidArgumentError(`'${value}' is not a seed: give a whole number from 0 to 4294967295.`)
  return n
}

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { abortableSleep, type PaceClock } from '../../../src/shared/traffic/clock'
import { intervalFor, runPaced } from '../../../src/shared/traffic/pacing'
import { pacingFrom } from '../../../src/cli/pacing'

const clock: PaceClock = { now: () => Date.now(), sleep: abortableSleep }

describe('pacing', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000 }))
  afterEach(() => vi.useRealTimers())

  it('turns a rate, a bit rate or an interval into the time between messages', () => {
    expect(intervalFor({ rate: 50 }, 10)).toBe(20)
    // 100 bytes are 800 bits: at 8000 bit/s, 100 ms apart.
    expect(intervalFor({ bps: 8000 }, 100)).toBe(100)
    expect(intervalFor({ interval: 7 }, 10)).toBe(7)
    expect(intervalFor({}, 10)).toBe(0)
    expect(pacingFrom({ count: 3, rate: 4 }, 1)).toEqual({ count: 3, intervalMs: 250 })
    expect(() => pacingFrom({ rate: 1, bps: 2 }, 1)).toThrow('--rate and --bps both set a pace')
  })

  it('sends what is due since the start, so a late timer does not lower the rate', async () => {
    const at: number[] = []
    let slow = true
    const run = runPaced({ count: 5, intervalMs: 100 }, async () => {
      at.push(Date.now() - 1_000)
      // The first send takes 250 ms: the two due meanwhile go at once after it.
      if (slow) {
        slow = false
        await new Promise((r) => setTimeout(r, 250))
      }
    }, undefined, { clock })
    await vi.runAllTimersAsync()
    expect(await run).toBe(5)
    expect(at).toEqual([0, 250, 250, 300, 400])
  })

  it('a signal ends a long wait at once, and nothing is sent after endAt', async () => {
    const stop = new AbortController()
    let sent = 0
    const run = runPaced({ count: Infinity, intervalMs: 60_000 }, async () => void sent++, undefined, { clock, signal: stop.signal })
    await vi.advanceTimersByTimeAsync(10)
    stop.abort()
    expect(await run).toBe(1)
    expect(vi.getTimerCount()).toBe(0)

    const timed = runPaced({ count: Infinity, intervalMs: 30 }, async () => void sent++, undefined, { clock, endAt: Date.now() + 100 })
    await vi.runAllTimersAsync()
    // At 0, 30, 60 and 90 ms; the wait for 120 is cut at 100.
    expect(await timed).toBe(4)
  })
})

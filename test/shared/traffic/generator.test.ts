import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Result } from '../../../src/shared/api'
import { abortableSleep, type PaceClock } from '../../../src/shared/traffic/clock'
import { runGenerator } from '../../../src/shared/traffic/generator'
import { RateMeter } from '../../../src/shared/traffic/rate-meter'

const clock: PaceClock = { now: () => Date.now(), sleep: abortableSleep }
const payload = new Uint8Array(100)

function fakeSend(failAt?: number) {
  const times: number[] = []
  const start = Date.now()
  const send = vi.fn(async (): Promise<Result<unknown>> => {
    await Promise.resolve()
    if (failAt !== undefined && send.mock.calls.length === failAt) return { ok: false, error: { code: 'EPIPE', message: 'broken pipe', hint: '' } }
    times.push(Date.now() - start)
    return { ok: true, value: {} }
  })
  return { send, times }
}

describe('traffic generator', () => {
  beforeEach(() => vi.useFakeTimers({ now: 5_000_000 }))
  afterEach(() => vi.useRealTimers())

  it('sends count messages at the rate and sums them up', async () => {
    const { send, times } = fakeSend()
    const run = runGenerator({ bytes: payload, rate: 50, count: 200 }, { send, clock })
    await vi.runAllTimersAsync()
    const summary = await run
    expect(summary).toMatchObject({ sent: 200, bytes: 20_000, errors: 0, end: 'done' })
    // 200 messages at 50 a second: the first at once, the last at 199 × 20 ms.
    expect(times[0]).toBe(0)
    expect(times[199]).toBe(3980)
    expect(summary.durationMs).toBe(3980)
    expect(summary.messagesPerSecond).toBeCloseTo(200 / 3.98, 5)
  })

  it('paces by bits a second from the message size', async () => {
    const { send, times } = fakeSend()
    // 100 bytes are 800 bits: at 8000 bit/s, ten a second.
    const run = runGenerator({ bytes: payload, bps: 8000, count: 5 }, { send, clock })
    await vi.runAllTimersAsync()
    await run
    expect(times).toEqual([0, 100, 200, 300, 400])
  })

  it('stops when the duration is over, and the stop button ends a run sent until stopped', async () => {
    const timed = fakeSend()
    const run = runGenerator({ bytes: payload, rate: 10, count: 0, durationMs: 1000 }, { send: timed.send, clock })
    await vi.runAllTimersAsync()
    expect(await run).toMatchObject({ sent: 10, end: 'done' })

    const forever = fakeSend()
    const stop = new AbortController()
    const endless = runGenerator({ bytes: payload, rate: 100, count: 0 }, { send: forever.send, clock, signal: stop.signal })
    await vi.advanceTimersByTimeAsync(2005)
    stop.abort()
    const summary = await endless
    expect(summary).toMatchObject({ sent: 201, end: 'stopped', errors: 0 })
    expect(vi.getTimerCount()).toBe(0)
  })

  it('a refused send ends the run; the summary counts it and keeps the error', async () => {
    const { send } = fakeSend(7)
    const run = runGenerator({ bytes: payload, rate: 1000, count: 100 }, { send, clock })
    await vi.runAllTimersAsync()
    const summary = await run
    expect(summary).toMatchObject({ sent: 6, bytes: 600, errors: 1, end: 'failed', error: { code: 'EPIPE' } })
    expect(send).toHaveBeenCalledTimes(7)
  })

  it('makes each message as it is sent when told how, counting the bytes each one had', async () => {
    const seen: string[] = []
    const send = async (b: Uint8Array): Promise<Result<unknown>> => {
      seen.push(new TextDecoder().decode(b))
      return { ok: true, value: {} }
    }
    let n = 0
    const run = runGenerator({ bytes: () => ({ ok: true, bytes: new TextEncoder().encode(String(++n)) }), rate: 100, count: 12 }, { send, clock, maxInFlight: 1 })
    await vi.runAllTimersAsync()
    const summary = await run
    expect(seen).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'])
    // Nine one-digit messages and three two-digit ones.
    expect(summary).toMatchObject({ sent: 12, bytes: 15, errors: 0, end: 'done' })
  })

  it('unpaced, it keeps at most maxInFlight sends on their way, and one at a time when told so', async () => {
    for (const maxInFlight of [1, 4]) {
      let inFlight = 0
      let most = 0
      const send = async (): Promise<Result<unknown>> => {
        most = Math.max(most, ++inFlight)
        await new Promise((r) => setTimeout(r, 1))
        inFlight--
        return { ok: true, value: {} }
      }
      const run = runGenerator({ bytes: payload, count: 50 }, { send, clock, maxInFlight })
      await vi.runAllTimersAsync()
      expect(await run).toMatchObject({ sent: 50, errors: 0 })
      expect(most).toBe(maxInFlight)
    }
  })

  it('after a refusal nothing more starts; the sends already on their way finish and each refusal counts', async () => {
    let calls = 0
    const send = async (): Promise<Result<unknown>> => {
      const n = ++calls
      await new Promise((r) => setTimeout(r, 5))
      return n >= 10 ? { ok: false, error: { code: 'ECONNRESET', message: 'reset', hint: '' } } : { ok: true, value: {} }
    }
    const run = runGenerator({ bytes: payload, count: 1000 }, { send, clock, maxInFlight: 4 })
    await vi.runAllTimersAsync()
    const summary = await run
    expect(summary).toMatchObject({ sent: 9, end: 'failed', error: { code: 'ECONNRESET' } })
    // Sends 10 to 13 were on their way together when the first refusal came back.
    expect(calls).toBe(13)
    expect(summary.errors).toBe(4)
  })

  it('an unpaced run sent until stopped still lets timers run, so Stop is heard', async () => {
    const send = (): Promise<Result<unknown>> => Promise.resolve({ ok: true, value: {} })
    const stop = new AbortController()
    setTimeout(() => stop.abort(), 0)
    const run = runGenerator({ bytes: payload, count: 0 }, { send, clock, signal: stop.signal })
    await vi.runAllTimersAsync()
    const summary = await run
    expect(summary.end).toBe('stopped')
    expect(summary.sent).toBeGreaterThan(0)
  })
})

describe('rate meter', () => {
  it('gives the rate over the last second from running totals', () => {
    const m = new RateMeter(1000)
    expect(m.rate(0)).toEqual({ messagesPerSecond: 0, bytesPerSecond: 0 })
    for (let t = 0; t <= 3000; t += 100) m.add(t, t / 100, t * 10)
    // Ten messages and 10 000 bytes a second, steadily.
    expect(m.rate(3000)).toEqual({ messagesPerSecond: 10, bytesPerSecond: 10_000 })
    // Nothing more arrives: the rate falls as the window moves past the last sample.
    expect(m.rate(3500).messagesPerSecond).toBeCloseTo(5, 5)
  })
})

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AppError, Result } from '../../../src/shared/api'
import { abortableSleep, type PaceClock } from '../../../src/shared/traffic/clock'
import { playSequence, type PlayStep } from '../../../src/shared/traffic/sequence-player'

// Date.now is faked with the timers, so the clock moves only as the test advances it.
const clock: PaceClock = { now: () => Date.now(), sleep: abortableSleep }
const bytes = (s: string) => new TextEncoder().encode(s)
const text = (b: Uint8Array) => new TextDecoder().decode(b)

/** An engine that takes each send after `latencyMs`, noting what and when, and refuses the `failAt`-th (1-based). */
function fakeSend(options: { latencyMs?: number; failAt?: number } = {}) {
  const log: { text: string; at: number }[] = []
  const start = Date.now()
  const refused: AppError = { code: 'EBACKPRESSURE', message: 'the peer is not reading', hint: 'read on the other side' }
  const send = vi.fn(async (b: Uint8Array): Promise<Result<unknown>> => {
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs))
    if (options.failAt !== undefined && send.mock.calls.length === options.failAt) return { ok: false, error: refused }
    log.push({ text: text(b), at: Date.now() - start })
    return { ok: true, value: { bytes: b.byteLength } }
  })
  return { send, log, refused }
}

const steps: PlayStep[] = [
  { bytes: bytes('a'), delayMs: 100 },
  { bytes: bytes('bb'), delayMs: 0 },
  { bytes: bytes('ccc'), delayMs: 250 }
]

describe('sequence player', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }))
  afterEach(() => vi.useRealTimers())

  it('sends the steps in order, waiting each step’s delay after it, and not after the very last', async () => {
    const { send, log } = fakeSend()
    const done = playSequence(steps, { loops: 2, send, clock })
    await vi.runAllTimersAsync()
    expect(await done).toEqual({ status: 'done', sent: 6, bytes: 12 })
    expect(log).toEqual([
      { text: 'a', at: 0 },
      { text: 'bb', at: 100 },
      { text: 'ccc', at: 100 },
      // The last step's delay runs before the next pass starts over.
      { text: 'a', at: 350 },
      { text: 'bb', at: 450 },
      { text: 'ccc', at: 450 }
    ])
    // Nothing is left waiting after the run.
    expect(vi.getTimerCount()).toBe(0)
  })

  it('waits for each send to be taken before the delay starts (a slow engine slows the run)', async () => {
    const { send, log } = fakeSend({ latencyMs: 40 })
    const done = playSequence(steps, { loops: 1, send, clock })
    await vi.runAllTimersAsync()
    await done
    expect(log.map((e) => e.at)).toEqual([40, 180, 220])
  })

  it('tells the step and pass before each send', async () => {
    const { send } = fakeSend()
    const seen: string[] = []
    const done = playSequence(steps.slice(0, 2), { loops: 3, send, clock, onStep: (at) => seen.push(`${at.loop}:${at.step}`) })
    await vi.runAllTimersAsync()
    await done
    expect(seen).toEqual(['0:0', '0:1', '1:0', '1:1', '2:0', '2:1'])
  })

  it('plays until stopped with loops 0, and a stop in the middle of a delay ends it at once', async () => {
    const { send, log } = fakeSend()
    const stop = new AbortController()
    const done = playSequence(steps, { loops: 0, send, clock, signal: stop.signal })
    await vi.advanceTimersByTimeAsync(10 * 350 + 50)
    // Ten passes of 350 ms and the first 50 ms of the eleventh pass's first delay.
    expect(log).toHaveLength(31)
    stop.abort()
    const outcome = await done
    expect(outcome).toEqual({ status: 'stopped', sent: 31, bytes: 61 })
    await vi.advanceTimersByTimeAsync(5000)
    expect(log).toHaveLength(31)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('a stop while a send is on its way sends nothing after it', async () => {
    const { send, log } = fakeSend({ latencyMs: 30 })
    const stop = new AbortController()
    const done = playSequence(steps, { loops: 5, send, clock, signal: stop.signal })
    await vi.advanceTimersByTimeAsync(10)
    stop.abort()
    await vi.runAllTimersAsync()
    expect(await done).toMatchObject({ status: 'stopped', sent: 1 })
    expect(log.map((e) => e.text)).toEqual(['a'])
  })

  it('a refused send ends the run with its error and where it happened; nothing after it goes', async () => {
    const { send, log, refused } = fakeSend({ failAt: 5 })
    const done = playSequence(steps, { loops: 3, send, clock })
    await vi.runAllTimersAsync()
    expect(await done).toEqual({ status: 'failed', sent: 4, bytes: 7, at: { loop: 1, step: 1 }, error: refused })
    expect(log.map((e) => e.text)).toEqual(['a', 'bb', 'ccc', 'a'])
    expect(send).toHaveBeenCalledTimes(5)
  })

  it('makes a step’s bytes at the moment it is sent, and a step that cannot be made ends the run', async () => {
    const { send, log } = fakeSend()
    let n = 0
    const made: PlayStep = { bytes: () => (++n <= 3 ? { ok: true, bytes: bytes(`#${n}`) } : { ok: false, error: { code: 'EINVAL', message: 'too big', hint: '' } }), delayMs: 10 }
    const done = playSequence([made, steps[0]!], { loops: 0, send, clock })
    await vi.runAllTimersAsync()
    expect(await done).toMatchObject({ status: 'failed', sent: 6, at: { loop: 3, step: 0 }, error: { message: 'too big' } })
    expect(log.map((e) => e.text)).toEqual(['#1', 'a', '#2', 'a', '#3', 'a'])
  })

  it('an empty sequence is done at once and sends nothing', async () => {
    const { send } = fakeSend()
    expect(await playSequence([], { loops: 0, send, clock })).toEqual({ status: 'done', sent: 0, bytes: 0 })
    expect(send).not.toHaveBeenCalled()
  })
})

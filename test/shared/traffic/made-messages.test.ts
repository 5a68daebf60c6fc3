import { describe, expect, it } from 'vitest'
import type { Result } from '../../../src/shared/api'
import { SocketLabError } from '../../../src/shared/errors'
import { runGenerator } from '../../../src/shared/traffic/generator'
import { playSequence } from '../../../src/shared/traffic/sequence-player'
import type { PaceClock } from '../../../src/shared/traffic/clock'

const clock: PaceClock = { now: () => 0, sleep: () => Promise.resolve() }

describe('traffic generator: a message made per send', () => {
  it('makes message i as it starts, in order, and sums the bytes each carried', async () => {
    const sent: Uint8Array[] = []
    const send = (bytes: Uint8Array): Promise<Result<unknown>> => (sent.push(bytes), Promise.resolve({ ok: true, value: {} }))
    const summary = await runGenerator({ bytes: new Uint8Array(1), count: 20, message: (i) => new Uint8Array(i + 1).fill(i) }, { send, clock })
    expect(sent.map((m) => m[0])).toEqual([...Array(20).keys()])
    expect(sent.map((m) => m.length)).toEqual([...Array(20).keys()].map((i) => i + 1))
    expect(summary).toMatchObject({ sent: 20, bytes: 210, errors: 0, end: 'done' })
  })

  it('ends the run as a refusal when a message cannot be made, keeping the error', async () => {
    let sends = 0
    const send = (): Promise<Result<unknown>> => (sends++, Promise.resolve({ ok: true, value: {} }))
    const summary = await runGenerator(
      {
        bytes: new Uint8Array(1),
        count: 100,
        message: (i) => {
          if (i === 7) throw new SocketLabError('EINVAL', 'too long', 'shorten it')
          return new Uint8Array(1)
        }
      },
      { send, clock, maxInFlight: 1 }
    )
    expect(sends).toBe(7)
    expect(summary).toMatchObject({ sent: 7, errors: 1, end: 'failed', error: { code: 'EINVAL', message: 'too long', hint: 'shorten it' } })
  })
})

describe('sequence player: a step made per send', () => {
  it('numbers made steps by the run, and fails the run at the step that cannot be made', async () => {
    const sent: number[] = []
    const send = (bytes: Uint8Array): Promise<Result<unknown>> => (sent.push(bytes[0]!), Promise.resolve({ ok: true, value: {} }))
    const steps = [
      { bytes: Uint8Array.of(0), delayMs: 0, make: (n: number) => Uint8Array.of(n) },
      { bytes: Uint8Array.of(200), delayMs: 0 },
      {
        bytes: Uint8Array.of(0),
        delayMs: 0,
        make: (n: number) => {
          if (n > 6) throw new SocketLabError('EINVAL', 'no room', 'widen it')
          return Uint8Array.of(100 + n)
        }
      }
    ]
    const outcome = await playSequence(steps, { loops: 5, send, clock })
    expect(sent).toEqual([1, 200, 103, 4, 200, 106, 7, 200])
    expect(outcome).toMatchObject({ status: 'failed', sent: 8, bytes: 8, at: { step: 2, loop: 2 }, error: { code: 'EINVAL', message: 'no room' } })
  })
})

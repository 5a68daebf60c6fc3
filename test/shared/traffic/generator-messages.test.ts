import { describe, expect, it } from 'vitest'
import type { Result } from '../../../src/shared/api'
import { SocketLabError } from '../../../src/shared/errors'
import { runGenerator } from '../../../src/shared/traffic/generator'
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

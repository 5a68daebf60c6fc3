// A reply with macros is read once when the responder is configured; what one reply can grow to is
// bounded then, so a short template cannot make every one-byte frame cost tens of megabytes.
import { describe, expect, it } from 'vitest'
import { SocketLabError } from '../../../src/shared/errors'
import { createResponder } from '../../../src/shared/responders'
import { MAX_PAYLOAD_TEXT, MAX_REPLY_BYTES } from '../../../src/shared/responders/payload'

/** As many `{random:4096}` as a configured payload may hold: 5041 of them, 41 MB of hex per reply. */
const HUGE = '{random:4096}'.repeat(Math.floor(MAX_PAYLOAD_TEXT / '{random:4096}'.length))
/** Within the random bytes a template may draw, but 200 times formats that may each make 2048 characters. */
const LONG_TIMES = '{time:%H}'.repeat(200)

function refusal(config: unknown): SocketLabError {
  try {
    createResponder(config)
  } catch (err) {
    expect(err).toBeInstanceOf(SocketLabError)
    return err as SocketLabError
  }
  throw new Error('expected the responder to be refused')
}

describe('a reply with macros is bounded when configured', () => {
  it('a fixed reply that could grow past the limit is refused, naming the limit', () => {
    const err = refusal({ kind: 'fixed', reply: { format: 'text', text: LONG_TIMES, macros: true } })
    expect(err.code).toBe('EINVAL')
    expect(err.message).toMatch(/fixed reply/)
    expect(err.message).toContain(String(MAX_REPLY_BYTES))
    expect(err.hint.length).toBeGreaterThan(0)
  })

  it('so is a rule reply, naming its rule', () => {
    const err = refusal({ kind: 'rules', rules: [{ match: { type: 'contains', payload: { format: 'text', text: '' } }, then: { type: 'reply', payload: { format: 'hex', text: HUGE, macros: true } } }] })
    expect(err.message).toMatch(/rule 1's reply/)
    // So many random bytes are refused by the template itself, before any bound is worked out.
    expect(err.message).toMatch(/random bytes/)
  })

  it('a reply of many small macros within the limit is taken', () => {
    const r = createResponder({ kind: 'fixed', reply: { format: 'hex', text: '{random:64}'.repeat(100), macros: true } })
    expect(r.bound.fixed).toBeLessThanOrEqual(MAX_REPLY_BYTES)
    expect(r.bound.fixed).toBeGreaterThanOrEqual(6400)
  })
})

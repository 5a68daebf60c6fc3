import { describe, expect, it } from 'vitest'
import { checksum } from '../../../src/shared/codec'
import { SocketLabError } from '../../../src/shared/errors'
import { createFixed } from '../../../src/shared/responders/fixed'
import { createRules } from '../../../src/shared/responders/rules'
import { ResponderSession } from '../../../src/shared/responders/session'
import { bytes, notes, replies, replyBytes, replyText, testContext } from './helpers'

const ctx = testContext()

describe('replies with macros', () => {
  it('a fixed reply fills in each peer its own counter, and the clock time', () => {
    const r = createFixed({ kind: 'fixed', reply: { format: 'escaped', text: 'ack {counter} {time:%H:%M:%S}\\n', macros: true } })
    const a = r.createInstance()
    const b = r.createInstance()
    expect(replyText(a.frame({ payload: bytes('x') }, ctx))).toBe('ack 1 06:13:20\n')
    expect(replyText(a.frame({ payload: bytes('y') }, ctx))).toBe('ack 2 06:13:20\n')
    expect(replyText(b.frame({ payload: bytes('z') }, ctx))).toBe('ack 1 06:13:20\n')
    expect(replyText(a.frame({ payload: bytes('w') }, ctx))).toBe('ack 3 06:13:20\n')
  })

  it('a hex reply with a length and a MODBUS CRC; random bytes new each time; all within the bound', () => {
    const r = createFixed({ kind: 'fixed', reply: { format: 'hex', text: '01 03 {len} 00 {counter} {random:4} {crc16}', macros: true } })
    const peer = r.createInstance()
    const made = [1, 2, 3].map(() => replies(peer.frame({ payload: bytes('q') }, ctx))[0]!.bytes)
    made.forEach((m, i) => {
      expect([...m.subarray(0, 5)]).toEqual([1, 3, 8, 0, i + 1])
      const crc = checksum(m.subarray(0, 9), 'crc16-modbus')
      expect([...m.subarray(9)]).toEqual([crc & 0xff, crc >>> 8])
      expect(m.length).toBeLessThanOrEqual(r.bound.fixed)
    })
    expect(new Set(made.map((m) => Buffer.from(m.subarray(5, 9)).toString('hex'))).size).toBe(3)
  })

  it('passes the session check of the responder bound, the widest reply included', () => {
    const r = createFixed({ kind: 'fixed', reply: { format: 'text', text: '{counter}{time:%A %B %Z}{crc32}{random:3}', macros: true } })
    const session = new ResponderSession(r, ctx)
    for (let i = 0; i < 5; i++) {
      const out = session.frame({ payload: bytes('x') })
      expect(notes(out)).toEqual([])
      expect(replyBytes(out)).toBeGreaterThan(0)
    }
  })

  it('without macros, braces are sent as written', () => {
    const r = createFixed({ kind: 'fixed', reply: { format: 'text', text: '{counter}' } })
    expect(replyText(r.createInstance().frame({ payload: bytes('x') }, ctx))).toBe('{counter}')
    expect(r.bound.fixed).toBe(9)
  })

  it('rules share one counter per peer across their replies, and keep a reply delay', () => {
    const r = createRules({
      kind: 'rules',
      rules: [
        { match: { type: 'exact', payload: { format: 'text', text: 'ping' } }, then: { type: 'reply', payload: { format: 'text', text: 'pong {counter}', macros: true } } },
        { match: { type: 'contains', payload: { format: 'text', text: 'get' } }, then: { type: 'reply', payload: { format: 'text', text: 'value #{counter} {{ok}}', macros: true }, delayMs: 5 } },
        { match: { type: 'exact', payload: { format: 'text', text: 'fixed' } }, then: { type: 'reply', payload: { format: 'text', text: '{counter}' } } }
      ]
    })
    const peer = r.createInstance()
    expect(replyText(peer.frame({ payload: bytes('ping') }, ctx))).toBe('pong 1')
    const got = replies(peer.frame({ payload: bytes('get x') }, ctx))
    expect(new TextDecoder().decode(got[0]!.bytes)).toBe('value #2 {ok}')
    expect(got[0]!.delayMs).toBe(5)
    expect(replyText(peer.frame({ payload: bytes('fixed') }, ctx))).toBe('{counter}')
    expect(replyText(peer.frame({ payload: bytes('ping') }, ctx))).toBe('pong 3')
    expect(replyText(r.createInstance().frame({ payload: bytes('ping') }, ctx))).toBe('pong 1')
  })

  it('refuses a bad template when configured, saying where and at which position', () => {
    const err = thrown(() => createFixed({ kind: 'fixed', reply: { format: 'text', text: 'ok {nope}', macros: true } }))
    expect(err.code).toBe('EINVAL')
    expect(err.message).toBe('the fixed reply: unknown macro {nope} at position 3')
    expect(err.hint).toContain('{counter}')
    const rule = thrown(() =>
      createRules({ kind: 'rules', rules: [{ match: { type: 'exact', payload: { format: 'text', text: 'a' } }, then: { type: 'reply', payload: { format: 'hex', text: '01 {crc16:dec}', macros: true } } }] })
    )
    expect(rule.message).toMatch(/^rule 1's reply: \{crc16:dec\} at position 3 has no form 'dec'/)
  })

  it('refuses macros in a match, which is compared with fixed bytes', () => {
    const err = thrown(() =>
      createRules({ kind: 'rules', rules: [{ match: { type: 'exact', payload: { format: 'text', text: '{counter}', macros: true } }, then: { type: 'close' } }] })
    )
    expect(err.message).toMatch(/^rule 1's match turns macros on/)
  })

  it('a length too big for its form is said as a note and nothing is sent; the counter is not used up', () => {
    const r = createRules({
      kind: 'rules',
      rules: [
        { match: { type: 'exact', payload: { format: 'text', text: 'big' } }, then: { type: 'reply', payload: { format: 'hex', text: '{len}' + ' 00'.repeat(256), macros: true } } },
        { match: { type: 'exact', payload: { format: 'text', text: 'n' } }, then: { type: 'reply', payload: { format: 'text', text: '{counter}', macros: true } } }
      ]
    })
    const peer = r.createInstance()
    const out = peer.frame({ payload: bytes('big') }, ctx)
    expect(replies(out)).toEqual([])
    expect(notes(out)[0]).toMatchObject({ kind: 'error', error: { code: 'EINVAL' } })
    expect((notes(out)[0] as { error: { message: string } }).error.message).toMatch(/256 bytes, more than u8 can hold/)
    expect(replyText(peer.frame({ payload: bytes('n') }, ctx))).toBe('1')
  })
})

function thrown(fn: () => unknown): SocketLabError {
  try {
    fn()
  } catch (err) {
    if (err instanceof SocketLabError) return err
    throw err
  }
  throw new Error('expected a SocketLabError')
}

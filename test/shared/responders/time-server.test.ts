import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { createTimeServer, MAX_DATAGRAM_BYTES } from '../../../src/shared/responders/time-server'
import { fixedClock } from '../../../src/shared/responders/local-time'
import { askPython } from './python-oracle'
import { bytes, NOW_MS, notes, replies, replyBytes, replyText, testContext } from './helpers'

const server = createTimeServer({ kind: 'time' })
const ask = (payload: Uint8Array): ReturnType<ReturnType<typeof server.createInstance>['frame']> => server.createInstance().frame({ payload }, testContext({ transport: 'datagram' }))

describe('time server', () => {
  it("answers an empty datagram in the lesson's %Y-%m-%d %X", () => {
    expect(replyText(ask(new Uint8Array(0)))).toBe('2023-11-15 06:13:20')
  })

  it('answers each datagram with the time in the format it carried', () => {
    expect(replyText(ask(bytes('%Y %m %d')))).toBe('2023 11 15')
    expect(replyText(ask(bytes('%Y年%m月%d日 %A')))).toBe('2023年11月15日 Wednesday')
    expect(replyText(ask(bytes('no directives')))).toBe('no directives')
  })

  it('reads the time from the context at each datagram', () => {
    const instance = server.createInstance()
    const at = (ms: number): string => replyText(instance.frame({ payload: new Uint8Array(0) }, testContext({ clock: fixedClock(ms, 0, 'UTC') })))
    expect(at(0)).toBe('1970-01-01 00:00:00')
    expect(at(NOW_MS)).toBe('2023-11-14 22:13:20')
  })

  it('gives the bytes python3 gives for the same instant, BOM and non-ASCII included', () => {
    const formats = ['', '%Y-%m-%d %X', '%c|%x|%X', '%Y年%m月%d日', '\ufeff%Y', '%a %b %e %H:%M:%S %Z %Y', '%s %z %j %U %W %V %G', '%-d/%_m/%^a', '%Q %']
    const answers = askPython('Asia/Shanghai', formats.map((f) => [NOW_MS / 1000, f || '%Y-%m-%d %X']))
    formats.forEach((f, i) => {
      expect(replies(ask(bytes(f)))[0]!.bytes).toEqual(bytes(answers[i]!.text!))
    })
  })

  it('notes bytes that are not UTF-8 and answers nothing, where the lesson would crash', () => {
    const out = ask(Uint8Array.of(0x25, 0x59, 0xff, 0x25))
    expect(replies(out)).toEqual([])
    expect(notes(out)).toEqual([{ kind: 'error', error: { code: 'EDECODE', message: "the time request is not UTF-8: can't decode byte 0xff in position 2", hint: expect.any(String) } }])
    // A UTF-16 surrogate encoded as UTF-8 is refused by Python's decoder, and here.
    expect(notes(ask(Uint8Array.of(0xed, 0xa0, 0x80)))[0]!.kind).toBe('error')
    // So is a character cut short at the end.
    expect(notes(ask(Uint8Array.of(0x25, 0xe4, 0xbd)))[0]).toMatchObject({ error: { message: expect.stringContaining('position 1') } })
  })

  it('notes a NUL in the format (a ValueError in Python) and answers nothing', () => {
    const out = ask(bytes('%Y\0%m'))
    expect(replies(out)).toEqual([])
    expect(notes(out)[0]).toMatchObject({ kind: 'error', error: { code: 'EINVAL' } })
  })

  it('answers an empty datagram where Python gives an empty string (%65508Y)', () => {
    expect(ask(bytes('%65508Y'))).toEqual([{ type: 'reply', bytes: new Uint8Array(0) }])
  })

  it('refuses to answer more than a datagram carries, in characters or in bytes', () => {
    const long = ask(bytes('%c'.repeat(3000)))
    expect(replies(long)).toEqual([])
    expect(notes(long)[0]).toMatchObject({ error: { code: 'EMSGSIZE', message: expect.stringContaining('a UDP datagram can carry') } })
    // 30,000 characters, 90,000 bytes once encoded.
    expect(notes(ask(bytes('年'.repeat(30_000))))[0]).toMatchObject({ error: { code: 'EMSGSIZE' } })
  })

  it('never replies more than its bound, whatever the request', () => {
    const small = createTimeServer({ kind: 'time', maxReplyBytes: 100 })
    expect(server.bound).toEqual({ perInputByte: 0, fixed: MAX_DATAGRAM_BYTES })
    const formatChars = fc.constantFrom('%', 'c', 'Y', '1', '0', '9', '_', '-', '^', 'a', '年', ' ', 'x')
    fc.assert(
      fc.property(fc.array(formatChars, { maxLength: 300 }), fc.uint8Array({ maxLength: 64 }), (chars, raw) => {
        for (const payload of [bytes(chars.join('')), raw]) {
          const out = small.createInstance().frame({ payload }, testContext())
          expect(replyBytes(out)).toBeLessThanOrEqual(100)
          expect(out).toHaveLength(1)
        }
      })
    )
  })
})

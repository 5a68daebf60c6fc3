import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { createRules, rulesConfig, textForRegex, type RulesConfig } from '../../../src/shared/responders/rules'
import { SocketLabError } from '../../../src/shared/errors'
import { bytes, replyText, testContext } from './helpers'

const text = (t: string): { format: 'text'; text: string } => ({ format: 'text', text: t })
const reply = (t: string, delayMs?: number): RulesConfig['rules'][number]['then'] => (delayMs === undefined ? { type: 'reply', payload: text(t) } : { type: 'reply', payload: text(t), delayMs })

function rules(config: Omit<RulesConfig, 'kind'>): (frame: string | Uint8Array) => ReturnType<ReturnType<ReturnType<typeof createRules>['createInstance']>['frame']> {
  const instance = createRules(rulesConfig.parse({ kind: 'rules', ...config })).createInstance()
  return (frame) => instance.frame({ payload: typeof frame === 'string' ? bytes(frame) : frame }, testContext())
}

function configError(fn: () => unknown): SocketLabError {
  try {
    fn()
  } catch (err) {
    if (err instanceof SocketLabError) return err
    throw err
  }
  throw new Error('expected a configuration error')
}

describe('rules', () => {
  const answer = rules({
    rules: [
      { match: { type: 'exact', payload: text('ping') }, then: reply('pong') },
      { match: { type: 'contains', payload: text('time') }, then: reply('later', 250) },
      { match: { type: 'regex', pattern: '^GET /\\S* HTTP/1\\.[01]', flags: 'i' }, then: reply('HTTP/1.0 200 OK\r\n\r\n') },
      { match: { type: 'hex-prefix', hex: '02 10' }, then: reply('modbus') },
      { match: { type: 'exact', payload: text('quit') }, then: { type: 'close' } },
      { match: { type: 'exact', payload: text('kill') }, then: { type: 'reset' } },
      { match: { type: 'contains', payload: text('ping') }, then: reply('second ping rule') }
    ]
  })

  it('answers by the first rule that matches', () => {
    expect(replyText(answer('ping'))).toBe('pong')
    expect(replyText(answer('ping!'))).toBe('second ping rule')
    expect(answer('what time is it')).toEqual([{ type: 'reply', bytes: bytes('later'), delayMs: 250 }])
    expect(replyText(answer('get /index.html http/1.1\r\n'))).toBe('HTTP/1.0 200 OK\r\n\r\n')
    expect(replyText(answer(Uint8Array.of(0x02, 0x10, 0x00, 0x01)))).toBe('modbus')
    expect(answer('quit')).toEqual([{ type: 'close' }])
    expect(answer('kill')).toEqual([{ type: 'reset' }])
  })

  it('gives nothing to a frame no rule matches, by default', () => {
    expect(answer('nothing matches')).toEqual([])
    expect(answer(new Uint8Array(0))).toEqual([])
    expect(answer(Uint8Array.of(0x02))).toEqual([])
  })

  it('echoes a frame no rule matches when told to', () => {
    const echo = rules({ rules: [{ match: { type: 'exact', payload: text('a') }, then: reply('b') }], otherwise: 'echo' })
    expect(replyText(echo('zzz'))).toBe('zzz')
    expect(replyText(echo('a'))).toBe('b')
  })

  it('matches contains exactly as a byte search would, on adversarial bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 6 }).map((b) => b.map((x) => x & 3)), fc.uint8Array({ maxLength: 60 }).map((b) => b.map((x) => x & 3)), (needle, hay) => {
        const r = rules({ rules: [{ match: { type: 'contains', payload: { format: 'hex', text: Buffer.from(needle).toString('hex') } }, then: reply('y') }] })
        expect(replyText(r(hay)) === 'y').toBe(Buffer.from(hay).includes(Buffer.from(needle)))
      })
    )
  })

  it('finds a needle of a\'s ending in b in a megabyte of a\'s in linear time', () => {
    const needle = 'a'.repeat(4000) + 'b'
    const r = rules({ rules: [{ match: { type: 'contains', payload: text(needle) }, then: reply('y') }] })
    expect(r('a'.repeat(1 << 20))).toEqual([])
    expect(replyText(r('a'.repeat(1 << 20) + 'b'))).toBe('y')
  })

  it('does not hang on (a+)+$ against 10,000 a\'s, nor on a\'s that end in a b', () => {
    const whole = rules({ rules: [{ match: { type: 'regex', pattern: '(a+)+$' }, then: reply('y') }], regexInputBytes: 65536 })
    expect(replyText(whole('a'.repeat(10_000)))).toBe('y')
    expect(whole('a'.repeat(10_000) + 'b')).toEqual([])
    expect(whole('a'.repeat(60_000) + 'b')).toEqual([])
    // With the default limit the regex sees 4096 a's, and a frame cut there reads as ending there.
    const bounded = rules({ rules: [{ match: { type: 'regex', pattern: '(a+)+$' }, then: reply('y') }] })
    expect(replyText(bounded('a'.repeat(10_000)))).toBe('y')
    expect(replyText(bounded('a'.repeat(10_000) + 'b'))).toBe('y')
    expect(bounded('a'.repeat(4095) + 'b')).toEqual([])
  })

  it('lets a regex see only the first regexInputBytes bytes of a frame', () => {
    const r = rules({ rules: [{ match: { type: 'regex', pattern: 'needle' }, then: reply('y') }], regexInputBytes: 64 })
    expect(replyText(r('x'.repeat(58) + 'needle'))).toBe('y')
    expect(r('x'.repeat(59) + 'needle')).toEqual([])
    const fullLength = rules({ rules: [{ match: { type: 'regex', pattern: 'needle$' }, then: reply('y') }] })
    expect(fullLength('x'.repeat(5000) + 'needle')).toEqual([])
    expect(replyText(fullLength('x'.repeat(4090) + 'needle'))).toBe('y')
  })

  it('reads invalid UTF-8 as U+FFFD, and never cuts a character in two at the limit', () => {
    const r = rules({ rules: [{ match: { type: 'regex', pattern: '^a\\x{FFFD}b$' }, then: reply('y') }] })
    expect(replyText(r(Uint8Array.of(0x61, 0xff, 0x62)))).toBe('y')
    // '你' is three bytes: a limit of 4 keeps one whole character and drops the cut one.
    expect(textForRegex(bytes('a你好'), 5)).toBe('a你')
    expect(textForRegex(bytes('a你好'), 4)).toBe('a你')
    expect(textForRegex(bytes('a你好'), 3)).toBe('a')
  })

  it('refuses a bad regex when configured, saying which rule and why', () => {
    const err = configError(() => createRules(rulesConfig.parse({ kind: 'rules', rules: [{ match: { type: 'exact', payload: text('x') }, then: reply('y') }, { match: { type: 'regex', pattern: '(a' }, then: reply('y') }] })))
    expect(err.code).toBe('EINVAL')
    expect(err.message).toBe("rule 2's regex /(a/ is refused: missing closing ): `(a`")
    expect(err.hint).toMatch(/RE2 syntax/)
  })

  it.each([
    ['(a)\\1', /^rule 1's regex \/\(a\)\\1\/ is refused: backreferences \(\\1\) are not supported/],
    ['(?<x>a)\\k<x>', /backreferences \(\\k\) are not supported/],
    ['a(?=b)', /lookahead and lookbehind are not supported/],
    ['a(?!b)', /lookahead and lookbehind are not supported/],
    ['(?<=a)b', /lookahead and lookbehind are not supported/],
    ['(?<!a)b', /lookahead and lookbehind are not supported/],
    ['\\uFFFD', /RE2 writes a code point as \\x\{263A\}/],
    ['a{1001}', /invalid repeat count/],
    ['a**', /invalid nested repetition operator/]
  ])('refuses %s, naming the rule and saying why, with a hint that names what RE2 lacks', (pattern, why) => {
    const err = configError(() => createRules(rulesConfig.parse({ kind: 'rules', rules: [{ match: { type: 'regex', pattern }, then: reply('y') }] })))
    expect(err.code).toBe('EINVAL')
    expect(err.message).toMatch(/^rule 1's regex /)
    expect(err.message).toMatch(why)
    expect(err.hint).toMatch(/no backreferences .* no lookahead or lookbehind/)
  })

  it('refuses flags RE2 does not run, and maps i, m and s', () => {
    expect(configError(() => rules({ rules: [{ match: { type: 'regex', pattern: 'a', flags: 'g' }, then: reply('y') }] })).message).toBe("rule 1's regex /a/g is refused: flag 'g' is not supported")
    expect(configError(() => rules({ rules: [{ match: { type: 'regex', pattern: 'a', flags: 'y' }, then: reply('y') }] })).message).toMatch(/flag 'y'/)
    const flagged = (flags: string, pattern: string, frame: string): boolean => replyText(rules({ rules: [{ match: { type: 'regex', pattern, flags }, then: reply('y') }] })(frame)) === 'y'
    expect([flagged('', 'abc', 'ABC'), flagged('i', 'abc', 'ABC'), flagged('iu', 'é', 'É')]).toEqual([false, true, true])
    expect([flagged('', '^b$', 'a\nb'), flagged('m', '^b$', 'a\nb')]).toEqual([false, true])
    expect([flagged('', 'a.b', 'a\nb'), flagged('s', 'a.b', 'a\nb'), flagged('ims', 'A.B$', 'a\nb\nc')]).toEqual([false, true, true])
  })

  it('keeps each rule\'s flags to its own regex', () => {
    const r = rules({
      rules: [
        { match: { type: 'regex', pattern: 'abc', flags: 'i' }, then: reply('first') },
        { match: { type: 'regex', pattern: 'xyz' }, then: reply('second') },
        { match: { type: 'regex', pattern: '(?i)hello|hi' }, then: reply('third') }
      ]
    })
    expect(replyText(r('ABC'))).toBe('first')
    expect(r('XYZ')).toEqual([])
    expect(replyText(r('xyz'))).toBe('second')
    expect(replyText(r('HI'))).toBe('third')
  })

  it('answers by rule order when several regexes, and other rules between them, match', () => {
    const r = rules({
      rules: [
        { match: { type: 'regex', pattern: '^\\d+$' }, then: reply('digits') },
        { match: { type: 'contains', payload: text('7') }, then: reply('seven') },
        { match: { type: 'regex', pattern: '\\d' }, then: reply('a digit') },
        { match: { type: 'regex', pattern: '' }, then: reply('anything') }
      ]
    })
    expect(replyText(r('123'))).toBe('digits')
    expect(replyText(r('x7'))).toBe('seven')
    expect(replyText(r('x8'))).toBe('a digit')
    expect(replyText(r('x'))).toBe('anything')
    expect(replyText(r(new Uint8Array(0)))).toBe('anything')
  })

  it('refuses regexes that would cost too much per frame, counting all the rules and the bytes they read', () => {
    // \d{1000} compiles to about 1000 instructions; 4000 are allowed at 4096 bytes, 250 at 64 KiB.
    const digits = (n: number, regexInputBytes?: number): RulesConfig => rulesConfig.parse({ kind: 'rules', regexInputBytes, rules: Array.from({ length: n }, () => ({ match: { type: 'regex', pattern: '\\d{1000}' }, then: reply('y') })) })
    expect(createRules(digits(3)).kind).toBe('rules')
    const err = configError(() => createRules(digits(4)))
    expect(err.message).toMatch(/^rule 4's regex .* is refused: with the regexes before it, the rules' regexes compile to \d+ instructions, more than the 4000 allowed when regexes read 4096 bytes of a frame$/)
    expect(err.hint).toMatch(/regexInputBytes/)
    expect(configError(() => createRules(digits(1, 65536))).message).toMatch(/^rule 1's regex .*: it compiles to \d+ instructions, more than the 250 allowed when regexes read 65536 bytes/)
    expect(createRules(digits(15, 1024)).kind).toBe('rules')
  })

  it('refuses bad hex in a prefix and in a reply, naming the rule', () => {
    expect(configError(() => createRules(rulesConfig.parse({ kind: 'rules', rules: [{ match: { type: 'hex-prefix', hex: '0g' }, then: reply('y') }] }))).message).toMatch(/^rule 1's hex prefix: /)
    expect(configError(() => createRules(rulesConfig.parse({ kind: 'rules', rules: [{ match: { type: 'exact', payload: text('x') }, then: { type: 'reply', payload: { format: 'hex', text: 'zz' } } }] }))).message).toMatch(/^rule 1's reply: /)
  })

  it('bounds its output by its largest reply, or by the frame when it echoes', () => {
    expect(createRules(rulesConfig.parse({ kind: 'rules', rules: [{ match: { type: 'exact', payload: text('x') }, then: reply('12345') }, { match: { type: 'exact', payload: text('y') }, then: reply('1') }] })).bound).toEqual({ perInputByte: 0, fixed: 5 })
    expect(createRules(rulesConfig.parse({ kind: 'rules', rules: [], otherwise: 'echo' })).bound).toEqual({ perInputByte: 1, fixed: 0 })
  })
})

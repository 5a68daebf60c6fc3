// Rules fed frames built to hurt: huge ones, invalid UTF-8, 64 KiB of 'a' against (a|aa)*b,
// hex prefixes at their edges, empty payloads, a hundred rules. The cost per frame is bounded by
// construction (one RE2 set pass over at most regexInputBytes), so these assert on that work and
// on the limits, never on time: every frame gets at most one rule's actions, and nothing throws.
import fc from 'fast-check'
import { RE2Set } from 're2js'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { SocketLabError } from '../../../src/shared/errors'
import { ResponderSession } from '../../../src/shared/responders/session'
import { createRules, MAX_REGEX_INPUT_BYTES, MAX_RULES, rulesConfig, type RulesConfig } from '../../../src/shared/responders/rules'
import { bytes, replies, replyText, testContext } from './helpers'

const text = (t: string): { format: 'text'; text: string } => ({ format: 'text', text: t })
const reply = (t: string): RulesConfig['rules'][number]['then'] => ({ type: 'reply', payload: text(t) })

function session(config: Omit<RulesConfig, 'kind'>): (frame: Uint8Array | string) => ReturnType<ResponderSession['frame']> {
  const s = new ResponderSession(createRules(rulesConfig.parse({ kind: 'rules', ...config })), testContext())
  return (frame) => s.frame({ payload: typeof frame === 'string' ? bytes(frame) : frame })
}

function refused(config: unknown): SocketLabError {
  try {
    createRules(rulesConfig.parse(config))
  } catch (err) {
    if (err instanceof SocketLabError) return err
    throw err
  }
  throw new Error('expected the rules to be refused')
}

afterEach(() => {
  vi.restoreAllMocks()
})

/** A hundred rules of every kind, each replying with its own number. */
function hundredRules(): RulesConfig['rules'] {
  const kinds = [
    (i: number) => ({ type: 'regex' as const, pattern: `^cmd${i}\\b` }),
    (i: number) => ({ type: 'exact' as const, payload: text(`exact${i}`) }),
    (i: number) => ({ type: 'contains' as const, payload: text(`needle${i}`) }),
    (i: number) => ({ type: 'hex-prefix' as const, hex: (0x80 + (i % 0x7f)).toString(16) + 'ff' })
  ]
  return Array.from({ length: MAX_RULES }, (_, i) => ({ match: kinds[i % kinds.length]!(i), then: reply(`r${i}`) }))
}

describe('rules against adversarial frames', () => {
  it('64 KiB of a against (a|aa)*b and (a+)+$: one set pass per frame, no match, no hang', () => {
    const match = vi.spyOn(RE2Set.prototype, 'match')
    const answer = session({ rules: [{ match: { type: 'regex', pattern: '(a|aa)*b' }, then: reply('b') }, { match: { type: 'regex', pattern: '(a+)+c$' }, then: reply('c') }], regexInputBytes: MAX_REGEX_INPUT_BYTES })
    const frame = new Uint8Array(MAX_REGEX_INPUT_BYTES).fill(0x61)
    for (let i = 0; i < 3; i++) expect(answer(frame)).toEqual([])
    expect(match).toHaveBeenCalledTimes(3)
    // The text a regex reads is bounded by regexInputBytes, however large the frame.
    const huge = new Uint8Array(8 * 1024 * 1024).fill(0x61)
    huge[huge.length - 1] = 0x62
    expect(answer(huge)).toEqual([])
    expect(match).toHaveBeenCalledTimes(4)
    expect((match.mock.calls[3]![0] as string).length).toBe(MAX_REGEX_INPUT_BYTES)
  })

  it('a hundred rules of every kind: random frames, invalid UTF-8 included, get at most one rule, with one set pass', () => {
    const match = vi.spyOn(RE2Set.prototype, 'match')
    const answer = session({ rules: hundredRules(), otherwise: 'echo' })
    const frame = fc.oneof(
      fc.uint8Array({ maxLength: 256 }),
      fc.uint8Array({ minLength: 4000, maxLength: 4200 }),
      fc.constantFrom(bytes('cmd7 x'), bytes('exact1'), bytes('xx needle2 yy'), Uint8Array.of(0x83, 0xff, 0), Uint8Array.of(0xc3), Uint8Array.of(0xed, 0xa0, 0x80), new Uint8Array(0))
    )
    let frames = 0
    fc.assert(
      fc.property(frame, (payload) => {
        frames++
        const actions = answer(payload)
        const got = replies(actions)
        expect(actions.filter((a) => a.type === 'note')).toEqual([])
        expect(got.length).toBeLessThanOrEqual(1)
        if (got.length === 1) {
          const said = new TextDecoder().decode(got[0]!.bytes)
          // A rule's own reply, or the frame itself echoed.
          if (!/^r\d+$/.test(said)) expect(got[0]!.bytes).toEqual(payload)
        }
      }),
      { numRuns: 200 }
    )
    // One pass of the set per frame at most, never one per regex rule.
    expect(match.mock.calls.length).toBeLessThanOrEqual(frames)
    expect(replyText(answer('cmd8 go'))).toBe('r8')
    expect(replyText(answer('cmd9 go'))).toBe('cmd9 go')
  })

  it('hex prefixes at their edges: case, spaces, odd digits, a prefix longer than the frame', () => {
    const prefixed = (hex: string) => session({ rules: [{ match: { type: 'hex-prefix', hex }, then: reply('y') }] })
    expect(replyText(prefixed('DE ad')(Uint8Array.of(0xde, 0xad, 1)))).toBe('y')
    expect(replyText(prefixed('dead')(Uint8Array.of(0xde)))).toBe('')
    expect(replyText(prefixed('00')(Uint8Array.of(0)))).toBe('y')
    expect(replyText(prefixed('ff'.repeat(2048))(new Uint8Array(2047).fill(0xff)))).toBe('')
    expect(replyText(prefixed('ff'.repeat(2048))(new Uint8Array(2048).fill(0xff)))).toBe('y')
    expect(replyText(prefixed('0xde')(Uint8Array.of(0xde)))).toBe('y')
    for (const hex of ['abc', 'zz', 'd e', '\u0661\u0662']) {
      const err = refused({ kind: 'rules', rules: [{ match: { type: 'hex-prefix', hex }, then: reply('y') }] })
      expect(err.message, hex).toMatch(/rule 1's hex prefix/)
      expect(err.hint.length).toBeGreaterThan(0)
    }
    expect(() => rulesConfig.parse({ kind: 'rules', rules: [{ match: { type: 'hex-prefix', hex: 'f'.repeat(4097) }, then: reply('y') }] })).toThrow()
  })

  it('an empty hex prefix or contains matches every frame, the empty one too; an empty exact only the empty frame', () => {
    const every = session({ rules: [{ match: { type: 'hex-prefix', hex: '' }, then: reply('h') }] })
    expect(replyText(every(Uint8Array.of(1)))).toBe('h')
    expect(replyText(every(new Uint8Array(0)))).toBe('h')
    const contains = session({ rules: [{ match: { type: 'contains', payload: text('') }, then: reply('c') }] })
    expect(replyText(contains(new Uint8Array(0)))).toBe('c')
    expect(replyText(contains(new Uint8Array(100_000)))).toBe('c')
    const exact = session({ rules: [{ match: { type: 'exact', payload: text('') }, then: reply('e') }] })
    expect(replyText(exact(new Uint8Array(0)))).toBe('e')
    expect(replyText(exact(Uint8Array.of(0)))).toBe('')
  })

  it('contains searches in linear time: a needle of 4096 a then b in a megabyte of a', () => {
    const needle = 'a'.repeat(4096) + 'b'
    const answer = session({ rules: [{ match: { type: 'contains', payload: text(needle) }, then: reply('y') }] })
    const hay = new Uint8Array(1024 * 1024).fill(0x61)
    expect(replyText(answer(hay))).toBe('')
    hay[hay.length - 1] = 0x62
    expect(replyText(answer(hay))).toBe('y')
  })

  it('the work a rules list may cost per frame is capped when configured: more patterns at 64 KiB are refused', () => {
    const many = Array.from({ length: MAX_RULES }, (_, i) => ({ match: { type: 'regex' as const, pattern: `[a-z]{1,20}x${i}` }, then: reply('y') }))
    const err = refused({ kind: 'rules', rules: many, regexInputBytes: MAX_REGEX_INPUT_BYTES })
    expect(err.code).toBe('EINVAL')
    expect(err.hint).toMatch(/regexInputBytes|fewer|smaller/i)
    // The same list reading the default 4096 bytes may still be too big; a short list is taken.
    expect(() => createRules(rulesConfig.parse({ kind: 'rules', rules: many.slice(0, 3), regexInputBytes: MAX_REGEX_INPUT_BYTES }))).not.toThrow()
  })
})

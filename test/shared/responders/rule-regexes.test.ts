import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { compileRuleRegexes, type RuleRegex } from '../../../src/shared/responders/rule-regexes'

const regexes = (specs: (string | Omit<RuleRegex, 'where'>)[], inputBytes = 65536): ((text: string) => number[]) => {
  const match = compileRuleRegexes(
    specs.map((s, i) => (typeof s === 'string' ? { pattern: s, where: `rule ${i + 1}` } : { ...s, where: `rule ${i + 1}` })),
    inputBytes
  )
  return (text) => [...match(text)].sort((a, b) => a - b)
}
const matches = (pattern: string, text: string, flags?: string): boolean => regexes([{ pattern, flags }])(text).length === 1

// Pieces whose meaning RE2 and JavaScript (with the u flag) agree on, over texts that stay clear of
// where they differ: JavaScript's \s, . and m's line ends also know \r, U+2028 and the like, and
// its \w and \b under i take in ſ and K (the Kelvin sign). JavaScript's backtracking is quick on
// texts this short, so it can say what the answer should be.
const atom = fc.constantFrom('a', 'b', 'A', '.', '\\d', '\\w', '\\s', '\\W', '[ab]', '[^a]', '[a-c]', '\\n', ' ', '1', 'é', '😀', '[\\d\\s]', '\\x61', '[é-ê]')
const piece: fc.Arbitrary<string> = fc.letrec<{ p: string }>((tie) => ({
  p: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atom,
    atom,
    fc.tuple(tie('p'), fc.constantFrom('*', '+', '?', '{2}', '{1,3}', '{0,}', '*?', '+?', '{2,}')).map(([p, q]) => `(?:${p})${q}`),
    fc.tuple(tie('p'), tie('p')).map(([a, b]) => `${a}${b}`),
    fc.tuple(tie('p'), tie('p')).map(([a, b]) => `(?:${a}|${b})`),
    fc.tuple(tie('p')).map(([a]) => `(${a})`),
    fc.constantFrom('^', '$', '\\b', '\\B')
  )
})).p
const text = fc.array(fc.constantFrom('a', 'b', 'A', 'B', '1', ' ', '\n', 'é', 'É', '😀', '_', '-'), { maxLength: 12 }).map((cs) => cs.join(''))

describe('compileRuleRegexes', () => {
  it.each(['', 'i', 'm', 's', 'im', 'is', 'ms'])('agrees with JavaScript RegExp (flags "%s") on which of several patterns match a text', (flags) => {
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 4 }), text, (patterns, input) => {
        // V8 lets \b and \B look between the halves of a surrogate pair even with the u flag,
        // where the standard (and RE2) sees one code point.
        fc.pre(!patterns.some((p) => /\\[bB]/.test(p)) || !/[\u{10000}-\u{10FFFF}]/u.test(input))
        const native = patterns.flatMap((p, i) => (new RegExp(p, flags + 'u').test(input) ? [i] : []))
        expect(regexes(patterns.map((pattern) => ({ pattern, flags })))(input)).toEqual(native)
      }),
      { numRuns: 400 }
    )
  })

  it('answers (a+)+$ and other patterns that stall a backtracking engine, on long texts', () => {
    expect(matches('(a+)+$', 'a'.repeat(10_000))).toBe(true)
    // The classic catastrophic case for a backtracking engine: 2^n ways to fail.
    expect(matches('(a+)+$', 'a'.repeat(10_000) + 'b')).toBe(false)
    expect(matches('(a+)+$', 'a'.repeat(60_000) + 'b')).toBe(false)
    expect(matches('^(a|a)*$', 'a'.repeat(10_000) + 'b')).toBe(false)
    expect(matches('^(a|aa)+$', 'a'.repeat(10_000) + 'b')).toBe(false)
    expect(matches('(x+x+)+y', 'x'.repeat(5000))).toBe(false)
    expect(matches('(.*a){20}', 'a'.repeat(3000))).toBe(true)
    expect(matches('(.*a){20}', 'b'.repeat(60_000))).toBe(false)
  })

  it('handles loops that match nothing without spinning', () => {
    expect(matches('(a*)*b', 'aaaa')).toBe(false)
    expect(matches('(a*)*b', 'aaab')).toBe(true)
    expect(matches('(|a)+$', 'aab')).toBe(true)
    expect(matches('(?:$|^)*x', 'yx')).toBe(true)
  })

  it('reads RE2 syntax: code points, classes, named groups, inline flags', () => {
    expect(matches('^[\\x{4e00}-\\x{9fff}]+$', '你好')).toBe(true)
    expect(matches('^[\\x{4e00}-\\x{9fff}]+$', '你好!')).toBe(false)
    expect(matches('^\\p{Han}+$', '你好')).toBe(true)
    expect(matches('^\\x{1F600}$', '😀')).toBe(true)
    expect(matches('^.$', '😀')).toBe(true)
    expect(matches('^[a\\-z]$', '-')).toBe(true)
    expect(matches('^[[:digit:]]+$', '0123')).toBe(true)
    expect(matches('^(?P<word>\\w+)$', 'hello')).toBe(true)
    expect(matches('^(?<word>\\w+)$', 'hello')).toBe(true)
    expect(matches('(?i)^abc$', 'ABC')).toBe(true)
    expect(matches('\\Qa.b\\E', 'axb')).toBe(false)
    // RE2's \w and \b are ASCII.
    expect(matches('^\\w$', 'é')).toBe(false)
  })

  it('keeps apart patterns that share a set: each index answers for its own', () => {
    const m = regexes(['^a', { pattern: 'B', flags: 'i' }, 'b$', '', '(?s)x.y'])
    expect(m('ab')).toEqual([0, 1, 2, 3])
    expect(m('Ba')).toEqual([1, 3])
    expect(m('x\ny')).toEqual([3, 4])
    expect(m('')).toEqual([3])
  })

  it('allows work in proportion to the bytes read', () => {
    expect(() => regexes(['\\d{990}'], 4096 * 4)).not.toThrow()
    expect(() => regexes(['\\d{1000}'], 4096 * 4)).toThrow(/it compiles to 1002 instructions, more than the 1000 allowed when regexes read 16384 bytes/)
  })
})

import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { compileSafeRegex, MAX_STATES, RegexError } from '../../../src/shared/responders/regex'

function regexError(fn: () => unknown): RegexError {
  try {
    fn()
  } catch (err) {
    if (err instanceof RegexError) return err
    throw err
  }
  throw new Error('expected a RegexError')
}

// Patterns built from pieces whose meaning JavaScript's own engine defines; on short texts its
// backtracking is quick, so it can say what the answer should be.
const atom = fc.constantFrom('a', 'b', 'A', '.', '\\d', '\\w', '\\s', '\\W', '[ab]', '[^a]', '[a-c]', '\\n', ' ', '1', 'é', '😀', '[\\d\\s]', '\\x61', '\\u{1F600}')
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

describe('compileSafeRegex', () => {
  it.each(['', 'i', 'm', 's', 'im', 'is'])('agrees with JavaScript RegExp (flags "%s") on whether a text matches', (flags) => {
    fc.assert(
      fc.property(piece, text, (pattern, input) => {
        // V8 lets \b and \B look between the halves of a surrogate pair even with the u flag,
        // where the standard (and this matcher) sees one code point.
        fc.pre(!/\\[bB]/.test(pattern) || !/[\u{10000}-\u{10FFFF}]/u.test(input))
        const native = new RegExp(pattern, flags + 'u').test(input)
        expect(compileSafeRegex(pattern, flags).test(input)).toBe(native)
      }),
      { numRuns: 600 }
    )
  })

  it('answers (a+)+$ against 10,000 a\'s, and against a\'s that end in b, in linear time', () => {
    const re = compileSafeRegex('(a+)+$')
    expect(re.test('a'.repeat(10_000))).toBe(true)
    // The classic catastrophic case for a backtracking engine: 2^n ways to fail.
    expect(re.test('a'.repeat(10_000) + 'b')).toBe(false)
    expect(compileSafeRegex('^(a|a)*$').test('a'.repeat(10_000) + 'b')).toBe(false)
    expect(compileSafeRegex('(x+x+)+y').test('x'.repeat(5000))).toBe(false)
    expect(compileSafeRegex('(.*a){20}').test('a'.repeat(3000))).toBe(true)
  })

  it('does not let $ match where a truncated text was cut', () => {
    expect(compileSafeRegex('a$').test('a', true)).toBe(false)
    expect(compileSafeRegex('a$').test('a', false)).toBe(true)
    expect(compileSafeRegex('a$', 'm').test('a\nb', true)).toBe(true)
    expect(compileSafeRegex('^a').test('a', true)).toBe(true)
  })

  it('handles loops that match nothing without spinning', () => {
    expect(compileSafeRegex('(a*)*b').test('aaaa')).toBe(false)
    expect(compileSafeRegex('(a*)*b').test('aaab')).toBe(true)
    expect(compileSafeRegex('(|a)+$').test('aab')).toBe(true)
    expect(compileSafeRegex('(?:$|^)*x').test('yx')).toBe(true)
  })

  it('refuses a syntax error with the message JavaScript gives', () => {
    const err = regexError(() => compileSafeRegex('(a'))
    expect(err.message).toMatch(/Unterminated group/)
    expect(err.hint).toMatch(/u flag/)
  })

  it.each([
    ['(a)\\1', /backreferences \(\\1\)/],
    ['(?<x>a)\\k<x>', /backreferences \(\\k<name>\)/],
    ['a(?=b)', /lookahead and lookbehind/],
    ['(?<!a)b', /lookahead and lookbehind/],
    ['\\p{L}', /Unicode property escapes/],
    ['a{1001}', /more than 1000/],
    ['a{2,5000}', /more than 1000/]
  ])('refuses %s and says why', (pattern, why) => {
    expect(regexError(() => compileSafeRegex(pattern)).message).toMatch(why)
  })

  it('refuses a pattern that compiles to too many states', () => {
    const err = regexError(() => compileSafeRegex('(a{1000}){3}'))
    expect(err.message).toContain(`more than ${MAX_STATES} states`)
  })

  it('refuses flags it does not run', () => {
    expect(regexError(() => compileSafeRegex('a', 'g')).message).toMatch(/flag 'g'/)
    expect(regexError(() => compileSafeRegex('a', 'y')).message).toMatch(/flag 'y'/)
  })

  it('reads a class range, escapes in classes and a surrogate pair written as two escapes', () => {
    expect(compileSafeRegex('^[\\u4e00-\\u9fff]+$').test('你好')).toBe(true)
    expect(compileSafeRegex('^[\\u4e00-\\u9fff]+$').test('你好!')).toBe(false)
    expect(compileSafeRegex('[\\b]').test('\b')).toBe(true)
    expect(compileSafeRegex('^\\uD83D\\uDE00$').test('😀')).toBe(true)
    expect(compileSafeRegex('^[a\\-z]$').test('-')).toBe(true)
    expect(compileSafeRegex('\\cJ').test('\n')).toBe(true)
    expect(compileSafeRegex('^(?<word>\\w+)$').test('hello')).toBe(true)
  })
})

// A parser for the part of JavaScript's regular expression syntax (as with the `u` flag) that a
// linear-time matcher can run: no backreferences, no lookaround. The source has already compiled
// as a RegExp, so this one only has to understand valid patterns and name what it does not run.
import { ANY, DIGIT, LINE_TERMINATOR, SPACE, WORD, charSet, complement, single, union, type CharSet } from './char-set'

export type RegexNode =
  | { type: 'empty' }
  /** `negated`: a [^...] class, which under ignore-case excludes every case form of its members. */
  | { type: 'char'; set: CharSet; negated?: boolean }
  | { type: 'seq'; items: RegexNode[] }
  | { type: 'alt'; options: RegexNode[] }
  | { type: 'repeat'; node: RegexNode; min: number; max: number }
  | { type: 'assert'; kind: 'bol' | 'eol' | 'word' | 'not-word' }

export class UnsupportedRegex extends Error {
  constructor(
    message: string,
    readonly hint: string
  ) {
    super(message)
  }
}

/** Largest count a {n,m} may give: each counted copy is compiled separately. */
export const MAX_REPEAT = 1000

const SYNTAX_CHARS = new Set('^$\\.*+?()[]{}|/'.split(''))

export function parseRegex(source: string, dotAll: boolean): RegexNode {
  return new Parser(Array.from(source), dotAll).parse()
}

class Parser {
  private pos = 0

  constructor(
    private readonly src: string[],
    private readonly dotAll: boolean
  ) {}

  parse(): RegexNode {
    const node = this.disjunction()
    if (this.pos < this.src.length) throw new UnsupportedRegex(`unexpected '${this.peek()}' at position ${this.pos}`, 'Check the brackets and parentheses.')
    return node
  }

  private peek(offset = 0): string | undefined {
    return this.src[this.pos + offset]
  }

  private eat(s: string): boolean {
    if (this.peek() !== s) return false
    this.pos++
    return true
  }

  private disjunction(): RegexNode {
    const options = [this.alternative()]
    while (this.eat('|')) options.push(this.alternative())
    return options.length === 1 ? options[0]! : { type: 'alt', options }
  }

  private alternative(): RegexNode {
    const items: RegexNode[] = []
    while (this.pos < this.src.length && this.peek() !== '|' && this.peek() !== ')') items.push(this.term())
    if (items.length === 0) return { type: 'empty' }
    return items.length === 1 ? items[0]! : { type: 'seq', items }
  }

  private term(): RegexNode {
    const c = this.peek()
    if (c === '^' || c === '$') {
      this.pos++
      return { type: 'assert', kind: c === '^' ? 'bol' : 'eol' }
    }
    if (c === '\\' && (this.peek(1) === 'b' || this.peek(1) === 'B')) {
      this.pos += 2
      return { type: 'assert', kind: this.src[this.pos - 1] === 'b' ? 'word' : 'not-word' }
    }
    const atom = this.atom()
    return this.quantified(atom)
  }

  private quantified(node: RegexNode): RegexNode {
    let min: number
    let max: number
    const c = this.peek()
    if (c === '*') [min, max] = [0, Infinity]
    else if (c === '+') [min, max] = [1, Infinity]
    else if (c === '?') [min, max] = [0, 1]
    else if (c === '{') {
      const counted = this.counted()
      if (!counted) return node
      ;[min, max] = counted
    } else return node
    if (c !== '{') this.pos++
    // Lazy or greedy makes no difference to whether a match exists.
    this.eat('?')
    if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) {
      throw new UnsupportedRegex(`a count of ${max === Infinity ? min : max} is more than ${MAX_REPEAT}`, `Counted repeats are compiled copy by copy; use at most {${MAX_REPEAT}}, or + and * for "many".`)
    }
    return { type: 'repeat', node, min, max }
  }

  /** {n}, {n,} or {n,m} at the cursor (consumed), or null when the brace is not a quantifier. */
  private counted(): [number, number] | null {
    const rest = this.src.slice(this.pos, this.pos + 40).join('')
    const m = /^\{(\d+)(,(\d*))?\}/.exec(rest)
    if (!m) return null
    this.pos += Array.from(m[0]).length
    const min = Number(m[1])
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3])
    return [min, max]
  }

  private atom(): RegexNode {
    const c = this.peek()!
    this.pos++
    switch (c) {
      case '.':
        return { type: 'char', set: this.dotAll ? ANY : complement(LINE_TERMINATOR) }
      case '[':
        return this.charClass()
      case '(':
        return this.group()
      case '\\':
        return { type: 'char', set: this.escape(false) }
      default:
        return { type: 'char', set: single(c.codePointAt(0)!) }
    }
  }

  private group(): RegexNode {
    if (this.eat('?')) {
      if (this.eat(':')) return this.closeGroup()
      if (this.peek() === '<' && this.peek(1) !== '=' && this.peek(1) !== '!') {
        // A named group: the name matters only to backreferences, which are refused.
        while (this.pos < this.src.length && this.peek() !== '>') this.pos++
        this.pos++
        return this.closeGroup()
      }
      throw new UnsupportedRegex('lookahead and lookbehind ((?=, (?!, (?<=, (?<!) are not supported', 'Match the text itself instead; the matcher runs in linear time and cannot look around.')
    }
    return this.closeGroup()
  }

  private closeGroup(): RegexNode {
    const inner = this.disjunction()
    if (!this.eat(')')) throw new UnsupportedRegex('a group is not closed', 'Add the missing )')
    return inner
  }

  private charClass(): RegexNode {
    const negated = this.eat('^')
    const ranges: CharSet[] = []
    while (this.peek() !== ']') {
      if (this.pos >= this.src.length) throw new UnsupportedRegex('a character class is not closed', 'Add the missing ]')
      const lo = this.classAtom()
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.pos++
        const hi = this.classAtom()
        if (lo.length !== 2 || lo[0] !== lo[1] || hi.length !== 2 || hi[0] !== hi[1]) {
          throw new UnsupportedRegex('a class range must go from one character to another', 'Write \\d, \\w or \\s outside the range.')
        }
        ranges.push(charSet([[lo[0]!, hi[0]!]]))
      } else {
        ranges.push(lo)
      }
    }
    this.pos++
    return { type: 'char', set: union(...ranges), negated }
  }

  private classAtom(): CharSet {
    const c = this.peek()!
    this.pos++
    if (c === '\\') return this.escape(true)
    return single(c.codePointAt(0)!)
  }

  /** After a backslash. */
  private escape(inClass: boolean): CharSet {
    const c = this.peek()
    if (c === undefined) throw new UnsupportedRegex('the pattern ends with a backslash', 'Escape it as \\\\.')
    this.pos++
    switch (c) {
      case 'd':
        return DIGIT
      case 'D':
        return complement(DIGIT)
      case 'w':
        return WORD
      case 'W':
        return complement(WORD)
      case 's':
        return SPACE
      case 'S':
        return complement(SPACE)
      case 't':
        return single(0x09)
      case 'n':
        return single(0x0a)
      case 'v':
        return single(0x0b)
      case 'f':
        return single(0x0c)
      case 'r':
        return single(0x0d)
      case 'b':
        // Only reached inside a class, where \b is the backspace character.
        return single(0x08)
      case '-':
        return single(0x2d)
      case 'c': {
        const letter = this.peek()!
        this.pos++
        return single(letter.codePointAt(0)! % 32)
      }
      case '0':
        return single(0)
      case 'x':
        return single(this.hex(2))
      case 'u':
        return single(this.unicodeEscape())
      case 'p':
      case 'P':
        throw new UnsupportedRegex(`Unicode property escapes (\\${c}{...}) are not supported`, 'Write the characters as a class, e.g. [\\u4e00-\\u9fff] for common CJK ideographs.')
      case 'k':
        throw new UnsupportedRegex('backreferences (\\k<name>) are not supported', 'A backreference needs backtracking; the matcher runs in linear time without it.')
      default:
        if (c >= '1' && c <= '9') throw new UnsupportedRegex(`backreferences (\\${c}) are not supported`, 'A backreference needs backtracking; the matcher runs in linear time without it.')
        if (SYNTAX_CHARS.has(c) || (inClass && c === '-')) return single(c.codePointAt(0)!)
        throw new UnsupportedRegex(`unknown escape \\${c}`, 'Escape only the characters regular expressions use themselves.')
    }
  }

  private hex(n: number): number {
    const digits = this.src.slice(this.pos, this.pos + n).join('')
    this.pos += n
    return parseInt(digits, 16)
  }

  private unicodeEscape(): number {
    if (this.eat('{')) {
      let digits = ''
      while (this.peek() !== '}') digits += this.src[this.pos++]
      this.pos++
      return parseInt(digits, 16)
    }
    const first = this.hex(4)
    // A surrogate pair written as two escapes is one code point, as with the u flag.
    if (first >= 0xd800 && first <= 0xdbff && this.peek() === '\\' && this.peek(1) === 'u') {
      const digits = this.src.slice(this.pos + 2, this.pos + 6).join('')
      const second = /^[0-9a-fA-F]{4}$/.test(digits) ? parseInt(digits, 16) : -1
      if (second >= 0xdc00 && second <= 0xdfff) {
        this.pos += 6
        return 0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00)
      }
    }
    return first
  }
}

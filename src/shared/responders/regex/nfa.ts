// Thompson's construction and simulation: the pattern becomes a graph of states, and the text is
// read once while the set of states it could be in is carried along. Time is at most the text's
// length times the number of states, whatever the pattern, so `(a+)+$` cannot backtrack for ages.
// It answers only whether a match exists, which is all a rule needs.
import { has, LINE_TERMINATOR, WORD, type CharSet } from './char-set'
import { UnsupportedRegex, type RegexNode } from './parse'

const CHAR = 0
const SPLIT = 1
const ASSERT = 2
const MATCH = 3

type AssertKind = 'bol' | 'eol' | 'word' | 'not-word'

interface State {
  op: number
  set?: CharSet
  negated?: boolean
  kind?: AssertKind
  /** CHAR, ASSERT: the state after; SPLIT: the first way. */
  next: number
  /** SPLIT: the second way. */
  alt: number
}

/** Most states a pattern may compile to: bounds the work per character of text. */
export const MAX_STATES = 2000

export interface MatchOptions {
  ignoreCase: boolean
  multiline: boolean
}

export class LinearMatcher {
  private readonly states: State[] = []
  private readonly start: number
  private readonly mark: Int32Array
  private generation = 0
  private truncated = false

  constructor(
    root: RegexNode,
    private readonly options: MatchOptions
  ) {
    const match = this.add({ op: MATCH, next: -1, alt: -1 })
    this.start = this.compile(root, match)
    this.mark = new Int32Array(this.states.length)
  }

  get size(): number {
    return this.states.length
  }

  private add(state: State): number {
    if (this.states.length >= MAX_STATES) {
      throw new UnsupportedRegex(`the pattern compiles to more than ${MAX_STATES} states`, 'Use smaller counted repeats ({n,m}) or fewer alternatives.')
    }
    this.states.push(state)
    return this.states.length - 1
  }

  /** Compiles `node` so that it continues at `next`; returns its first state. Built back to front. */
  private compile(node: RegexNode, next: number): number {
    switch (node.type) {
      case 'empty':
        return next
      case 'char':
        return this.add({ op: CHAR, set: node.set, negated: node.negated === true, next, alt: -1 })
      case 'assert':
        return this.add({ op: ASSERT, kind: node.kind, next, alt: -1 })
      case 'seq': {
        let at = next
        for (let i = node.items.length - 1; i >= 0; i--) at = this.compile(node.items[i]!, at)
        return at
      }
      case 'alt': {
        const starts = node.options.map((o) => this.compile(o, next))
        let at = starts[starts.length - 1]!
        for (let i = starts.length - 2; i >= 0; i--) at = this.add({ op: SPLIT, next: starts[i]!, alt: at })
        return at
      }
      case 'repeat': {
        let tail: number
        if (node.max === Infinity) {
          const loop = this.add({ op: SPLIT, next: -1, alt: next })
          this.states[loop]!.next = this.compile(node.node, loop)
          tail = loop
        } else {
          tail = next
          for (let i = node.min; i < node.max; i++) tail = this.add({ op: SPLIT, next: this.compile(node.node, tail), alt: next })
        }
        for (let i = 0; i < node.min; i++) tail = this.compile(node.node, tail)
        return tail
      }
    }
  }

  /**
   * Whether the pattern matches anywhere in `text` (code points). `truncated`: the text is the
   * start of a longer one, so `$` does not match where it was cut.
   */
  test(text: readonly number[], truncated = false): boolean {
    this.truncated = truncated
    let current: number[] = []
    if (this.follow(this.start, text, 0, current)) return true
    for (let pos = 0; pos < text.length; pos++) {
      const c = text[pos]!
      const next: number[] = []
      this.generation++
      for (const s of current) {
        const state = this.states[s]!
        if (this.matchesChar(state.set!, c) !== state.negated && this.follow(state.next, text, pos + 1, next, false)) return true
      }
      // A match may also start at any later position.
      if (this.follow(this.start, text, pos + 1, next, false)) return true
      current = next
    }
    return false
  }

  /**
   * Adds the CHAR states reachable from `from` without reading (through splits and assertions
   * that hold at `pos`) to `into`; true when MATCH is reachable. Iterative: long chains of
   * counted copies must not overflow the stack.
   */
  private follow(from: number, text: readonly number[], pos: number, into: number[], fresh = true): boolean {
    if (fresh) this.generation++
    const stack = [from]
    while (stack.length > 0) {
      const s = stack.pop()!
      if (this.mark[s] === this.generation) continue
      this.mark[s] = this.generation
      const state = this.states[s]!
      switch (state.op) {
        case MATCH:
          return true
        case CHAR:
          into.push(s)
          break
        case SPLIT:
          stack.push(state.alt, state.next)
          break
        case ASSERT:
          if (this.holds(state.kind!, text, pos)) stack.push(state.next)
          break
      }
    }
    return false
  }

  private holds(kind: AssertKind, text: readonly number[], pos: number): boolean {
    const before = pos > 0 ? text[pos - 1] : undefined
    const after = pos < text.length ? text[pos] : undefined
    switch (kind) {
      case 'bol':
        return before === undefined || (this.options.multiline && has(LINE_TERMINATOR, before))
      case 'eol':
        return after === undefined ? !this.truncated : this.options.multiline && has(LINE_TERMINATOR, after)
      case 'word':
      case 'not-word': {
        const boundary = this.isWord(before) !== this.isWord(after)
        return kind === 'word' ? boundary : !boundary
      }
    }
  }

  private isWord(c: number | undefined): boolean {
    return c !== undefined && has(WORD, c)
  }

  /** Whether `c` (or, ignoring case, one of its case forms) is in `set`. */
  private matchesChar(set: CharSet, c: number): boolean {
    if (has(set, c)) return true
    if (!this.options.ignoreCase) return false
    // Case-insensitive: the character's simple lower and upper case forms count too.
    const s = String.fromCodePoint(c)
    const lower = singleCodePoint(s.toLowerCase())
    const upper = singleCodePoint(s.toUpperCase())
    return (lower !== undefined && has(set, lower)) || (upper !== undefined && has(set, upper))
  }
}

/** The code point a string holds when it holds exactly one. */
function singleCodePoint(s: string): number | undefined {
  const c = s.codePointAt(0)
  return c !== undefined && s.length === (c > 0xffff ? 2 : 1) ? c : undefined
}

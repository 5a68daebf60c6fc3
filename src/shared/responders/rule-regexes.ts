// The regexes of a rules list, compiled once into one RE2 set (re2js, a port of Google's RE2).
// RE2 matches in time linear in the text whatever the pattern, so no pattern and no frame can
// stall the process the way (a+)+$ stalls a backtracking engine; the price is that it has no
// backreferences and no lookaround. One set answers every regex rule in a single pass over the
// frame's text, and its DFA cache has a fixed memory budget, so a frame built to grow the cache
// cannot make the responder hold more than that.
import { RE2JS, RE2JSException, RE2JSSyntaxException, RE2Set } from 're2js'
import { configError } from './errors'

/**
 * The most work one frame may cost: the instructions all the regexes of a rules list compile to,
 * times the bytes of text they read. When RE2's DFA gives up on a text built to defeat it, its NFA
 * takes about that many steps: half a second or so on a laptop. 4000 instructions at the default
 * 4096 bytes (a hundred rules of 40: typical patterns compile to 10 to 30), 250 at 64 KiB.
 */
export const MAX_REGEX_WORK = 4000 * 4096
/** Bytes the set's DFA may use for its state cache, RE2's own default; past it RE2 clears the cache or runs its NFA. */
export const REGEX_DFA_MEMORY = 8 * 1024 * 1024

export interface RuleRegex {
  pattern: string
  flags?: string
  /** Which rule it belongs to, for errors: "rule 3". */
  where: string
}

/** Which of the compiled regexes (by their index in the list given) match somewhere in a text. */
export type RegexSetMatcher = (text: string) => ReadonlySet<number>

const SYNTAX_HINT =
  'Patterns are RE2 syntax (as in Go, or Python\'s re): no backreferences (\\1, \\k<name>) and no lookahead or lookbehind ((?=, (?!, (?<=, (?<!), which is what keeps matching linear; a code point is written \\x{263A}.'

/**
 * A flag a rule may give, as RE2JS flags; undefined for one RE2 does not run. u is accepted and
 * changes nothing: RE2 always reads code points. (A function, not a table: a table read from
 * RE2JS when the module loads would pull re2js into the window's bundle along with the schema.)
 */
function flagBit(flag: string): number | undefined {
  switch (flag) {
    case 'i':
      return RE2JS.CASE_INSENSITIVE
    case 'm':
      return RE2JS.MULTILINE
    case 's':
      return RE2JS.DOTALL
    case 'u':
      return 0
  }
  return undefined
}

/** The regexes, compiled to run on texts of at most `inputBytes` UTF-8 bytes; refuses one that will not do, naming its rule. */
export function compileRuleRegexes(regexes: readonly RuleRegex[], inputBytes: number): RegexSetMatcher {
  if (regexes.length === 0) return () => new Set()
  const maxSize = Math.floor(MAX_REGEX_WORK / inputBytes)
  const set = new RE2Set(RE2Set.UNANCHORED, 0, REGEX_DFA_MEMORY)
  let size = 0
  for (const regex of regexes) {
    const flags = regex.flags ?? ''
    const refuse = (reason: string, hint: string): never => {
      throw configError(`${regex.where}'s regex /${regex.pattern}/${flags} is refused: ${reason}`, hint)
    }
    let bits = 0
    for (const f of flags) {
      const bit = flagBit(f)
      if (bit === undefined) refuse(`flag '${f}' is not supported`, 'Use i (ignore case), m (^ and $ at line ends) and s (. matches newlines).')
      else bits |= bit
    }
    let programSize: number
    try {
      // Compiled alone first, so that an error speaks of this pattern and its size is known.
      programSize = RE2JS.compile(regex.pattern, bits).programSize()
    } catch (err) {
      if (err instanceof RE2JSException) refuse(describeRefusal(err), SYNTAX_HINT)
      throw err
    }
    size += programSize
    if (size > maxSize) {
      const said = programSize === size ? `it compiles to ${programSize} instructions` : `with the regexes before it, the rules' regexes compile to ${size} instructions`
      refuse(
        `${said}, more than the ${maxSize} allowed when regexes read ${inputBytes} bytes of a frame`,
        'Each instruction costs time on every byte a regex reads: use smaller repeat counts ({n}), fewer regex rules, contains and hex-prefix rules where they do, or a smaller regexInputBytes.'
      )
    }
    // A set takes one set of flags for all; each pattern carries its own inline, as RE2JS.compile does.
    set.add(inlineFlags(bits) + regex.pattern)
  }
  set.compile()
  return (text) => new Set(set.match(text))
}

function inlineFlags(bits: number): string {
  const letters = (bits & RE2JS.CASE_INSENSITIVE ? 'i' : '') + (bits & RE2JS.MULTILINE ? 'm' : '') + (bits & RE2JS.DOTALL ? 's' : '')
  return letters === '' ? '' : `(?${letters})`
}

/** RE2's reason, said in words a JavaScript or Python user recognises for what it refuses on purpose. */
function describeRefusal(err: RE2JSException): string {
  if (!(err instanceof RE2JSSyntaxException)) return err.message
  const where = err.getPattern() ?? ''
  if (/^\\[1-9k]/.test(where)) return `backreferences (${where}) are not supported: RE2 matches in linear time and has none`
  if (/^\(\?(=|!|<=|<!)/.test(where)) return 'lookahead and lookbehind are not supported: RE2 matches in linear time and has none'
  if (where === '\\u') return 'invalid escape sequence \\u: RE2 writes a code point as \\x{263A}'
  return where === '' ? err.getDescription() : `${err.getDescription()}: \`${where}\``
}

// The regexes of a rules list, compiled once into one RE2 set (re2js, a port of Google's RE2).
// RE2 matches in time linear in the text whatever the pattern, so no pattern and no frame can
// stall the process the way (a+)+$ stalls a backtracking engine; the price is that it has no
// backreferences and no lookaround. One set answers every regex rule in a single pass over the
// frame's text, and its DFA cache has a fixed memory budget, so a frame built to grow the cache
// cannot make the responder hold more than that.
import { RE2JS, RE2JSException, RE2JSSyntaxException, RE2Set } from 're2js'
import { SocketLabError } from '../errors'
import type { ErrorMessageId } from '../messages/en'

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
    // Errors from the catalog, so the window says them in its language.
    const refuse = (id: RegexRefusal, params: Record<string, string | number> = {}): never => {
      throw SocketLabError.of('EINVAL', { id, hintId: REFUSAL_HINTS[id], params: { where: regex.where, pattern: regex.pattern, flags, ...params } })
    }
    let bits = 0
    for (const f of flags) {
      const bit = flagBit(f)
      if (bit === undefined) refuse('regexFlag', { flag: f })
      else bits |= bit
    }
    let programSize: number
    try {
      // Compiled alone first, so that an error speaks of this pattern and its size is known.
      programSize = RE2JS.compile(regex.pattern, bits).programSize()
    } catch (err) {
      if (err instanceof RE2JSException) refuse(...describeRefusal(err))
      throw err
    }
    size += programSize
    if (size > maxSize) refuse(programSize === size ? 'regexTooBig' : 'regexSetTooBig', { size, max: maxSize, bytes: inputBytes })
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

type RegexRefusal = 'regexFlag' | 'regexBackreference' | 'regexLookaround' | 'regexCodePoint' | 'regexSyntax' | 'regexTooBig' | 'regexSetTooBig'

/** The hint each refusal borrows: the syntax one names what RE2 lacks, the size one what costs less. */
const REFUSAL_HINTS = {
  regexFlag: 'regexFlag',
  regexBackreference: 'regexSyntax',
  regexLookaround: 'regexSyntax',
  regexCodePoint: 'regexSyntax',
  regexSyntax: 'regexSyntax',
  regexTooBig: 'regexTooBig',
  regexSetTooBig: 'regexTooBig'
} as const satisfies Record<RegexRefusal, ErrorMessageId>

/** RE2's reason, said in words a JavaScript or Python user recognises for what it refuses on purpose. */
function describeRefusal(err: RE2JSException): [RegexRefusal, Record<string, string>] {
  if (!(err instanceof RE2JSSyntaxException)) return ['regexSyntax', { detail: err.message }]
  const where = err.getPattern() ?? ''
  if (/^\\[1-9k]/.test(where)) return ['regexBackreference', { ref: where }]
  if (/^\(\?(=|!|<=|<!)/.test(where)) return ['regexLookaround', {}]
  if (where === '\\u') return ['regexCodePoint', {}]
  return ['regexSyntax', { detail: where === '' ? err.getDescription() : `${err.getDescription()}: \`${where}\`` }]
}

// Regular expressions a peer's bytes cannot stall: JavaScript syntax (as with the `u` flag) minus
// backreferences and lookaround, run by a matcher whose time grows with the text times the
// pattern, never exponentially. Patterns are checked and compiled once, with errors that say why.
import { LinearMatcher } from './nfa'
import { parseRegex, UnsupportedRegex } from './parse'

export { MAX_STATES } from './nfa'
export { MAX_REPEAT } from './parse'

export interface SafeRegex {
  /** Whether the pattern matches anywhere in `text`; `truncated`: `$` does not match at its end. */
  test(text: string, truncated?: boolean): boolean
  /** States the pattern compiled to: the work per character of text. */
  readonly size: number
}

export class RegexError extends Error {
  constructor(
    message: string,
    readonly hint: string
  ) {
    super(message)
    this.name = 'RegexError'
  }
}

const FLAGS = new Set(['i', 'm', 's', 'u'])

export function compileSafeRegex(pattern: string, flags = ''): SafeRegex {
  for (const f of flags) {
    if (!FLAGS.has(f)) throw new RegexError(`flag '${f}' is not supported`, 'Use i (ignore case), m (^ and $ at line ends) and s (. matches newlines); u is implied.')
  }
  try {
    // The engine's own parser says first whether the syntax is valid, in the words people know.
    new RegExp(pattern, flags.includes('u') ? flags : flags + 'u')
  } catch (err) {
    throw new RegexError(err instanceof Error ? err.message : String(err), 'Fix the pattern; it is read as a JavaScript regular expression with the u flag.')
  }
  let matcher: LinearMatcher
  try {
    matcher = new LinearMatcher(parseRegex(pattern, flags.includes('s')), { ignoreCase: flags.includes('i'), multiline: flags.includes('m') })
  } catch (err) {
    if (err instanceof UnsupportedRegex) throw new RegexError(err.message, err.hint)
    throw err
  }
  return {
    size: matcher.size,
    test: (text, truncated) => matcher.test(Array.from(text, (ch) => ch.codePointAt(0)!), truncated)
  }
}

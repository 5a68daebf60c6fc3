// Message templates use i18next's {{name}} placeholders, so the window can hand the same ids and
// params to i18next while the command line and logs render the English catalog here.
import type { ErrorParams } from '../api'

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g

/**
 * Params whose value is itself a word of the catalog (an action such as "listenOn", an OS reason
 * such as "EADDRINUSE"): each language says it in its own words. A value that is not in the
 * catalog (an endpoint's own name, say) is shown as it is.
 */
export const TERM_PARAMS: readonly string[] = ['action', 'reason', 'holder', 'state', 'what', 'end', 'change', 'where', 'endpointKind', 'expected']

export function interpolate(template: string, params: ErrorParams = {}): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = params[name]
    return value === undefined ? whole : String(value)
  })
}

/** The placeholder names a template uses, sorted and without repeats. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))].sort()
}

/** Params with their term values put into one language's words by `term` (null when it has none). */
export function withTerms(params: ErrorParams, term: (key: string) => string | null): ErrorParams {
  const out: ErrorParams = { ...params }
  for (const key of TERM_PARAMS) {
    const value = out[key]
    if (typeof value !== 'string') continue
    const said = term(value)
    if (said !== null) out[key] = said
  }
  return out
}

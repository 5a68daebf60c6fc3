// The rules editor's draft: a rules responder's configuration as the user edits it, with a key per
// rule for React and the delays as typed. It turns back into exactly the configuration it came
// from when nothing was changed (fields the editor does not show, such as a payload's encoding, a
// regex's flags or regexInputBytes, are carried along). Checks use the engine's own code, so what
// the editor accepts is what the engine runs, and return translation keys with a detail already
// said in the window's language.
import type { AppError } from '../../../../shared/api'
import { encodePayload, parseHex, parseTextEncoding, PAYLOAD_FORMATS, type PayloadFormat } from '../../../../shared/codec'
import { toAppError } from '../../../../shared/errors'
import { parseMacroTemplate } from '../../../../shared/macros'
import type { PayloadSpec } from '../../../../shared/responders/payload'
import { compileRuleRegexes } from '../../../../shared/responders/rule-regexes'
import { createRules, DEFAULT_REGEX_INPUT_BYTES, MAX_RULES, rulesConfig, type RulesConfig } from '../../../../shared/responders/rules'
import { MAX_REPLY_DELAY_MS } from '../../../../shared/responders/types'
import { i18n } from '../../i18n'
import { localizeError } from '../../i18n/localize'

export { MAX_RULES, PAYLOAD_FORMATS, type PayloadFormat }

export type Rule = RulesConfig['rules'][number]
export type RuleMatch = Rule['match']
export type RuleAction = Rule['then']
export type MatchType = RuleMatch['type']
export type ActionType = RuleAction['type']
export const MATCH_TYPES: readonly MatchType[] = ['contains', 'exact', 'regex', 'hex-prefix']
export const ACTION_TYPES: readonly ActionType[] = ['reply', 'close', 'reset']

export interface RuleRow {
  /** Stable while the rule moves, so React keeps its inputs (and the focus) with it. */
  key: number
  match: RuleMatch
  then: RuleAction
  /** A reply's delay as typed, in milliseconds; empty: none. */
  delay: string
}

export interface RulesDraft {
  rows: RuleRow[]
  otherwise: RulesConfig['otherwise']
  regexInputBytes: RulesConfig['regexInputBytes']
  /** The next row's key. */
  nextKey: number
}

export function emptyDraft(): RulesDraft {
  return { rows: [], otherwise: undefined, regexInputBytes: undefined, nextKey: 1 }
}

export function draftOf(config: RulesConfig): RulesDraft {
  const rows = config.rules.map((rule, i) => ({ key: i + 1, match: rule.match, then: rule.then, delay: rule.then.type === 'reply' && rule.then.delayMs !== undefined ? String(rule.then.delayMs) : '' }))
  return { rows, otherwise: config.otherwise, regexInputBytes: config.regexInputBytes, nextKey: rows.length + 1 }
}

/** The configuration the draft stands for (checked or not: see `checkDraft`). */
export function configOf(draft: RulesDraft): RulesConfig {
  const rules = draft.rows.map((row): Rule => {
    if (row.then.type !== 'reply') return { match: row.match, then: row.then }
    const { delayMs: _dropped, ...reply } = row.then
    const delay = row.delay.trim()
    return { match: row.match, then: delay === '' ? reply : { ...reply, delayMs: Number(delay) } }
  })
  return {
    kind: 'rules',
    rules,
    ...(draft.otherwise !== undefined ? { otherwise: draft.otherwise } : {}),
    ...(draft.regexInputBytes !== undefined ? { regexInputBytes: draft.regexInputBytes } : {})
  }
}

const text = (value: string, format: PayloadFormat = 'escaped'): PayloadSpec => ({ format, text: value })

/** A new rule: contains "" (every frame) answered with an empty reply, for the user to fill in; text with escapes, so \n is a newline. */
export function addRule(draft: RulesDraft): RulesDraft {
  if (draft.rows.length >= MAX_RULES) return draft
  const row: RuleRow = { key: draft.nextKey, match: { type: 'contains', payload: text('') }, then: { type: 'reply', payload: text('') }, delay: '' }
  return { ...draft, rows: [...draft.rows, row], nextKey: draft.nextKey + 1 }
}

export function removeRule(draft: RulesDraft, index: number): RulesDraft {
  return { ...draft, rows: draft.rows.filter((_, i) => i !== index) }
}

/** Puts the rule at `index` one place earlier (-1) or later (+1); at either end it stays. */
export function moveRule(draft: RulesDraft, index: number, by: -1 | 1): RulesDraft {
  const to = index + by
  if (to < 0 || to >= draft.rows.length || index < 0 || index >= draft.rows.length) return draft
  const rows = [...draft.rows]
  ;[rows[index], rows[to]] = [rows[to]!, rows[index]!]
  return { ...draft, rows }
}

/** A copy of the rule just after it. */
export function duplicateRule(draft: RulesDraft, index: number): RulesDraft {
  const row = draft.rows[index]
  if (!row || draft.rows.length >= MAX_RULES) return draft
  const copy: RuleRow = { ...structuredClone({ match: row.match, then: row.then }), key: draft.nextKey, delay: row.delay }
  return { ...draft, rows: [...draft.rows.slice(0, index + 1), copy, ...draft.rows.slice(index + 1)], nextKey: draft.nextKey + 1 }
}

export function updateRule(draft: RulesDraft, index: number, change: Partial<Omit<RuleRow, 'key'>>): RulesDraft {
  return { ...draft, rows: draft.rows.map((row, i) => (i === index ? { ...row, ...change } : row)) }
}

/** What a match's value is written as, whatever its type: the text in its box. */
export function matchValue(match: RuleMatch): string {
  switch (match.type) {
    case 'exact':
    case 'contains':
      return match.payload.text
    case 'regex':
      return match.pattern
    case 'hex-prefix':
      return match.hex
  }
}

/** The match with its value replaced, keeping its format, encoding or flags. */
export function withMatchValue(match: RuleMatch, value: string): RuleMatch {
  switch (match.type) {
    case 'exact':
    case 'contains':
      return { ...match, payload: { ...match.payload, text: value } }
    case 'regex':
      return { ...match, pattern: value }
    case 'hex-prefix':
      return { ...match, hex: value }
  }
}

/** Another type of match with what was typed kept: payload to payload keeps the format too. */
export function withMatchType(match: RuleMatch, type: MatchType): RuleMatch {
  if (type === match.type) return match
  const payload = match.type === 'exact' || match.type === 'contains' ? match.payload : undefined
  const value = matchValue(match)
  switch (type) {
    case 'exact':
    case 'contains':
      return { type, payload: payload ?? text(value, match.type === 'hex-prefix' ? 'hex' : 'text') }
    case 'regex':
      return { type, pattern: payload && payload.format !== 'text' ? '' : value }
    case 'hex-prefix':
      return { type, hex: payload ? (payload.format === 'hex' ? value : '') : match.type === 'hex-prefix' ? value : '' }
  }
}

export function withActionType(then: RuleAction, type: ActionType): RuleAction {
  if (type === then.type) return then
  return type === 'reply' ? { type, payload: text('') } : { type }
}

/** A problem with one field of a rule: a translation key and a detail said in the window's language. */
export interface DraftProblem {
  key: 'rules.errors.payload' | 'rules.errors.hex' | 'rules.errors.regex' | 'rules.errors.delay' | 'rules.errors.config'
  detail: string
}

export interface RowProblems {
  match?: DraftProblem
  reply?: DraftProblem
  delay?: DraftProblem
}

export interface DraftCheck {
  /** By row, for the rows with a problem. */
  rows: Record<number, RowProblems>
  /** One that is no single field's (the regexes together too costly, a limit of the schema). */
  whole?: DraftProblem
  /** The configuration to run, when nothing is wrong. */
  config?: RulesConfig
}

const said = (err: unknown): string => localizeError(toAppError(err)).message

function payloadProblem(spec: PayloadSpec, key: DraftProblem['key']): DraftProblem | undefined {
  try {
    const input = { format: spec.format, text: spec.text, encoding: spec.encoding === undefined ? 'utf-8' : parseTextEncoding(spec.encoding) }
    // A reply with macros is a template: read as the engine reads it, once, when configured.
    if (spec.macros === true) parseMacroTemplate(input)
    else encodePayload(input)
    return undefined
  } catch (err) {
    return { key, detail: said(err) }
  }
}

/** An error the engine made, said in the window's language with `where` ("rule 2") in it too. */
function localized(err: unknown, where: string): string {
  const e: AppError = toAppError(err)
  return localizeError(e.params?.where !== undefined ? { ...e, params: { ...e.params, where } } : e).message
}

/**
 * Checks are run as the user types, by the form and by the editor: a draft found good is known by
 * its identity (drafts are never changed in place), and each regex's own verdict by what it is, so
 * a keystroke compiles the regex it changed and the set once, not every regex twice.
 */
const goodDrafts = new WeakMap<RulesDraft, RulesConfig>()
const regexVerdicts = new Map<string, DraftProblem | null>()
const REGEX_VERDICTS_KEPT = 1000

function regexProblem(pattern: string, flags: string | undefined, where: string, inputBytes: number): DraftProblem | undefined {
  const key = JSON.stringify([pattern, flags, where, inputBytes, i18n.language])
  const known = regexVerdicts.get(key)
  if (known !== undefined) return known ?? undefined
  let verdict: DraftProblem | null = null
  try {
    compileRuleRegexes([{ pattern, flags, where }], inputBytes)
  } catch (err) {
    verdict = { key: 'rules.errors.regex', detail: localized(err, where) }
  }
  if (regexVerdicts.size >= REGEX_VERDICTS_KEPT) regexVerdicts.clear()
  regexVerdicts.set(key, verdict)
  return verdict ?? undefined
}

/**
 * Every problem of the draft, each under its field, checked as the engine checks it: payloads and
 * hex with the codecs, each regex compiled alone (RE2, with the same limits), then the whole
 * configuration through the schema and `createRules`, which also counts the regexes together.
 * `ruleName(n)` says "rule n" in the window's language.
 */
export function checkDraft(draft: RulesDraft, ruleName: (n: number) => string): DraftCheck {
  const good = goodDrafts.get(draft)
  if (good) return { rows: {}, config: good }
  const rows: Record<number, RowProblems> = {}
  const inputBytes = draft.regexInputBytes ?? DEFAULT_REGEX_INPUT_BYTES
  draft.rows.forEach((row, i) => {
    const p: RowProblems = {}
    const m = row.match
    if (m.type === 'exact' || m.type === 'contains') p.match = payloadProblem(m.payload, 'rules.errors.payload')
    else if (m.type === 'hex-prefix') {
      try {
        parseHex(m.hex)
      } catch (err) {
        p.match = { key: 'rules.errors.hex', detail: said(err) }
      }
    } else p.match = regexProblem(m.pattern, m.flags, ruleName(i + 1), inputBytes)
    if (row.then.type === 'reply') {
      p.reply = payloadProblem(row.then.payload, 'rules.errors.payload')
      const delay = row.delay.trim()
      if (delay !== '' && !(/^\d+$/.test(delay) && Number(delay) <= MAX_REPLY_DELAY_MS)) p.delay = { key: 'rules.errors.delay', detail: String(MAX_REPLY_DELAY_MS) }
    }
    if (p.match || p.reply || p.delay) rows[row.key] = p
  })
  if (Object.keys(rows).length > 0) return { rows }
  const config = configOf(draft)
  const parsed = rulesConfig.safeParse(config)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    return { rows, whole: { key: 'rules.errors.config', detail: issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message } }
  }
  try {
    createRules(parsed.data)
  } catch (err) {
    const e = toAppError(err)
    const at = typeof e.params?.where === 'string' ? /(\d+)$/.exec(e.params.where) : null
    const row = at ? draft.rows[Number(at[1]) - 1] : undefined
    const n = at ? Number(at[1]) : 0
    const problem: DraftProblem = { key: e.id?.startsWith('regex') ? 'rules.errors.regex' : 'rules.errors.config', detail: localized(err, ruleName(n)) }
    if (row) return { rows: { [row.key]: { match: problem } } }
    return { rows, whole: problem }
  }
  goodDrafts.set(draft, config)
  return { rows, config }
}

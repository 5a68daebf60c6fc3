// Smart replies, as the network debugging assistants have them: an ordered list of rules, each a
// match and what to do; the first rule that matches a frame decides, and a frame no rule matches
// gets the default (nothing, or an echo). Everything is compiled when the configuration is
// checked, so a bad pattern is refused before any peer connects.
//
// A regex rule is written in RE2 syntax (https://github.com/google/re2/wiki/Syntax), the one Go
// uses and close to Python's re and JavaScript's: classes, alternation, greedy and lazy
// repeats up to {1000}, ^ $ \b, groups (?:...) (...) (?P<name>...) (?<name>...), inline flags
// (?i) (?m) (?s), Unicode classes \pL \p{Greek} and POSIX ones [[:alpha:]]. Unlike JavaScript:
// no backreferences and no lookahead or lookbehind (refused when the rule is configured); a code
// point is \x{263A}, not \u263A; \d \w \s and \b are ASCII; . and $ know only \n as a line
// end. The flags option takes i, m and s (u is accepted and changes nothing).
import { z } from 'zod'
import { parseHex } from '../codec'
import { configError } from './errors'
import { macroFailure, payloadBytes, payloadReply, payloadSpec, replyMaxBytes, type ReplyMaker } from './payload'
import { multiSearch } from './multi-search'
import { compileRuleRegexes, type RuleRegex } from './rule-regexes'
import { MAX_REPLY_DELAY_MS, type Clock, type Responder, type ResponderAction } from './types'

/** Bytes of a frame a regex reads by default: with the regexes' size limit, their worst case per frame. */
export const DEFAULT_REGEX_INPUT_BYTES = 4096
export const MAX_REGEX_INPUT_BYTES = 64 * 1024
export const MAX_RULES = 100

const ruleMatch = z.discriminatedUnion('type', [
  /** The whole frame equals these bytes. */
  z.strictObject({ type: z.literal('exact'), payload: payloadSpec }),
  /** The frame holds these bytes somewhere (empty: every frame). */
  z.strictObject({ type: z.literal('contains'), payload: payloadSpec }),
  /** The frame's text (UTF-8, its first regexInputBytes bytes) matches this RE2 pattern somewhere. */
  z.strictObject({ type: z.literal('regex'), pattern: z.string().max(1000, 'a pattern is at most 1000 characters'), flags: z.string().max(4).optional() }),
  /** The frame starts with these bytes, written in hex. */
  z.strictObject({ type: z.literal('hex-prefix'), hex: z.string().max(4096) })
])

const ruleAction = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('reply'), payload: payloadSpec, delayMs: z.number().int().min(0).max(MAX_REPLY_DELAY_MS).optional() }),
  z.strictObject({ type: z.literal('close') }),
  z.strictObject({ type: z.literal('reset') })
])

export const rulesConfig = z.strictObject({
  kind: z.literal('rules'),
  rules: z.array(z.strictObject({ match: ruleMatch, then: ruleAction })).max(MAX_RULES, `at most ${MAX_RULES} rules`),
  /** What a frame no rule matches gets: nothing (default) or itself back. */
  otherwise: z.enum(['nothing', 'echo']).optional(),
  regexInputBytes: z.number().int().min(1).max(MAX_REGEX_INPUT_BYTES).optional()
})

export type RulesConfig = z.infer<typeof rulesConfig>

/** What a matcher may ask about a frame, each worked out once per frame and only when asked. */
interface FrameView {
  payload: Uint8Array
  /** Indexes (among the regex rules) of the regexes that match the frame's text. */
  regexHits(): ReadonlySet<number>
  /** Indexes (among the contains rules) of the byte strings the frame holds, all found in one pass. */
  containsHits(): ReadonlySet<number>
}

type Matcher = (frame: FrameView) => boolean

export function createRules(config: RulesConfig): Responder {
  const regexBytes = config.regexInputBytes ?? DEFAULT_REGEX_INPUT_BYTES
  const regexes: RuleRegex[] = []
  const needles: Uint8Array[] = []
  const compiled = config.rules.map((rule, i) => ({ matches: compileMatch(rule.match, `rule ${i + 1}`, regexes, needles), action: compileAction(rule.then, `rule ${i + 1}`) }))
  const matchRegexes = compileRuleRegexes(regexes, regexBytes)
  const findNeedles = multiSearch(needles)
  const echo = config.otherwise === 'echo'
  const largestReply = Math.max(0, ...compiled.map((r) => r.action.maxBytes))
  return {
    kind: 'rules',
    bound: { perInputByte: echo ? 1 : 0, fixed: largestReply },
    createInstance: () => {
      // This peer's count of replies made with macros, across every rule: each {counter} is the next.
      const count = { made: 0 }
      return {
        frame({ payload }, ctx) {
          let hits: ReadonlySet<number> | undefined
          let contained: ReadonlySet<number> | undefined
          const view: FrameView = {
            payload,
            regexHits: () => (hits ??= matchRegexes(textForRegex(payload, regexBytes))),
            containsHits: () => (contained ??= findNeedles(payload))
          }
          for (const rule of compiled) if (rule.matches(view)) return rule.action.run(count, ctx.clock)
          return echo ? [{ type: 'reply', bytes: payload.slice() }] : []
        }
      }
    }
  }
}

/**
 * A rule's match as a function of the frame. A regex is added to `regexes` and a contains rule's
 * bytes to `needles`, each searched for together with the others of its kind once per frame.
 */
function compileMatch(match: RulesConfig['rules'][number]['match'], where: string, regexes: RuleRegex[], needles: Uint8Array[]): Matcher {
  switch (match.type) {
    case 'exact': {
      const want = payloadBytes(match.payload, `${where}'s match`)
      return ({ payload }) => payload.byteLength === want.byteLength && startsWith(payload, want)
    }
    case 'contains': {
      const index = needles.push(payloadBytes(match.payload, `${where}'s match`)) - 1
      return (frame) => frame.containsHits().has(index)
    }
    case 'hex-prefix': {
      let prefix: Uint8Array
      try {
        prefix = parseHex(match.hex)
      } catch (err) {
        const e = err as { message?: string; hint?: string }
        throw configError(`${where}'s hex prefix: ${e.message ?? String(err)}`, e.hint ?? 'Write bytes as hex pairs, e.g. 02 10 ff.')
      }
      return ({ payload }) => startsWith(payload, prefix)
    }
    case 'regex': {
      const index = regexes.push({ pattern: match.pattern, flags: match.flags, where }) - 1
      return (frame) => frame.regexHits().has(index)
    }
  }
}

/** What a rule does when it matches; a reply with macros is made afresh, and counted in `count` once made. */
interface CompiledAction {
  maxBytes: number
  run(count: { made: number }, clock: Clock): ResponderAction[]
}

function fixedAction(actions: ResponderAction[]): CompiledAction {
  return { maxBytes: 0, run: () => actions }
}

function compileAction(then: RulesConfig['rules'][number]['then'], where: string): CompiledAction {
  switch (then.type) {
    case 'reply': {
      const reply: ReplyMaker = payloadReply(then.payload, `${where}'s reply`)
      const delay = then.delayMs ? { delayMs: then.delayMs } : {}
      if (!reply.fresh) return { maxBytes: reply.bytes.byteLength, run: () => [{ type: 'reply', bytes: reply.bytes, ...delay }] }
      return {
        maxBytes: replyMaxBytes(reply),
        run(count, clock) {
          try {
            const bytes = reply.make(count.made + 1, clock)
            count.made++
            return [{ type: 'reply', bytes, ...delay }]
          } catch (err) {
            return [macroFailure(err)]
          }
        }
      }
    }
    case 'close':
      return fixedAction([{ type: 'close' }])
    case 'reset':
      return fixedAction([{ type: 'reset' }])
  }
}

function startsWith(payload: Uint8Array, prefix: Uint8Array): boolean {
  if (payload.byteLength < prefix.byteLength) return false
  for (let i = 0; i < prefix.byteLength; i++) if (payload[i] !== prefix[i]) return false
  return true
}

/**
 * The text a regex sees: the frame's first `limit` bytes as UTF-8, a character cut by the limit
 * left out, an invalid byte read as U+FFFD. The limit bounds the regexes' work per frame. A longer
 * frame reads as if it ended at the cut, so $ matches there: RE2 searches a text, not a text with
 * more after it.
 */
export function textForRegex(payload: Uint8Array, limit: number): string {
  const head = payload.byteLength > limit ? payload.subarray(0, limit) : payload
  // stream: true holds back a sequence cut at the end instead of replacing it.
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(head, { stream: payload.byteLength > limit })
}

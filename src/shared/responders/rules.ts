// Smart replies, as the network debugging assistants have them: an ordered list of rules, each a
// match and what to do; the first rule that matches a frame decides, and a frame no rule matches
// gets the default (nothing, or an echo). Everything is compiled when the configuration is
// checked, so a bad pattern is refused before any peer connects.
import { z } from 'zod'
import { parseHex } from '../codec'
import { configError } from './errors'
import { payloadBytes, payloadSpec } from './payload'
import { compileSafeRegex, RegexError } from './regex'
import { MAX_REPLY_DELAY_MS, type Responder, type ResponderAction } from './types'

/** Bytes of a frame a regex reads by default: with the matcher's state limit, its worst case per frame. */
export const DEFAULT_REGEX_INPUT_BYTES = 4096
export const MAX_REGEX_INPUT_BYTES = 64 * 1024
export const MAX_RULES = 100

const ruleMatch = z.discriminatedUnion('type', [
  /** The whole frame equals these bytes. */
  z.strictObject({ type: z.literal('exact'), payload: payloadSpec }),
  /** The frame holds these bytes somewhere (empty: every frame). */
  z.strictObject({ type: z.literal('contains'), payload: payloadSpec }),
  /** The frame's text (UTF-8, its first regexInputBytes bytes) matches this JavaScript pattern. */
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

type Matcher = (payload: Uint8Array, text: () => string) => boolean

export function createRules(config: RulesConfig): Responder {
  const regexBytes = config.regexInputBytes ?? DEFAULT_REGEX_INPUT_BYTES
  const compiled = config.rules.map((rule, i) => ({ matches: compileMatch(rule.match, `rule ${i + 1}`, regexBytes), actions: compileAction(rule.then, `rule ${i + 1}`) }))
  const echo = config.otherwise === 'echo'
  const largestReply = Math.max(0, ...compiled.flatMap((r) => r.actions.map((a) => (a.type === 'reply' ? a.bytes.byteLength : 0))))
  return {
    kind: 'rules',
    bound: { perInputByte: echo ? 1 : 0, fixed: largestReply },
    createInstance: () => ({
      frame({ payload }) {
        let decoded: string | undefined
        const text = (): string => (decoded ??= textForRegex(payload, regexBytes))
        for (const rule of compiled) if (rule.matches(payload, text)) return rule.actions
        return echo ? [{ type: 'reply', bytes: payload.slice() }] : []
      }
    })
  }
}

function compileMatch(match: RulesConfig['rules'][number]['match'], where: string, regexBytes: number): Matcher {
  switch (match.type) {
    case 'exact': {
      const want = payloadBytes(match.payload, `${where}'s match`)
      return (payload) => payload.byteLength === want.byteLength && startsWith(payload, want)
    }
    case 'contains': {
      const find = byteSearch(payloadBytes(match.payload, `${where}'s match`))
      return (payload) => find(payload)
    }
    case 'hex-prefix': {
      let prefix: Uint8Array
      try {
        prefix = parseHex(match.hex)
      } catch (err) {
        const e = err as { message?: string; hint?: string }
        throw configError(`${where}'s hex prefix: ${e.message ?? String(err)}`, e.hint ?? 'Write bytes as hex pairs, e.g. 02 10 ff.')
      }
      return (payload) => startsWith(payload, prefix)
    }
    case 'regex': {
      let re: ReturnType<typeof compileSafeRegex>
      try {
        re = compileSafeRegex(match.pattern, match.flags ?? '')
      } catch (err) {
        if (err instanceof RegexError) throw configError(`${where}'s regex /${match.pattern}/${match.flags ?? ''} is refused: ${err.message}`, err.hint)
        throw err
      }
      return (payload, text) => re.test(text(), payload.byteLength > regexBytes)
    }
  }
}

function compileAction(then: RulesConfig['rules'][number]['then'], where: string): ResponderAction[] {
  switch (then.type) {
    case 'reply': {
      const reply: ResponderAction = { type: 'reply', bytes: payloadBytes(then.payload, `${where}'s reply`) }
      if (then.delayMs) reply.delayMs = then.delayMs
      return [reply]
    }
    case 'close':
      return [{ type: 'close' }]
    case 'reset':
      return [{ type: 'reset' }]
  }
}

function startsWith(payload: Uint8Array, prefix: Uint8Array): boolean {
  if (payload.byteLength < prefix.byteLength) return false
  for (let i = 0; i < prefix.byteLength; i++) if (payload[i] !== prefix[i]) return false
  return true
}

/**
 * Knuth-Morris-Pratt: whether `needle` occurs in a payload, in time linear in both whatever the
 * bytes (a naive search is quadratic on 'aaa...ab' in 'aaa...a').
 */
function byteSearch(needle: Uint8Array): (haystack: Uint8Array) => boolean {
  const m = needle.byteLength
  const fail = new Int32Array(m)
  for (let i = 1, k = 0; i < m; i++) {
    while (k > 0 && needle[i] !== needle[k]) k = fail[k - 1]!
    if (needle[i] === needle[k]) k++
    fail[i] = k
  }
  return (haystack) => {
    if (m === 0) return true
    for (let i = 0, k = 0; i < haystack.byteLength; i++) {
      while (k > 0 && haystack[i] !== needle[k]) k = fail[k - 1]!
      if (haystack[i] === needle[k]) k++
      if (k === m) return true
    }
    return false
  }
}

/**
 * The text a regex sees: the frame's first `limit` bytes as UTF-8, a character cut by the limit
 * left out, an invalid byte read as U+FFFD. The limit bounds the matcher's work per frame; in a
 * longer frame `$` does not match where the text was cut, since the frame does not end there.
 */
export function textForRegex(payload: Uint8Array, limit: number): string {
  const head = payload.byteLength > limit ? payload.subarray(0, limit) : payload
  // stream: true holds back a sequence cut at the end instead of replacing it.
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(head, { stream: payload.byteLength > limit })
}

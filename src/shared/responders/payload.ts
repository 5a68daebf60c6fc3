// Bytes written in a configuration (a fixed reply, a rule's match or reply), kept as text so a
// workspace file can hold them, and turned into bytes once, when the configuration is checked.
// A reply may turn macros on: it is then read once as a template and each reply fills in its own
// {counter} (the peer's count of such replies: 1, 2, 3...), {time:...}, {random:N}, {len} and CRCs.
import { z } from 'zod'
import { encodePayload, parseTextEncoding, PAYLOAD_FORMATS, type PayloadFormat } from '../codec'
import { expandMacros, maxExpandedSize, parseMacroTemplate, type MacroTemplate } from '../macros'
import { configError, errorNote } from './errors'
import type { Clock, NoteAction } from './types'

/** Longest text a configured payload may be written as. */
export const MAX_PAYLOAD_TEXT = 64 * 1024
/**
 * The most bytes one reply with macros may grow to, as maxExpandedSize counts them: a 64 KiB
 * template of `{random:4096}` would otherwise make 41 MB for every one-byte frame.
 */
export const MAX_REPLY_BYTES = 1024 * 1024

export const payloadSpec = z.strictObject({
  /** As the composer reads it: plain text, text with escapes (\n, \xHH), hex or base64. */
  format: z.enum(PAYLOAD_FORMATS as [PayloadFormat, ...PayloadFormat[]]),
  text: z.string().max(MAX_PAYLOAD_TEXT, `a payload is at most ${MAX_PAYLOAD_TEXT} characters`),
  /** Encoding of text and escaped payloads; utf-8 when absent. */
  encoding: z.string().min(1).max(32).optional(),
  /** A reply only: fill in {counter} {time:...} {random:N} {len} {crc16} {crc32} each time (src/shared/macros). */
  macros: z.boolean().optional()
})

export type PayloadSpec = z.infer<typeof payloadSpec>

function said(err: unknown, where: string): Error {
  const e = err as { message?: string; hint?: string }
  return configError(`${where}: ${e.message ?? String(err)}`, e.hint ?? 'Check the payload and its format.')
}

/** The bytes a payload spec stands for; `where` names it in the error ("rule 2's reply"). */
export function payloadBytes(spec: PayloadSpec, where: string): Uint8Array {
  if (spec.macros === true) {
    throw configError(`${where} turns macros on, but only a reply is made afresh each time`, 'Drop "macros": true here; a match is compared with fixed bytes.')
  }
  try {
    const encoding = spec.encoding === undefined ? 'utf-8' : parseTextEncoding(spec.encoding)
    return encodePayload({ format: spec.format, text: spec.text, encoding })
  } catch (err) {
    throw said(err, where)
  }
}

/**
 * A reply as each peer gets it: the same bytes every time, or, with macros on, made afresh by
 * `make` for a peer's `counter`-th reply at the clock's time (throwing a CodecError when a {len}
 * does not fit its form), at most `maxBytes` long.
 */
export type ReplyMaker = { fresh: false; bytes: Uint8Array } | { fresh: true; maxBytes: number; make(counter: number, clock: Clock): Uint8Array }

export function payloadReply(spec: PayloadSpec, where: string): ReplyMaker {
  if (spec.macros !== true) return { fresh: false, bytes: payloadBytes(spec, where) }
  let template: MacroTemplate
  try {
    const encoding = spec.encoding === undefined ? 'utf-8' : parseTextEncoding(spec.encoding)
    template = parseMacroTemplate({ format: spec.format, text: spec.text, encoding })
  } catch (err) {
    throw said(err, where)
  }
  const maxBytes = maxExpandedSize(template)
  if (maxBytes > MAX_REPLY_BYTES) {
    throw configError(
      `${where} may grow to ${maxBytes} bytes with its macros, more than the ${MAX_REPLY_BYTES} a reply may carry`,
      'Use fewer or smaller {random:N} and {time:...} macros, or send large data with the composer or the file server.'
    )
  }
  return {
    fresh: true,
    maxBytes,
    make: (counter, clock) => expandMacros(template, { counter, time: clock.localtime(clock.now()), random: (n) => crypto.getRandomValues(new Uint8Array(n)) })
  }
}

/** The most bytes a reply can carry. */
export function replyMaxBytes(reply: ReplyMaker): number {
  return reply.fresh ? reply.maxBytes : reply.bytes.byteLength
}

/** A reply whose macros could not be filled in (a {len} too big for its form): said, nothing sent. */
export function macroFailure(err: unknown): NoteAction {
  const e = err as { message?: string; hint?: string }
  return errorNote('EINVAL', `the reply's macros could not be filled in: ${e.message ?? String(err)}`, e.hint ?? 'Check the reply template.')
}

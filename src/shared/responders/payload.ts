// Bytes written in a configuration (a fixed reply, a rule's match or reply), kept as text so a
// workspace file can hold them, and turned into bytes once, when the configuration is checked.
import { z } from 'zod'
import { encodePayload, parseTextEncoding, PAYLOAD_FORMATS, type PayloadFormat } from '../codec'
import { configError } from './errors'

/** Longest text a configured payload may be written as. */
export const MAX_PAYLOAD_TEXT = 64 * 1024

export const payloadSpec = z.strictObject({
  /** As the composer reads it: plain text, text with escapes (\n, \xHH), hex or base64. */
  format: z.enum(PAYLOAD_FORMATS as [PayloadFormat, ...PayloadFormat[]]),
  text: z.string().max(MAX_PAYLOAD_TEXT, `a payload is at most ${MAX_PAYLOAD_TEXT} characters`),
  /** Encoding of text and escaped payloads; utf-8 when absent. */
  encoding: z.string().min(1).max(32).optional()
})

export type PayloadSpec = z.infer<typeof payloadSpec>

/** The bytes a payload spec stands for; `where` names it in the error ("rule 2's reply"). */
export function payloadBytes(spec: PayloadSpec, where: string): Uint8Array {
  try {
    const encoding = spec.encoding === undefined ? 'utf-8' : parseTextEncoding(spec.encoding)
    return encodePayload({ format: spec.format, text: spec.text, encoding })
  } catch (err) {
    const e = err as { message?: string; hint?: string }
    throw configError(`${where}: ${e.message ?? String(err)}`, e.hint ?? 'Check the payload and its format.')
  }
}

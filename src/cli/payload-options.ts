// The bytes `send` and `listen --reply` carry, from the data argument and the format flags.
import { encodePayload, parseTextEncoding, type PayloadFormat, type TextEncodingName } from '../shared/codec'
import { UsageError } from './usage-error'

export interface PayloadFlags {
  text?: boolean
  plain?: boolean
  hex?: boolean
  base64?: boolean
  encoding?: string
  eol?: string
}

export function payloadFormat(flags: PayloadFlags): PayloadFormat {
  const chosen = (['text', 'plain', 'hex', 'base64'] as const).filter((k) => flags[k])
  if (chosen.length > 1) {
    throw new UsageError(`choose one data format, not ${chosen.map((c) => `--${c}`).join(' and ')}`, 'Use -a (text with escapes, the default), -A (plain text), -x (hex) or --base64.')
  }
  switch (chosen[0]) {
    case 'plain':
      return 'text'
    case 'hex':
      return 'hex'
    case 'base64':
      return 'base64'
    default:
      return 'escaped'
  }
}

export function textEncoding(name: string | undefined): TextEncodingName {
  try {
    return parseTextEncoding(name ?? 'utf-8')
  } catch (err) {
    const e = err as { message: string; hint?: string }
    throw new UsageError(e.message, e.hint ?? 'Use utf-8, gbk, gb18030, big5, shift_jis, latin1, utf-16le, utf-16be or ascii.')
  }
}

const EOLS = ['none', 'lf', 'crlf', 'cr'] as const

export function buildPayload(data: string, flags: PayloadFlags): Uint8Array {
  const eol = (flags.eol ?? 'none').toLowerCase()
  if (!(EOLS as readonly string[]).includes(eol)) {
    throw new UsageError(`unknown line ending '${flags.eol}'`, 'Use --eol none, lf, crlf or cr.')
  }
  try {
    return encodePayload({
      format: payloadFormat(flags),
      text: data,
      encoding: textEncoding(flags.encoding),
      lineEnding: eol as (typeof EOLS)[number]
    })
  } catch (err) {
    if (err instanceof UsageError) throw err
    const e = err as { message: string; hint?: string }
    throw new UsageError(e.message, e.hint ?? 'Check the data and its format flag.')
  }
}

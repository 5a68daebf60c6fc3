// The bytes `send` and `listen --reply` carry, from the data argument and the format flags.
import { randomBytes } from 'node:crypto'
import { appendLineEnding, encodePayload, parseTextEncoding, type PayloadFormat, type TextEncodingName } from '../shared/codec'
import { expandMacros, parseMacroTemplate } from '../shared/macros'
import { systemClock } from '../shared/responders/local-time'
import { UsageError } from './usage-error'

export interface PayloadFlags {
  text?: boolean
  plain?: boolean
  hex?: boolean
  base64?: boolean
  encoding?: string
  eol?: string
  /** Fill in {counter}, {time:...}, {random:N}, {len}, {crc16}, {crc32} in each message. */
  macros?: boolean
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

function lineEnding(flags: PayloadFlags): (typeof EOLS)[number] {
  const eol = (flags.eol ?? 'none').toLowerCase()
  if (!(EOLS as readonly string[]).includes(eol)) {
    throw new UsageError(`unknown line ending '${flags.eol}'`, 'Use --eol none, lf, crlf or cr.')
  }
  return eol as (typeof EOLS)[number]
}

/** A codec error as the command line says it: what was wrong, and what to do. */
function usageError(err: unknown): UsageError {
  if (err instanceof UsageError) return err
  const e = err as { message: string; hint?: string }
  return new UsageError(e.message, e.hint ?? 'Check the data and its format flag.')
}

export function buildPayload(data: string, flags: PayloadFlags): Uint8Array {
  const eol = lineEnding(flags)
  try {
    return encodePayload({
      format: payloadFormat(flags),
      text: data,
      encoding: textEncoding(flags.encoding),
      lineEnding: eol
    })
  } catch (err) {
    throw usageError(err)
  }
}

/**
 * The messages a send carries, the first being 0. Without --macros each is the same bytes; with it
 * the data is read once as a macro template and message i fills in counter i + 1, the time it is
 * made at and fresh random bytes, then gets the line ending.
 */
export function payloadMessages(data: string, flags: PayloadFlags): (index: number) => Uint8Array {
  if (!flags.macros) {
    const bytes = buildPayload(data, flags)
    return () => bytes
  }
  const eol = lineEnding(flags)
  const encoding = textEncoding(flags.encoding)
  let template: ReturnType<typeof parseMacroTemplate>
  try {
    template = parseMacroTemplate({ format: payloadFormat(flags), text: data, encoding })
  } catch (err) {
    throw usageError(err)
  }
  const clock = systemClock()
  return (index) => {
    try {
      const body = expandMacros(template, { counter: index + 1, time: clock.localtime(clock.now()), random: (n) => randomBytes(n) })
      return appendLineEnding(body, eol, encoding)
    } catch (err) {
      throw usageError(err)
    }
  }
}

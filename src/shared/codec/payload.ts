import { parseBase64 } from './base64'
import { encodeText, type TextEncodingName } from './encodings'
import { parseEscapedText } from './escapes'
import { invalid } from './errors'
import { parseHex } from './hex'
import { appendLineEnding, type LineEnding } from './line-ending'

/** How the composer and the CLI read what the user typed. Files are streamed by the Node side. */
export type PayloadFormat = 'text' | 'escaped' | 'hex' | 'base64'

export const PAYLOAD_FORMATS: readonly PayloadFormat[] = ['text', 'escaped', 'hex', 'base64']

export interface PayloadInput {
  format: PayloadFormat
  text: string
  /** Encoding of the characters in 'text' and 'escaped' input, and of the line ending. */
  encoding?: TextEncodingName
  lineEnding?: LineEnding
}

export function encodePayload(input: PayloadInput): Uint8Array {
  const encoding = input.encoding ?? 'utf-8'
  let bytes: Uint8Array
  switch (input.format) {
    case 'text':
      bytes = encodeText(input.text, encoding)
      break
    case 'escaped':
      bytes = parseEscapedText(input.text, encoding)
      break
    case 'hex':
      bytes = parseHex(input.text)
      break
    case 'base64':
      bytes = parseBase64(input.text)
      break
    default:
      throw invalid({ id: 'unknownPayloadFormat', hintId: 'useOneOf', params: { name: String(input.format), choices: PAYLOAD_FORMATS.join(', ') } })
  }
  return appendLineEnding(bytes, input.lineEnding ?? 'none', encoding)
}

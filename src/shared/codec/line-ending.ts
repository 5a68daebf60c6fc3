import { encodeText, type TextEncodingName } from './encodings'
import { invalid } from './errors'

export type LineEnding = 'none' | 'lf' | 'crlf' | 'cr'

export const LINE_ENDINGS: readonly LineEnding[] = ['none', 'lf', 'crlf', 'cr']

const TEXT: Record<LineEnding, string> = { none: '', lf: '\n', crlf: '\r\n', cr: '\r' }

export function parseLineEnding(name: string): LineEnding {
  const le = name.toLowerCase() as LineEnding
  if (LINE_ENDINGS.includes(le)) return le
  throw invalid({ id: 'unknownLineEnding', hintId: 'useOneOf', params: { name, choices: LINE_ENDINGS.join(', ') } })
}

/** The line ending in the payload's encoding, so UTF-16 gets `0a 00` rather than a stray `0a`. */
export function lineEndingBytes(ending: LineEnding, encoding: TextEncodingName = 'utf-8'): Uint8Array {
  return encodeText(TEXT[ending], encoding)
}

export function appendLineEnding(bytes: Uint8Array, ending: LineEnding, encoding: TextEncodingName = 'utf-8'): Uint8Array {
  if (ending === 'none') return bytes
  const tail = lineEndingBytes(ending, encoding)
  const out = new Uint8Array(bytes.length + tail.length)
  out.set(bytes)
  out.set(tail, bytes.length)
  return out
}

import { formatBase64 } from './base64'
import { HEX_LOWER, formatHex } from './hex'

export type CopyFormat = 'hex' | 'spaced-hex' | 'c-array' | 'python-bytes' | 'js-uint8array' | 'base64' | 'escaped-text'

export const COPY_FORMATS: readonly { format: CopyFormat; label: string }[] = [
  { format: 'hex', label: 'Hex' },
  { format: 'spaced-hex', label: 'Hex with spaces' },
  { format: 'c-array', label: 'C array' },
  { format: 'python-bytes', label: 'Python bytes' },
  { format: 'js-uint8array', label: 'JS Uint8Array' },
  { format: 'base64', label: 'Base64' },
  { format: 'escaped-text', label: 'Escaped text' }
]

const PER_LINE = 16

function byteList(bytes: Uint8Array, indent: string): string {
  const lines: string[] = []
  for (let i = 0; i < bytes.length; i += PER_LINE) {
    const row = Array.from(bytes.subarray(i, i + PER_LINE), (b) => `0x${HEX_LOWER[b]}`)
    lines.push(indent + row.join(', '))
  }
  return lines.join(',\n')
}

// Tables of per-byte spellings, joined once: the text grows by one join, not a concat per byte.
const ESCAPED_TEXT = Array.from({ length: 256 }, (_, b) => {
  if (b === 0x5c) return '\\\\'
  if (b === 0x0a) return '\\n'
  if (b === 0x0d) return '\\r'
  if (b === 0x09) return '\\t'
  if (b === 0x00) return '\\0'
  return b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${HEX_LOWER[b]}`
})

const PYTHON = ESCAPED_TEXT.map((s, b) => (b === 0x00 ? '\\x00' : b === 0x27 ? "\\'" : s))

function mapJoin(bytes: Uint8Array, table: readonly string[]): string {
  const parts = new Array<string>(bytes.length)
  for (let i = 0; i < bytes.length; i++) parts[i] = table[bytes[i]!]!
  return parts.join('')
}

/**
 * Bytes as text to paste elsewhere. 'escaped-text' is the composer's own escape syntax, so
 * pasting it back into an escaped-text payload gives the same bytes in any ASCII-based encoding.
 */
export function copyAs(bytes: Uint8Array, format: CopyFormat): string {
  switch (format) {
    case 'hex':
      return formatHex(bytes)
    case 'spaced-hex':
      return formatHex(bytes, { separator: ' ' })
    case 'c-array':
      return bytes.length === 0 ? 'unsigned char data[0] = {};' : `unsigned char data[${bytes.length}] = {\n${byteList(bytes, '    ')}\n};`
    case 'python-bytes':
      return `b'${mapJoin(bytes, PYTHON)}'`
    case 'js-uint8array':
      return bytes.length === 0 ? 'new Uint8Array([])' : `new Uint8Array([\n${byteList(bytes, '  ')}\n])`
    case 'base64':
      return formatBase64(bytes)
    case 'escaped-text':
      return mapJoin(bytes, ESCAPED_TEXT)
  }
}

// A responder's note as one English line, for the command line and the exported logs (the window
// words it in its own language).
import type { ResponderNote } from './types'

export function noteText(note: ResponderNote): string {
  switch (note.kind) {
    case 'upload':
      return `upload stored: ${note.fileName}, ${note.size} bytes, sha256 ${note.sha256}`
    case 'upload-incomplete':
      return `upload cut short: ${note.fileName}, ${note.received} of ${note.expected} bytes; nothing stored`
    case 'download':
      return note.found ? `download served: ${note.fileName}, ${note.size} bytes` : `download of ${note.fileName}: no such file`
    case 'bye':
      return `bye from the ${note.from === 'peer' ? 'client' : 'server'}: the chat ends`
    case 'error':
      return `${note.error.code}: ${note.error.message}`
  }
}

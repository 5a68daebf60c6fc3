// A responder's note as one English line, for the command line and the exported logs (the window
// words it in its own language).
import type { TlsInfo } from '../api'
import type { RelayNote, ResponderNote } from './types'

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
    case 'relay':
      return relayNoteText(note)
    case 'upstream-tls':
      return upstreamTlsText(note.upstream, note.tls)
  }
}

/** "upstream tls://host:443: TLSv1.3 TLS_AES_256_GCM_SHA384, ALPN none, certificate CN=x verified". */
function upstreamTlsText(upstream: string, tls: TlsInfo): string {
  const subject = tls.peerChain?.[0]?.subject
  const verified = tls.authorized ? 'verified' : `NOT verified (${tls.authorizationError ?? 'unknown'})`
  return `upstream ${upstream}: ${tls.protocol ?? '?'} ${tls.cipher ?? '?'}, ALPN ${tls.alpn || 'none'}, certificate ${subject ? `${subject} ` : ''}${verified}`
}

/** What a relay's fault did, toward which side: "to upstream: split into 3-byte pieces". */
export function relayNoteText(note: RelayNote): string {
  const v = note.value ?? 0
  const what = ((): string => {
    switch (note.fault) {
      case 'split':
        return `split into ${v}-byte pieces`
      case 'coalesce':
        return `writes held up to ${v} ms and joined`
      case 'delay':
        return note.maxValue !== undefined ? `delayed ${v}-${note.maxValue} ms` : `delayed ${v} ms`
      case 'bandwidth':
        return `limited to ${v} bytes/s`
      case 'reset-after':
        return `reset after ${v} bytes`
      case 'reset-on':
        return `reset on ${JSON.stringify(note.text ?? '')}`
      case 'drop':
        return `datagram dropped (${v} so far)`
      case 'duplicate':
        return `datagram duplicated (${v} so far)`
      case 'reorder':
        return `datagram held behind the next (${v} so far)`
    }
  })()
  return `relay to ${note.toward}: ${what}`
}

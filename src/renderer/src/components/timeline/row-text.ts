// What a timeline row says: a preview of its bytes in the display encoding, or a sentence for the
// rows that are events (a peer opened or closed, an error, a run folded while the window lagged).
import type { TFunction } from 'i18next'
import type { ResponderNote } from '../../../../shared/api'
import { decodeText, formatHeaderFields } from '../../../../shared/codec'
import { formatBytes, formatCount, hexPreview } from '../../format'
import { errorLine } from '../../i18n/localize'
import { KIND, type Row, type TimelineLog } from '../../store/timeline/timeline-log'
import type { DisplayEncoding } from '../../store/workspace-store'

/** Bytes of a preview decoded for one row: enough to fill a wide row, little enough to stay fast. */
const PREVIEW_DECODE_BYTES = 160

// Control characters would break the row's single line; show them the way a terminal would.
const CONTROL_MAP: Record<number, string> = { 0x0a: '↵', 0x0d: '␍', 0x09: '⇥', 0x00: '␀' }

function visible(text: string): string {
  let out = ''
  let run = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 0x20 && c !== 0x7f) continue
    out += text.slice(run, i) + (CONTROL_MAP[c] ?? '·')
    run = i + 1
  }
  return run === 0 ? text : out + text.slice(run)
}

/** What a send's row adds when the send met an error (the peer reset the connection it had closed). */
export function sendError(row: Row): string {
  const error = row.extra?.error
  return error ? `  ⚠ ${errorLine(error)}` : ''
}

/**
 * A frame's sizes as the receiving program sees them: "len=12 (header 4 B)", then the fields of a
 * JSON header ("file_name=a.txt file_size=4"). The CLI prints the same numbers.
 */
export function frameSummary(t: TFunction, row: Row): string {
  // Plain digits, as the CLI prints them and as a JSON header's file_size reads beside them.
  const size = row.aux > 0 ? t('frameSummary.sizeWithHeader', { payload: row.payloadLength, header: row.aux }) : t('frameSummary.size', { payload: row.payloadLength })
  const fields = formatHeaderFields(row.extra?.meta)
  return fields ? `${size}  ${fields}` : size
}

export function previewText(bytes: Uint8Array, encoding: DisplayEncoding): string {
  if (encoding === 'hex') return hexPreview(bytes, 48)
  const cut = bytes.length > PREVIEW_DECODE_BYTES
  const text = decodeText(cut ? bytes.subarray(0, PREVIEW_DECODE_BYTES) : bytes, encoding)
  return visible(text) + (cut ? ' …' : '')
}

export function describeEvent(t: TFunction, row: Row): string {
  const extra = row.extra
  switch (row.kind) {
    case KIND.open:
      return extra?.datagram ? t('timeline.event.openUdp') : extra?.waiting ? t('timeline.event.openWaiting') : t('timeline.event.open')
    case KIND.half:
      return extra?.peerState === 'we-ended' ? t('timeline.event.weEnded') : extra?.peerState === 'open' ? t('timeline.event.takenUp') : t('timeline.event.peerEnded')
    case KIND.close:
      return t('timeline.event.close', { reason: t(`reason.${extra?.reason ?? 'endpoint-closed'}`) }) + (extra?.error ? ` — ${errorLine(extra.error)}` : '')
    case KIND.error:
      return extra?.error ? errorLine(extra.error) : t('timeline.event.error')
    case KIND.note:
      return extra?.note ? noteText(t, extra.note) : ''
    case KIND.coalesced:
      return t('timeline.event.coalesced', { chunks: formatCount(row.aux), bytes: formatBytes(extra?.bytes ?? row.length) })
    case KIND.dropped:
      return t('timeline.event.dropped', { chunks: formatCount(row.aux), bytes: formatBytes(extra?.bytes ?? row.length) })
    case KIND.state:
      return t('timeline.event.state', { state: t(`state.${extra?.state ?? 'idle'}`) }) + (extra?.error ? ` — ${errorLine(extra.error)}` : '')
    default:
      return ''
  }
}

/** A responder's note as a sentence: what a lab checks, shown where it happened. */
export function noteText(t: TFunction, note: ResponderNote): string {
  switch (note.kind) {
    case 'upload':
      return t('responder.note.upload', { fileName: note.fileName, size: formatCount(note.size), sha256: note.sha256 })
    case 'upload-incomplete':
      return t('responder.note.upload-incomplete', { fileName: note.fileName, received: formatCount(note.received), expected: formatCount(note.expected) })
    case 'download':
      return note.found ? t('responder.note.download', { fileName: note.fileName, size: formatCount(note.size) }) : t('responder.note.downloadMissing', { fileName: note.fileName })
    case 'bye':
      return t('responder.note.bye', { from: t(`responder.note.from.${note.from}`) })
    case 'error':
      return `${note.error.code}: ${note.error.message}`
    case 'relay': {
      const toward = t(`responder.note.relay.toward.${note.toward}`)
      const key = note.fault === 'delay' && note.maxValue !== undefined ? 'delayRange' : note.fault
      return t(`responder.note.relay.${key}`, { toward, value: formatCount(note.value ?? 0), maxValue: formatCount(note.maxValue ?? 0), text: note.text ?? '' })
    }
    case 'upstream-tls': {
      const s = note.tls
      const verified = s.authorized ? t('responder.note.upstreamTlsVerified') : t('responder.note.upstreamTlsNotVerified', { reason: s.authorizationError ?? '?' })
      return t('responder.note.upstreamTls', {
        upstream: note.upstream,
        protocol: s.protocol ?? '?',
        cipher: s.cipher ?? '?',
        alpn: s.alpn || t('responder.note.upstreamTlsNone'),
        subject: s.peerChain?.[0]?.subject ?? '?',
        verified
      })
    }
  }
}

/** The text a row is filtered and searched by; undefined for rows whose bytes are not at hand. */
export function rowTextFor(t: TFunction, encoding: DisplayEncoding): (log: TimelineLog, index: number) => string | undefined {
  return (log, index) => {
    const kind = log.kindAt(index)
    if (kind === KIND.data || kind === KIND.frame) {
      const preview = log.preview(index)
      if (!preview) return undefined
      const row = log.row(index)
      // A frame is found by its header too: search for a file name and the frame that carried it shows.
      return (kind === KIND.frame ? `${frameSummary(t, row)}  ` : '') + previewText(preview, encoding) + sendError(row)
    }
    return describeEvent(t, log.row(index))
  }
}

// What the CLI prints for each event: human lines with a hex dump (default), only the received
// payloads (-q, each on its own line unless --raw), or one JSON object a line (--json).
import type { AppError, CloseReason, Direction } from '../shared/api'
import { decodeText, formatFrameSize, formatHeaderFields, formatHex, hexDump, type TextEncodingName } from '../shared/codec'

export type OutputMode = 'human' | 'quiet' | 'json'

export interface PrintedEvent {
  /**
   * `peer-ended`: the peer sent FIN (our read returned no bytes); `served`: a client that waited
   * (one client at a time) is taken up.
   */
  event:
    | 'listening'
    | 'connect'
    /** UDP: the socket is bound here (a client's local address, for replies to come back to). */
    | 'bound'
    /** UDP: a client's datagrams go to this peer; there is no connection to make. */
    | 'sending-to'
    /** UDP: the first datagram from an address not seen before. */
    | 'sender'
    | 'peer-ended'
    | 'served'
    | 'data'
    | 'frame'
    | 'close'
    | 'error'
    | 'summary'
    | 'notice'
    /** TLS: what the handshake negotiated, or the certificate a server presents. */
    | 'tls'
  endpoint?: string
  peer?: string
  dir?: Direction
  bytes?: Uint8Array
  /** For events without bytes: a length to show anyway (e.g. a summary). */
  len?: number
  reason?: CloseReason
  error?: AppError
  address?: string
  /** Frames: bytes of the framing's header before the payload (a length prefix, a JSON header). */
  headerLength?: number
  /** json-header frames: the parsed header. */
  meta?: Record<string, unknown>
  /** Free-form fields for summaries and notices. */
  extra?: Record<string, unknown>
  /** A client that connected while another is served: it waits, unread. */
  waiting?: boolean
  message?: string
}

/** Human mode dumps at most this much of one chunk; -q and --json print everything. */
const HUMAN_DUMP_LIMIT = 4096

const REASON_TEXT: Record<CloseReason, string> = {
  'fin-peer': 'the peer closed (FIN)',
  'fin-local': 'we closed (FIN)',
  reset: 'reset (RST)',
  timeout: 'timed out',
  error: 'error',
  'endpoint-closed': 'the endpoint closed'
}

/** The moment the lessons are about: recv returned b'' because the peer sent FIN. */
export const PEER_ENDED_TEXT = "the peer closed its side (FIN): recv returned b''"
const WAITING_TEXT = 'waiting: the kernel completed the handshake; served once the client before it leaves'
const SENDER_TEXT = 'a new sender (UDP makes no connection: each datagram carries its sender\u2019s address)'
const SERVED_TEXT = 'taken up now: the client before it left; what it sent while waiting is read now'

function clock(): string {
  const d = new Date()
  const pad = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
}

/** Text of the bytes when they decode cleanly in the encoding; undefined when they do not. */
function cleanText(bytes: Uint8Array, encoding: TextEncodingName): string | undefined {
  const text = decodeText(bytes, encoding, { invalid: 'replace' })
  if (text.includes('\uFFFD')) return undefined
  // Control characters other than whitespace mean binary data, not text.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return undefined
  }
  return text
}

export interface Printer {
  print(e: PrintedEvent): void
}

export interface PrinterOptions {
  /** -q: write received payloads exactly as they came, with nothing between them. */
  raw?: boolean
}

const NEWLINE = new Uint8Array([0x0a])

export function createPrinter(
  mode: OutputMode,
  encoding: TextEncodingName,
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
  options: PrinterOptions = {}
): Printer {
  if (mode === 'json') {
    return {
      print(e) {
        const record: Record<string, unknown> = { time: new Date().toISOString(), event: e.event }
        if (e.endpoint !== undefined) record.endpoint = e.endpoint
        if (e.peer !== undefined) record.peer = e.peer
        if (e.address !== undefined) record.address = e.address
        if (e.dir !== undefined) record.dir = e.dir
        if (e.waiting) record.waiting = true
        if (e.bytes) {
          record.len = e.bytes.byteLength
          record.hex = formatHex(e.bytes)
          const text = cleanText(e.bytes, encoding)
          if (text !== undefined) record.text = text
        } else if (e.len !== undefined) record.len = e.len
        if (e.headerLength !== undefined) record.headerLength = e.headerLength
        if (e.meta) record.meta = e.meta
        if (e.reason) record.reason = e.reason
        if (e.error) Object.assign(record, { code: e.error.code, message: e.error.message, hint: e.error.hint })
        if (e.message) record.message = e.message
        if (e.extra) Object.assign(record, e.extra)
        out.write(JSON.stringify(record) + '\n')
      }
    }
  }
  if (mode === 'quiet') {
    return {
      print(e) {
        if ((e.event === 'data' || e.event === 'frame') && e.dir === 'in' && e.bytes) {
          out.write(e.bytes)
          // One payload a line, so two replies do not run together; --raw keeps the bytes exact.
          if (!options.raw && e.bytes.byteLength > 0 && e.bytes[e.bytes.byteLength - 1] !== 0x0a) out.write(NEWLINE)
        } else if (e.event === 'error' && e.error) err.write(`error: ${e.error.message}\nhint: ${e.error.hint}\n`)
        // stdout carries only payloads; where a server listens (port 0 resolved) and what went wrong go to stderr.
        else if (e.event === 'listening') err.write(`listening on ${e.address}\n`)
        else if ((e.event === 'notice' || e.event === 'tls') && e.message) err.write(`${e.message}\n`)
      }
    }
  }
  return {
    print(e) {
      const who = e.peer ? `  ${e.peer}` : ''
      switch (e.event) {
        case 'listening':
          out.write(`${clock()}  listening on ${e.address}\n`)
          return
        case 'connect':
          out.write(`${clock()}  connect${who}${e.waiting ? `  ${WAITING_TEXT}` : ''}\n`)
          return
        case 'bound':
          out.write(`${clock()}  bound ${e.address}\n`)
          return
        case 'sending-to':
          out.write(`${clock()}  sending to ${e.peer}\n`)
          return
        case 'sender':
          out.write(`${clock()}  from${who}  ${SENDER_TEXT}\n`)
          return
        case 'peer-ended':
          out.write(`${clock()}  fin${who}  ${PEER_ENDED_TEXT}\n`)
          return
        case 'served':
          out.write(`${clock()}  served${who}  ${SERVED_TEXT}\n`)
          return
        case 'data':
        case 'frame': {
          const bytes = e.bytes ?? new Uint8Array(0)
          const arrow = e.dir === 'in' ? 'in ' : 'out'
          // A frame: the payload's length and, apart from it, the header, then a JSON header's fields.
          const size = e.event === 'frame' ? formatFrameSize({ payloadLength: bytes.byteLength, headerLength: e.headerLength ?? 0 }) : `${bytes.byteLength} bytes`
          const fields = formatHeaderFields(e.meta)
          out.write(`${clock()}  ${e.event.padEnd(5)}${who}  ${arrow}  ${size}${fields ? `  ${fields}` : ''}\n`)
          if (e.dir === 'in' || e.event === 'frame') {
            const shown = bytes.subarray(0, HUMAN_DUMP_LIMIT)
            if (shown.byteLength > 0) out.write(indent(hexDump(shown, { bytesPerRow: 16 })))
            if (bytes.byteLength > shown.byteLength) {
              out.write(`    ... ${bytes.byteLength - shown.byteLength} more bytes (use -q or --json to print them all)\n`)
            }
          }
          return
        }
        case 'close':
          out.write(`${clock()}  close${who}  ${e.reason ? REASON_TEXT[e.reason] : ''}${e.error ? ` (${e.error.code}: ${e.error.message.trimEnd()})` : ''}\n`)
          // A connection that failed says what to do, as an error does.
          if (e.reason === 'error' && e.error?.hint) out.write(`    hint: ${e.error.hint}\n`)
          return
        case 'error':
          err.write(`${clock()}  error${who}  ${e.error?.code}: ${e.error?.message}\n    hint: ${e.error?.hint}\n`)
          return
        case 'summary':
        case 'notice':
          err.write(`${e.message}\n`)
          return
        case 'tls':
          out.write(`${clock()}  tls${who}  ${e.message}\n`)
          return
      }
    }
  }
}

function indent(dump: string): string {
  return dump
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => `    ${line}\n`)
    .join('')
}

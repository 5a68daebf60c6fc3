// The capture as a log: plain text for a person to read, CSV for a spreadsheet (RFC 4180), or JSON
// Lines for a program. Like the pcapng writer it is fed the capture's records one at a time and
// hands full blocks to a sink, holding nothing but the peers' names.
//
// Every record becomes one line (one CSV row): time, endpoint, event, direction, peer, sequence
// number, stream offset, length, and the payload as text when it is text and always as hex.
// Frames carry the first bytes the capture keeps of them (`truncated` says when that is not all),
// their header length and parsed header. Bytes the capture dropped to stay within its limit
// appear as a `dropped` line.
import type { AppError, CaptureRecord, Direction, EndpointState, FrameEvent, SocketAddress } from '../api'
import type { TextEncodingName } from '../codec'
import { noteText } from '../responders/note-text'
import type { ResponderNote } from '../responders/types'
import { ByteOut, type ByteSink } from './byte-out'
import type { CaptureFileWriter, ExportEndpoint } from './capture-file'
import { cleanText, formatTime, peerLabel, REASON_TEXT, writeHex } from './log-fields'

export type LogFormat = 'text' | 'csv' | 'jsonl'

export interface LogOptions {
  /** How payloads are decoded for their text field (UTF-8 by default). */
  encoding?: TextEncodingName
  /**
   * CSV: put a ' before a text cell that starts with = + - @ or a tab or CR, so a spreadsheet shows
   * a peer's bytes instead of running them as a formula (on by default). The hex column is exact.
   */
  guardFormulas?: boolean
  blockBytes?: number
}

type LogEventName = 'data' | 'frame' | 'open' | 'half-close' | 'close' | 'state' | 'dropped' | 'note'

/** One line of the log, whatever its format. */
interface LogEvent {
  time: number | undefined
  endpoint: string
  endpointId: string
  event: LogEventName
  dir?: Direction
  peer?: string
  seq?: number
  offset?: number
  length?: number
  bytes?: Uint8Array
  /** A frame whose kept bytes are fewer than its length. */
  truncated?: boolean
  headerLength?: number
  meta?: Record<string, unknown>
  /** Close reason, peer or endpoint state, or what was dropped, in words. */
  info?: string
  reason?: string
  state?: string
  error?: AppError
  droppedBytes?: number
  droppedChunks?: number
  /** What a responder noted (an upload's sha256...), whole in JSON lines. */
  note?: ResponderNote
}

interface Source {
  endpoint: ExportEndpoint
  peers: Map<string, string>
  droppedBytes: number
  droppedChunks: number
}

const CSV_COLUMNS = ['time', 'endpoint', 'event', 'dir', 'peer', 'seq', 'offset', 'length', 'text', 'hex', 'info']
const FORMULA_START = /^[=+\-@\t\r]/

const utf8 = new TextEncoder()

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/** A payload's text on one line of the text log: quoted, with backslash escapes for what would break it. */
function quoteText(text: string): string {
  return `"${text.replace(/[\\"\n\r\t]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\${c}`))}"`
}

/** Control characters as escapes, so a field cannot break or forge a line of the text log. */
function oneLine(text: string): string {
  let out = ''
  for (const c of text) {
    const code = c.charCodeAt(0)
    if (c === '\n') out += '\\n'
    else if (c === '\r') out += '\\r'
    else if (c === '\t') out += '\\t'
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16).padStart(4, '0')}`
    else out += c
  }
  return out
}

function stateInfo(state: EndpointState, error: AppError | undefined): string {
  return error ? `${state}: ${error.code}: ${error.message}` : state
}

export class LogWriter implements CaptureFileWriter {
  private readonly out: ByteOut
  private readonly sources: Source[] = []
  private readonly encoding: TextEncodingName
  private readonly guardFormulas: boolean
  private lines = 0

  constructor(
    private readonly format: LogFormat,
    sink: ByteSink,
    options: LogOptions = {}
  ) {
    this.out = new ByteOut(sink, options.blockBytes)
    this.encoding = options.encoding ?? 'utf-8'
    this.guardFormulas = options.guardFormulas ?? true
    if (format === 'csv') this.text(CSV_COLUMNS.join(',') + '\r\n')
  }

  get bytesWritten(): number {
    return this.out.written
  }

  get linesWritten(): number {
    return this.lines
  }

  addEndpoint(endpoint: ExportEndpoint): number {
    this.sources.push({ endpoint, peers: new Map(), droppedBytes: 0, droppedChunks: 0 })
    return this.sources.length - 1
  }

  notePeer(index: number, peerId: string, remote: SocketAddress | { path: string }): void {
    this.source(index).peers.set(peerId, peerLabel(remote, peerId))
  }

  write(index: number, record: CaptureRecord, bytes?: Uint8Array): void {
    const s = this.source(index)
    const base = { endpoint: s.endpoint.name, endpointId: s.endpoint.id ?? String(index) }
    const peer = (id: string): string => s.peers.get(id) ?? id
    switch (record.type) {
      case 'data':
        if (!bytes) throw new TypeError(`chunk ${record.seq} needs its bytes`)
        this.line({ ...base, time: record.time, event: 'data', dir: record.dir, peer: peer(record.peerId), seq: record.seq, offset: record.offset, length: record.length, bytes })
        return
      case 'frame':
        this.line(this.frame(base, record.event, peer(record.event.peerId)))
        return
      case 'peer': {
        const ev = record.event
        s.peers.set(ev.peer.id, peerLabel(ev.peer.remote, ev.peer.id))
        const p = peer(ev.peer.id)
        if (ev.type === 'peer-open') this.line({ ...base, time: ev.peer.since, event: 'open', peer: p, seq: record.seq, info: 'connected' })
        else if (ev.type === 'peer-state') {
          const info = ev.peer.state === 'peer-ended' ? 'the peer ended its side (FIN)' : ev.peer.state === 'we-ended' ? 'we ended our side (FIN)' : ev.peer.state
          this.line({ ...base, time: ev.time, event: 'half-close', peer: p, seq: record.seq, state: ev.peer.state, info })
        } else {
          const info = ev.error ? `${REASON_TEXT[ev.reason]}: ${ev.error.code}: ${ev.error.message}` : REASON_TEXT[ev.reason]
          this.line({ ...base, time: ev.time, event: 'close', peer: p, seq: record.seq, reason: ev.reason, info, ...(ev.error ? { error: ev.error } : {}) })
        }
        return
      }
      case 'note': {
        const ev = record.event
        this.line({ ...base, time: ev.time, event: 'note', peer: peer(ev.peerId), seq: record.seq, info: noteText(ev.note), note: ev.note, ...(ev.note.kind === 'error' ? { error: ev.note.error } : {}) })
        return
      }
      case 'state':
        this.line({ ...base, time: record.time, event: 'state', seq: record.seq, state: record.state, info: stateInfo(record.state, record.error), ...(record.error ? { error: record.error } : {}) })
        return
      case 'dropped': {
        const bytesDropped = record.bytes - s.droppedBytes
        const chunks = record.chunks - s.droppedChunks
        if (bytesDropped <= 0 && chunks <= 0) return
        s.droppedBytes = record.bytes
        s.droppedChunks = record.chunks
        this.dropped(base, bytesDropped, chunks)
        return
      }
    }
  }

  lost(index: number, bytes: number, chunks = 1): void {
    const s = this.source(index)
    s.droppedBytes += bytes
    s.droppedChunks += chunks
    this.dropped({ endpoint: s.endpoint.name, endpointId: s.endpoint.id ?? String(index) }, bytes, chunks)
  }

  flush(): void {
    this.out.flush()
  }

  private source(index: number): Source {
    const s = this.sources[index]
    if (!s) throw new RangeError(`no endpoint ${index}: add it first`)
    return s
  }

  private frame(base: { endpoint: string; endpointId: string }, ev: FrameEvent, peer: string): LogEvent {
    const e: LogEvent = { ...base, time: ev.time, event: 'frame', dir: ev.dir, peer, seq: ev.seq, offset: ev.offset, length: ev.length, bytes: ev.preview, headerLength: ev.headerLength }
    if (ev.preview.byteLength < ev.length) e.truncated = true
    if (ev.meta !== undefined) e.meta = ev.meta
    return e
  }

  private dropped(base: { endpoint: string; endpointId: string }, bytes: number, chunks: number): void {
    this.line({ ...base, time: undefined, event: 'dropped', length: bytes, droppedBytes: bytes, droppedChunks: chunks, info: `${bytes} bytes in ${chunks} chunks dropped to stay within the capture limit` })
  }

  private text(s: string): void {
    this.out.write(utf8.encode(s))
  }

  private line(e: LogEvent): void {
    this.lines++
    if (this.format === 'jsonl') this.jsonLine(e)
    else if (this.format === 'csv') this.csvRow(e)
    else this.textLine(e)
  }

  private textLine(e: LogEvent): void {
    // Names, paths and error messages are anyone's text: kept to one line, as the payloads are.
    const parts = [e.time !== undefined ? formatTime(e.time) : '-'.repeat(27), oneLine(e.endpoint), e.event.padEnd(10)]
    if (e.dir) parts.push(e.dir.padEnd(3))
    if (e.peer !== undefined) parts.push(oneLine(e.peer))
    if (e.event === 'data' || e.event === 'frame') {
      let size = `${e.length} bytes`
      if (e.headerLength) size += ` (header ${e.headerLength})`
      parts.push(size)
      if (e.meta) parts.push(safeJson(e.meta))
    } else if (e.info) parts.push(oneLine(e.info))
    this.text(parts.join('  '))
    if (e.bytes && e.bytes.byteLength > 0) {
      const text = cleanText(e.bytes, this.encoding)
      if (text !== undefined) this.text(`  text ${quoteText(text)}`)
      else {
        this.text('  hex ')
        writeHex(this.out, e.bytes, true)
      }
      if (e.truncated) this.text(` ... (first ${e.bytes.byteLength} bytes)`)
    }
    this.text('\n')
  }

  private csvRow(e: LogEvent): void {
    const text = e.bytes ? cleanText(e.bytes, this.encoding) : undefined
    const guarded = text !== undefined && this.guardFormulas && FORMULA_START.test(text) ? `'${text}` : text
    const info = [e.info, e.headerLength ? `header ${e.headerLength} bytes` : undefined, e.meta ? safeJson(e.meta) : undefined, e.truncated ? `first ${e.bytes!.byteLength} bytes kept` : undefined]
      .filter((x) => x !== undefined)
      .join('; ')
    const head = [e.time !== undefined ? formatTime(e.time) : '', e.endpoint, e.event, e.dir ?? '', e.peer ?? '', num(e.seq), num(e.offset), num(e.length), guarded ?? '']
    this.text(head.map(csvCell).join(',') + ',')
    // Hex needs no quoting: it is only digits and letters.
    if (e.bytes) writeHex(this.out, e.bytes, false)
    this.text(',' + csvCell(info) + '\r\n')
  }

  private jsonLine(e: LogEvent): void {
    const o: Record<string, unknown> = { time: e.time !== undefined ? formatTime(e.time) : null, endpoint: e.endpoint, endpointId: e.endpointId, event: e.event }
    if (e.dir) o.dir = e.dir
    if (e.peer !== undefined) o.peer = e.peer
    if (e.seq !== undefined) o.seq = e.seq
    if (e.offset !== undefined) o.offset = e.offset
    if (e.length !== undefined) o.length = e.length
    if (e.headerLength !== undefined) o.headerLength = e.headerLength
    if (e.meta !== undefined) o.meta = representable(e.meta)
    if (e.truncated) o.truncated = true
    if (e.reason !== undefined) o.reason = e.reason
    if (e.state !== undefined) o.state = e.state
    if (e.error) o.error = { code: e.error.code, message: e.error.message }
    if (e.note) o.note = e.note
    if (e.droppedChunks !== undefined) o.chunks = e.droppedChunks
    if (e.info !== undefined && e.event !== 'data' && e.event !== 'frame') o.info = e.info
    if (e.bytes) {
      const text = cleanText(e.bytes, this.encoding)
      if (text !== undefined) o.text = text
    }
    const json = JSON.stringify(o)
    if (!e.bytes) {
      this.text(json + '\n')
      return
    }
    // The hex goes in last, written straight into the output rather than through a string.
    this.text(json.slice(0, -1) + ',"hex":"')
    writeHex(this.out, e.bytes, false)
    this.text('"}\n')
  }
}

function num(n: number | undefined): string {
  return n === undefined ? '' : String(n)
}

const NOT_JSON = '(not representable as JSON)'

/** JSON of a parsed frame header; one that cannot be written says so instead of throwing. */
function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value)
  } catch {
    return JSON.stringify(NOT_JSON)
  }
}

function representable(value: Record<string, unknown>): unknown {
  try {
    JSON.stringify(value)
    return value
  } catch {
    return NOT_JSON
  }
}

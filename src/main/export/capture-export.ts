// Streams one or more endpoints' capture into an export writer, page by page: the records of a
// page are small, each chunk's bytes are read when its turn comes, and the writer's blocks go to
// the output before more is read, so memory stays a few MiB whatever the capture holds. Several
// endpoints are merged in time order (each keeps its own order). What the capture holds when the
// export begins is exported; what arrives meanwhile is not.
import { performance } from 'node:perf_hooks'
import type { CaptureRecord, EndpointInfo, SocketAddress } from '../../shared/api'
import type { ExportView } from '../../shared/schemas'
import { decodeText, parseTextEncoding, type TextEncodingName } from '../../shared/codec'
import { SocketLabError, toAppError } from '../../shared/errors'
import { createCaptureWriter, DEFAULT_BLOCK_BYTES, type CaptureFileWriter, type ExportFormat } from '../../shared/export'
import type { TimeResolution } from '../../shared/export'
import { APP_NAME, APP_VERSION } from '../app-info'
import type { Engine } from '../engine/types'

export interface CaptureExportSpec {
  endpointIds: string[]
  format: ExportFormat
  timeResolution?: TimeResolution
  encoding?: string
  /** Logs: only the rows a filtered timeline shows. */
  view?: ExportView
}

/** Whether a record is in the view; a chunk's bytes are given for its text. */
function inView(view: ExportView | undefined, record: CaptureRecord, bytes: Uint8Array | undefined, encoding: TextEncodingName): boolean {
  if (!view) return true
  const needle = view.text ? view.text.toLowerCase() : ''
  const textHas = (b: Uint8Array | undefined): boolean => needle === '' || (b !== undefined && decodeText(b, encoding).toLowerCase().includes(needle))
  switch (record.type) {
    case 'data':
      return view.chunks !== false && (!view.dir || record.dir === view.dir) && (!view.peerId || record.peerId === view.peerId) && textHas(bytes)
    case 'frame':
      return view.frames !== false && (!view.dir || record.event.dir === view.dir) && (!view.peerId || record.event.peerId === view.peerId) && textHas(record.event.preview)
    default: {
      // Events have no direction and no payload text: a direction or a text filter leaves them out.
      if (view.events === false || view.dir || needle) return false
      if (!view.peerId) return true
      const peerId = record.type === 'peer' ? record.event.peer.id : record.type === 'note' ? record.event.peerId : undefined
      return peerId === view.peerId
    }
  }
}

export interface ExportCounts {
  records: number
  /** Payload bytes written, and those the capture held when the export began. */
  bytes: number
  totalBytes: number
  fileBytes: number
  lostChunks: number
}

/** Where the file's bytes go; each write resolves once the bytes are taken (backpressure). */
export type ExportWrite = (bytes: Uint8Array) => Promise<void>

export interface CaptureExportOptions {
  signal?: AbortSignal
  onProgress?(counts: ExportCounts): void
  /** Records per capture page. */
  pageSize?: number
  /** Bytes of file waiting for the output before the export stops to let it take them. */
  highWaterBytes?: number
}

const DEFAULT_PAGE = 1000
const DEFAULT_HIGH_WATER = 4 * 1024 * 1024
/** A capture of many small records reports progress this often, not only as the file grows. */
const PROGRESS_RECORDS = 4096

/** Epoch milliseconds on the engine's clock (engine/clock.ts), to compare with record times. */
function engineNow(): number {
  return performance.timeOrigin + performance.now()
}

function timeOf(r: CaptureRecord): number {
  switch (r.type) {
    case 'data':
    case 'state':
      return r.time
    case 'frame':
      return r.event.time
    case 'peer':
      return r.event.type === 'peer-open' ? r.event.peer.since : r.event.time
    case 'note':
      return r.event.time
    case 'dropped':
      // What was dropped went before anything still held.
      return -Infinity
  }
}

/** One endpoint's records in order, a page at a time, up to the moment the export began. */
class CaptureCursor {
  private records: CaptureRecord[] = []
  private at = 0
  private from = 0
  private lastPage = false
  private ended = false

  constructor(
    private readonly engine: Engine,
    readonly endpointId: string,
    readonly index: number,
    private readonly cutoff: number,
    private readonly pageSize: number
  ) {}

  /** The next record, or undefined at the end. */
  peek(): CaptureRecord | undefined {
    while (!this.ended && this.at >= this.records.length) this.readPage()
    if (this.ended) return undefined
    const r = this.records[this.at]!
    // Records after the moment the export began (a chunk, an event, a frame) end it.
    if (r.type !== 'dropped' && timeOf(r) > this.cutoff) {
      this.ended = true
      return undefined
    }
    return r
  }

  take(): void {
    this.at++
  }

  private readPage(): void {
    if (this.lastPage) {
      this.ended = true
      return
    }
    const page = this.engine.readCapture(this.endpointId, this.from, this.pageSize)
    this.records = page.records
    this.at = 0
    // A page read where the capture ends holds the events after its last chunk, and does not move on.
    if (page.nextSeq <= this.from) this.lastPage = true
    this.from = page.nextSeq
  }
}

/**
 * Peers' addresses, from every peer event held and from the peers open now: a peer whose opening
 * was dropped from the capture is otherwise only an id. One pass over the records, without bytes.
 */
function knownPeers(engine: Engine, endpointId: string, cutoff: number, pageSize: number): Map<string, SocketAddress | { path: string }> {
  const peers = new Map<string, SocketAddress | { path: string }>()
  for (const p of engine.peers(endpointId)) peers.set(p.id, p.remote)
  const cursor = new CaptureCursor(engine, endpointId, 0, cutoff, pageSize)
  for (let r = cursor.peek(); r; cursor.take(), r = cursor.peek()) {
    if (r.type === 'peer') peers.set(r.event.peer.id, r.event.peer.remote)
  }
  return peers
}

function heldBytes(info: EndpointInfo): number {
  return Math.max(0, info.counters.bytesIn + info.counters.bytesOut + (info.pendingOut ?? 0) - info.captureDroppedBytes)
}

function cancelled(): SocketLabError {
  return new SocketLabError('ECANCELED', 'The export was cancelled', 'Start it again to export the capture.')
}

/** Writes the capture of `spec.endpointIds` in `spec.format` to `write`; resolves with the counts when done. */
export async function streamCaptureExport(engine: Engine, spec: CaptureExportSpec, write: ExportWrite, options: CaptureExportOptions = {}): Promise<ExportCounts> {
  const infos = spec.endpointIds.map((id) => engine.get(id))
  const pageSize = options.pageSize ?? DEFAULT_PAGE
  const highWater = options.highWaterBytes ?? DEFAULT_HIGH_WATER
  const cutoff = engineNow()
  let pending: Uint8Array[] = []
  let pendingBytes = 0
  const writer: CaptureFileWriter = createCaptureWriter(
    spec.format,
    (block) => {
      pending.push(block)
      pendingBytes += block.byteLength
    },
    {
      // The writer hands over full blocks: no larger than what may wait for the output.
      blockBytes: Math.min(DEFAULT_BLOCK_BYTES, highWater),
      application: `${APP_NAME} ${APP_VERSION}`,
      ...(spec.timeResolution ? { resolution: spec.timeResolution } : {}),
      ...(spec.encoding ? { encoding: parseTextEncoding(spec.encoding) } : {})
    }
  )
  const viewEncoding = spec.encoding ? parseTextEncoding(spec.encoding) : 'utf-8'
  const counts: ExportCounts = { records: 0, bytes: 0, totalBytes: infos.reduce((n, i) => n + heldBytes(i), 0), fileBytes: 0, lostChunks: 0 }
  const cursors = infos.map((info) => {
    const index = writer.addEndpoint({ id: info.id, name: info.name, kind: info.kind, ...(info.local ? { local: info.local } : {}) })
    for (const [peerId, remote] of knownPeers(engine, info.id, cutoff, pageSize)) writer.notePeer(index, peerId, remote)
    return new CaptureCursor(engine, info.id, index, cutoff, pageSize)
  })

  const drain = async (): Promise<void> => {
    const blocks = pending
    pending = []
    pendingBytes = 0
    for (const block of blocks) {
      if (options.signal?.aborted) throw cancelled()
      await write(block)
      counts.fileBytes += block.byteLength
    }
    options.onProgress?.({ ...counts })
  }

  for (;;) {
    if (options.signal?.aborted) throw cancelled()
    // The endpoint whose next record is oldest goes next; a tie keeps the order endpoints were given.
    let next: CaptureCursor | undefined
    let nextTime = Infinity
    for (const c of cursors) {
      const r = c.peek()
      if (r === undefined) continue
      const t = timeOf(r)
      if (next === undefined || t < nextTime) {
        next = c
        nextTime = t
      }
    }
    if (!next) break
    const record = next.peek()!
    next.take()
    counts.records++
    if (record.type === 'data') {
      let bytes: Uint8Array | undefined
      try {
        bytes = engine.readChunk(next.endpointId, record.seq).bytes
      } catch (err) {
        // Overwritten since its page was read: new traffic pushed it out of the capture limit.
        if (toAppError(err).code !== 'EDROPPED') throw err
      }
      if (bytes && !inView(spec.view, record, bytes, viewEncoding)) {
        // Not in the view: left out of the file.
      } else if (bytes) {
        writer.write(next.index, record, bytes)
        counts.bytes += bytes.byteLength
      } else {
        writer.lost(next.index, record.length)
        counts.lostChunks++
      }
    } else if (inView(spec.view, record, undefined, viewEncoding)) {
      writer.write(next.index, record)
    }
    if (pendingBytes >= highWater) await drain()
    else if (counts.records % PROGRESS_RECORDS === 0) options.onProgress?.({ ...counts })
  }
  writer.flush()
  await drain()
  return counts
}

// Full bytes for the inspector, fetched from the capture on demand: a chunk is one readChunk; a frame
// is put together from the received chunks of its peer that cover its stream range.
import type { AppError, SocketLabApi } from '../../../../shared/api'
import { DIR, KIND, type Row, type TimelineLog } from '../../store/timeline/timeline-log'

/** The most bytes the inspector shows of one chunk or frame. */
export const INSPECT_LIMIT = 16 * 1024 * 1024
/** How far around a row the log is searched for the chunks of a frame or the frames of a chunk. */
const SCAN_ROWS = 5000

export interface Inspected {
  bytes: Uint8Array
  /** Stream offset of bytes[0], for the offset column and for framing marks. */
  offset: number
  /** Framing header ranges, in stream offsets. */
  headers: { offset: number; length: number }[]
  truncated: boolean
}

export type Loaded = { ok: true; value: Inspected } | { ok: false; error: AppError }

function headerMarks(log: TimelineLog, row: Row, start: number, end: number): Inspected['headers'] {
  const marks: Inspected['headers'] = []
  const stop = Math.min(log.end, row.index + SCAN_ROWS)
  for (let i = row.index + 1; i < stop; i++) {
    if (log.kindAt(i) !== KIND.frame) continue
    const f = log.row(i)
    if (f.peerId !== row.peerId || f.dir !== row.dir) continue
    if (f.offset >= end) break
    if (f.aux > 0 && f.offset + f.aux > start) marks.push({ offset: f.offset, length: f.aux })
  }
  return marks
}

async function loadChunk(api: SocketLabApi, log: TimelineLog, row: Row): Promise<Loaded> {
  const r = await api.readChunk({ endpointId: log.endpointId, seq: row.seq })
  if (!r.ok) return r
  const all = r.value.bytes
  const truncated = all.length > INSPECT_LIMIT
  const bytes = truncated ? all.subarray(0, INSPECT_LIMIT) : all
  const headers = row.dir === DIR.in ? headerMarks(log, row, r.value.offset, r.value.offset + all.length) : []
  return { ok: true, value: { bytes, offset: r.value.offset, headers, truncated } }
}

async function loadFrame(api: SocketLabApi, log: TimelineLog, row: Row): Promise<Loaded> {
  const start = row.offset
  const length = Math.min(row.length, INSPECT_LIMIT)
  const end = start + length
  const seqs: number[] = []
  const stop = Math.max(log.first, row.index - SCAN_ROWS)
  for (let i = row.index - 1; i >= stop; i--) {
    if (log.kindAt(i) !== KIND.data) continue
    const c = log.row(i)
    if (c.peerId !== row.peerId || c.dir !== row.dir) continue
    if (c.offset + c.length <= start) break
    if (c.offset < end) seqs.push(c.seq)
  }
  const out = new Uint8Array(length)
  for (const seq of seqs) {
    const r = await api.readChunk({ endpointId: log.endpointId, seq })
    if (!r.ok) return r
    const c = r.value
    const from = Math.max(start, c.offset)
    const to = Math.min(end, c.offset + c.bytes.length)
    if (to > from) out.set(c.bytes.subarray(from - c.offset, to - c.offset), from - start)
  }
  return { ok: true, value: { bytes: out, offset: start, headers: row.aux > 0 ? [{ offset: start, length: row.aux }] : [], truncated: row.length > length } }
}

export function loadBytes(api: SocketLabApi, log: TimelineLog, row: Row): Promise<Loaded> {
  return row.kind === KIND.frame ? loadFrame(api, log, row) : loadChunk(api, log, row)
}

// What the timeline says on a received chunk that held several messages (sticky packets): how many
// of the sender's writes it held, when the sender is an endpoint in this window, or else how many
// frames it completed. Worked out only for the rows on screen.
import { DIR, KIND, type TimelineLog } from '../../store/timeline/timeline-log'
import type { StreamSide } from './stream-model'

export interface ReadAtOnce {
  count: number
  /** Writes of the sender, or frames decoded from the chunk. */
  unit: 'writes' | 'frames'
}

/** Rows looked through for a chunk's frames, and for the sender's writes. */
const FRAME_SCAN = 100_000
const WRITE_SCAN = 200_000

/** Frames a received chunk completed: they follow its row, with its seq. */
export function framesCompletedBy(log: TimelineLog, index: number): number {
  const seq = log.seqAt(index)
  let n = 0
  const stop = Math.min(log.end, index + 1 + FRAME_SCAN)
  for (let i = index + 1; i < stop && log.kindAt(i) === KIND.frame; i++) if (log.seqAt(i) === seq) n++
  return n
}

interface Writes {
  log: TimelineLog
  peerId: string
  version: number
  from: number
  to: number
  starts: number[]
  ends: number[]
}

// The writes last looked up, per sender: the rows on screen change far more often than the range.
const cache = new WeakMap<TimelineLog, Writes>()

/** Rows a probe looks through for the next write of the connection before it gives up. */
const PROBE = 4096

/**
 * The row from which the connection's writes reach past `from`, found by halving: its writes are in
 * stream order, so "the next write from row p ends after `from`" turns true once and stays true.
 * Undefined when a probe finds no write nearby (other traffic fills the log); the caller then scans.
 */
function firstWriteReaching(log: TimelineLog, want: number, lo: number, hi: number, from: number): number | undefined {
  const isWrite = (i: number): boolean => log.kindAt(i) === KIND.data && log.dirAt(i) === DIR.out && log.peerIndexAt(i) === want
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2)
    let j = mid
    const stop = Math.min(hi, mid + PROBE)
    while (j < stop && !isWrite(j)) j++
    if (j === stop && stop < hi) return undefined
    if (j === hi) hi = mid
    else {
      const r = log.row(j)
      if (r.offset + r.length > from) hi = mid
      else lo = j + 1
    }
  }
  return lo
}

/** The sender's writes that reach into [from, to), oldest first; looked for among its newest rows. */
function writesBetween(writer: StreamSide, from: number, to: number): Writes {
  const { log, peerId } = writer
  const hit = cache.get(log)
  // Still good while nothing was written since, or when it already reaches past `to`: later writes
  // of this connection start where its stream is now, so they cannot fall in the range.
  const reachesPast = (w: Writes): boolean => w.ends.length > 0 && w.ends[w.ends.length - 1]! >= to
  if (hit && hit.peerId === peerId && hit.from <= from && hit.to >= to && (hit.version === log.version || reachesPast(hit))) return hit
  const found: Writes = { log, peerId, version: log.version, from, to, starts: [], ends: [] }
  const want = log.peerIndexOf(peerId)
  const oldest = Math.max(log.first, log.end - WRITE_SCAN)
  const start = want === undefined ? undefined : firstWriteReaching(log, want, oldest, log.end, from)
  if (want !== undefined && start !== undefined) {
    for (let i = start; i < log.end && i < start + WRITE_SCAN; i++) {
      if (log.kindAt(i) !== KIND.data || log.dirAt(i) !== DIR.out || log.peerIndexAt(i) !== want) continue
      const r = log.row(i)
      if (r.offset >= to) break
      found.starts.push(r.offset)
      found.ends.push(r.offset + r.length)
    }
  } else if (want !== undefined) {
    for (let i = log.end - 1; i >= oldest; i--) {
      if (log.kindAt(i) !== KIND.data || log.dirAt(i) !== DIR.out || log.peerIndexAt(i) !== want) continue
      const r = log.row(i)
      if (r.offset >= to) continue
      if (r.offset + r.length <= from) break
      found.starts.push(r.offset)
      found.ends.push(r.offset + r.length)
    }
    found.starts.reverse()
    found.ends.reverse()
  }
  cache.set(log, found)
  return found
}

/** Writes overlapping [start, end): the sender's writes are in stream order and do not overlap. */
function countOverlapping(w: Writes, start: number, end: number): number {
  let n = 0
  for (let i = 0; i < w.starts.length; i++) if (w.starts[i]! < end && w.ends[i]! > start) n++
  return n
}

/**
 * For each row given that is a received chunk: what it held at once, when that is more than one.
 * `writerOf` gives the sending side of a connection, when the sender is an endpoint in this window.
 */
export function readsAtOnce(log: TimelineLog, indices: readonly number[], writerOf: (peerId: string) => StreamSide | undefined): Map<number, ReadAtOnce> {
  const out = new Map<number, ReadAtOnce>()
  const byPeer = new Map<string, number[]>()
  for (const i of indices) {
    if (!log.has(i) || log.kindAt(i) !== KIND.data || log.dirAt(i) !== DIR.in) continue
    const peerId = log.row(i).peerId
    const rows = byPeer.get(peerId)
    if (rows) rows.push(i)
    else byPeer.set(peerId, [i])
  }
  for (const [peerId, rows] of byPeer) {
    const writer = writerOf(peerId)
    let writes: Writes | undefined
    if (writer) {
      const ranges = rows.map((i) => log.row(i))
      writes = writesBetween(writer, Math.min(...ranges.map((r) => r.offset)), Math.max(...ranges.map((r) => r.offset + r.length)))
    }
    for (const i of rows) {
      const r = log.row(i)
      const held = writes && r.length > 0 ? countOverlapping(writes, r.offset, r.offset + r.length) : 0
      if (held > 1) {
        out.set(i, { count: held, unit: 'writes' })
        continue
      }
      const frames = framesCompletedBy(log, i)
      if (frames > 1) out.set(i, { count: frames, unit: 'frames' })
    }
  }
  return out
}

// Lines a TCP connection up along its byte stream: where the sender's writes fell, where the
// receiver's reads fell, and the frames decoded from it. When both ends are endpoints in this window
// the two timelines are joined by address; otherwise only the receiving side is known.
import type { EndpointInfo, PeerInfo } from '../../../../shared/api'
import { formatAddress } from '../../format'
import { DIR, KIND, type TimelineLog } from '../../store/timeline/timeline-log'

export interface Segment {
  start: number
  end: number
  seq: number
  /** Frames: bytes of framing header at the start. */
  header: number
}

export interface StreamModel {
  from: number
  to: number
  /** The seq of the read the view was opened at, when it is among the reads. */
  focusSeq: number | undefined
  writes: Segment[] | undefined
  reads: Segment[]
  frames: Segment[]
  /** Reads that held bytes of more than one write: sticky packets. */
  stickyReads: number
  /** Writes whose bytes came in more than one read: split packets. */
  splitWrites: number
  /** Reads holding more than one frame, and frames spread over several reads. */
  multiFrameReads: number
  splitFrames: number
}

/** One direction of one connection: who reads (an endpoint and its peer id) and, if known, who wrote. */
export interface StreamSide {
  log: TimelineLog
  peerId: string
}

const SCAN_ROWS = 200_000

const segmentOf = (log: TimelineLog, i: number): Segment => {
  const r = log.row(i)
  return { start: r.offset, end: r.offset + r.length, seq: r.seq, header: r.kind === KIND.frame ? r.aux : 0 }
}

/** The newest rows of one kind, direction and peer that reach into [from, to), oldest first. */
function collect(side: StreamSide, dir: number, kind: number, limit: number, from?: number, to?: number): Segment[] {
  const { log, peerId } = side
  const out: Segment[] = []
  const want = log.peerIndexOf(peerId)
  if (want === undefined) return out
  const stop = Math.max(log.first, log.end - SCAN_ROWS)
  for (let i = log.end - 1; i >= stop && out.length < limit; i--) {
    if (log.kindAt(i) !== kind || log.peerIndexAt(i) !== want || log.dirAt(i) !== dir) continue
    const s = segmentOf(log, i)
    if (to !== undefined && s.start >= to) continue
    if (from !== undefined && s.end <= from) break
    out.push(s)
  }
  return out.reverse()
}

/** Reads around the one at row `at`: a quarter of the window after it, the rest up to and including it. */
function readsAround(side: StreamSide, limit: number, at: number): Segment[] | undefined {
  const { log, peerId } = side
  const want = log.peerIndexOf(peerId)
  const isRead = (i: number): boolean => log.kindAt(i) === KIND.data && log.peerIndexAt(i) === want && log.dirAt(i) === DIR.in
  if (want === undefined || !log.has(at) || !isRead(at)) return undefined
  const later: Segment[] = []
  const afterStop = Math.min(log.end, at + 1 + SCAN_ROWS)
  for (let i = at + 1; i < afterStop && later.length < Math.floor(limit / 4); i++) if (isRead(i)) later.push(segmentOf(log, i))
  const earlier: Segment[] = []
  const beforeStop = Math.max(log.first, at - SCAN_ROWS)
  for (let i = at; i >= beforeStop && earlier.length < limit - later.length; i--) if (isRead(i)) earlier.push(segmentOf(log, i))
  return [...earlier.reverse(), ...later]
}

const overlapping = (a: Segment, list: Segment[]): number => list.filter((b) => b.start < a.end && b.end > a.start).length

/**
 * The last `lastReads` reads of a connection, or, with `focus` (a read's row in the reader's
 * timeline), the reads around that one; with the writes and frames that fall among them.
 */
export function buildStreamModel(reader: StreamSide, writer: StreamSide | undefined, lastReads: number, focus?: number): StreamModel {
  const around = focus === undefined ? undefined : readsAround(reader, lastReads, focus)
  const reads = around ?? collect(reader, DIR.in, KIND.data, lastReads)
  const from = reads[0]?.start ?? 0
  const to = reads[reads.length - 1]?.end ?? 0
  const frames = collect(reader, DIR.in, KIND.frame, lastReads * 8, from, to)
  const writes = writer ? collect(writer, DIR.out, KIND.data, lastReads * 8, from, to) : undefined
  return {
    from,
    to,
    focusSeq: around && focus !== undefined ? reader.log.row(focus).seq : undefined,
    writes,
    reads,
    frames,
    stickyReads: writes ? reads.filter((r) => overlapping(r, writes) > 1).length : 0,
    splitWrites: writes ? writes.filter((w) => w.start >= from && w.end <= to && overlapping(w, reads) > 1).length : 0,
    multiFrameReads: frames.length > 0 ? reads.filter((r) => frames.filter((f) => f.start >= r.start && f.end <= r.end).length > 1).length : 0,
    splitFrames: frames.filter((f) => f.start >= from && overlapping(f, reads) > 1).length
  }
}

/** What share of a lane the smallest piece gets at least, so a 3-byte write after a 64 KiB one stays in sight. */
const MIN_SHARE = 0.04
/** Pieces given their least share together take at most this much of the lane, so large ones still look large. */
const MIN_SHARES_AT_MOST = 0.5

/** Where the lanes draw each stream offset, in percent of their width; shared, so they line up. */
export interface StreamScale {
  at(offset: number): number
  /** Whether some piece is drawn wider than its share of the bytes. */
  stretched: boolean
}

/**
 * A scale over [from, to) that cuts it at every segment's edge in every lane and gives each piece
 * between two cuts its share of the bytes, but never less than a small share of the width. Bytes
 * stay in order and the lanes stay lined up; only the lengths of small pieces are drawn larger.
 */
export function buildScale(from: number, to: number, lanes: readonly (readonly Segment[])[]): StreamScale {
  const span = Math.max(1, to - from)
  const cuts = new Set<number>([from, to])
  for (const lane of lanes) {
    for (const s of lane) {
      if (s.start > from && s.start < to) cuts.add(s.start)
      if (s.end > from && s.end < to) cuts.add(s.end)
    }
  }
  const edges = [...cuts].sort((a, b) => a - b)
  const pieces = Math.max(1, edges.length - 1)
  const least = Math.min(MIN_SHARE, MIN_SHARES_AT_MOST / pieces)
  const weights: number[] = []
  const before: number[] = [0]
  let stretched = false
  for (let i = 0; i < pieces; i++) {
    const share = ((edges[i + 1] ?? to) - (edges[i] ?? from)) / span
    const weight = Math.max(share, least)
    if (weight > share * 1.5) stretched = true
    weights.push(weight)
    before.push(before[i]! + weight)
  }
  const total = before[pieces]!
  const at = (offset: number): number => {
    if (offset <= from) return 0
    if (offset >= to) return 100
    let lo = 0
    let hi = pieces - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (edges[mid]! <= offset) lo = mid
      else hi = mid - 1
    }
    const start = edges[lo]!
    const length = Math.max(1, edges[lo + 1]! - start)
    return ((before[lo]! + (weights[lo]! * (offset - start)) / length) / total) * 100
  }
  return { at, stretched }
}

const sameAddress = (a: EndpointInfo['local'] | PeerInfo['remote'] | undefined, b: EndpointInfo['local'] | PeerInfo['remote'] | undefined): boolean =>
  !!a && !!b && formatAddress(a) === formatAddress(b)

/** A connection seen from both ends, when both ends are endpoints in this window. */
export interface Counterpart {
  endpoint: EndpointInfo
  peerId: string
}

/** For a server's peer: the client endpoint that is that peer. For a client: the server peer that is it. */
export function findCounterpart(
  ep: EndpointInfo,
  peer: PeerInfo,
  endpoints: EndpointInfo[],
  peersOf: (endpointId: string) => PeerInfo[]
): Counterpart | undefined {
  if (ep.kind === 'tcp-server' || ep.kind === 'unix-server') {
    for (const other of endpoints) {
      if (other.kind !== (ep.kind === 'tcp-server' ? 'tcp-client' : 'unix-client')) continue
      const theirs = peersOf(other.id)[0]
      if (!theirs) continue
      // TCP: the client's local address is the server peer's remote one. Unix peers have no address,
      // so a lone client of this server's path is taken to be the lone peer.
      const match = ep.kind === 'tcp-server' ? sameAddress(other.local, peer.remote) : sameAddress(other.remote, ep.local) && peersOf(ep.id).length === 1
      if (match) return { endpoint: other, peerId: theirs.id }
    }
    return undefined
  }
  for (const other of endpoints) {
    if (other.kind !== (ep.kind === 'tcp-client' ? 'tcp-server' : 'unix-server')) continue
    if (!sameAddress(other.local, ep.remote) && !(ep.kind === 'tcp-client' && other.local && 'port' in other.local && ep.remote && 'port' in ep.remote && other.local.port === ep.remote.port)) continue
    const list = peersOf(other.id)
    const theirs = ep.kind === 'tcp-client' ? list.find((p) => sameAddress(p.remote, ep.local)) : list.length === 1 ? list[0] : undefined
    if (theirs) return { endpoint: other, peerId: theirs.id }
  }
  return undefined
}

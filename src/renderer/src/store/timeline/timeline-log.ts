// One endpoint's timeline, stored in columns: typed-array blocks for the numbers every row has, a
// side map for the few rows that carry more (closes, errors, coalesced runs), and previews only for
// the most recent rows. A million rows cost tens of megabytes, not a million objects; appending is
// O(1) per row; past MAX_ROWS the oldest block goes whole.
import type { AppError, CaptureRecord, CloseReason, Direction, EngineEvent, EndpointState, PeerState } from '../../../../shared/api'

/** `half`: a peer's state changed while it stays open (a FIN one way, or a waiting client taken up). */
export const KIND = { data: 0, frame: 1, open: 2, close: 3, error: 4, coalesced: 5, state: 6, dropped: 7, half: 8 } as const
export type RowKind = (typeof KIND)[keyof typeof KIND]
export const DIR = { none: 0, in: 1, out: 2 } as const

export const BLOCK_ROWS = 16_384
/** Rows kept per endpoint. At 22 px a row this stays under the tallest element browsers lay out. */
export const MAX_ROWS = 1_245_184 // 76 blocks
/** Previews kept per endpoint, newest first; older rows fetch their bytes when shown. */
export const PREVIEW_ROWS = 100_000
export const PREVIEW_BYTES = 32 * 1024 * 1024
/** Old rows' previews fetched again while scrolled into view. */
const RESTORED_ROWS = 2000

/** What only some rows carry. */
export interface RowExtra {
  reason?: CloseReason
  error?: AppError
  state?: EndpointState
  /** Coalesced runs and capture drops: the last seq (runs only) and the byte total (may pass 4 GiB). */
  toSeq?: number
  bytes?: number
  meta?: Record<string, unknown>
  /** Close rows: the peer's address, as the peer is gone by the time anyone looks. */
  remote?: string
  /** Open rows of a UDP socket: a new address was heard from, no connection was made. */
  datagram?: boolean
  /** Open rows of a client held by a server serving one at a time, and the row where it is taken up. */
  waiting?: boolean
  /** Half rows: the peer's state from then on ('peer-ended', 'we-ended', or 'open' once taken up). */
  peerState?: PeerState
}

/** How far back an error that names its send looks for that send's row. */
const ERROR_ROW_REACH = 10_000

export interface Row {
  index: number
  kind: RowKind
  dir: 0 | 1 | 2
  peerId: string
  seq: number
  offset: number
  time: number
  length: number
  /** Frames: header bytes. Coalesced runs and capture drops: chunks folded into the row. */
  aux: number
  /** Frames: the payload's bytes (`length` also counts the header and any trailer). Other rows: `length`. */
  payloadLength: number
  extra?: RowExtra
}

class Block {
  readonly kind = new Uint8Array(BLOCK_ROWS)
  readonly dir = new Uint8Array(BLOCK_ROWS)
  readonly peer = new Uint32Array(BLOCK_ROWS)
  readonly seq = new Float64Array(BLOCK_ROWS)
  readonly offset = new Float64Array(BLOCK_ROWS)
  readonly time = new Float64Array(BLOCK_ROWS)
  readonly length = new Uint32Array(BLOCK_ROWS)
  readonly aux = new Uint32Array(BLOCK_ROWS)
  /** Frames only: what `length` holds besides the header and the payload (a line's LF, SLIP's escapes). */
  readonly trailer = new Uint32Array(BLOCK_ROWS)
}

/** Exact tallies of what the timeline has seen, including rows since dropped. */
export interface TimelineCounts {
  chunksIn: number
  chunksOut: number
  bytesIn: number
  bytesOut: number
  /** Chunks the event pump folded into coalesced rows (no preview, direction unknown). */
  coalescedChunks: number
  frames: number
  /** Peers seen to come and to go (a reloaded window gets theirs back from the capture). */
  peersOpened: number
  peersClosed: number
}

function addressOf(remote: { path: string } | { address: string; port: number; family: string }): string {
  if ('path' in remote) return remote.path
  return remote.family === 'IPv6' ? `[${remote.address}]:${remote.port}` : `${remote.address}:${remote.port}`
}

const wallClock = (): number => performance.timeOrigin + performance.now()

export class TimelineLog {
  private blocks: Block[] = []
  /** Absolute index of blocks[0]'s first row. */
  private base = 0
  /** One past the last row's absolute index. */
  end = 0
  private readonly extras = new Map<number, RowExtra>()
  // Previews live in a ring indexed by row: slot = index % PREVIEW_ROWS. A Map evicted from its
  // front would be quadratic in V8 (deleted entries stay as holes its iterator must walk past).
  private readonly ring: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(PREVIEW_ROWS)
  private readonly ringOwner = new Float64Array(PREVIEW_ROWS).fill(-1)
  /** Rows below this index have no preview left in the ring. */
  private oldestPreview = 0
  private previewBytes = 0
  /** Previews fetched again for old rows when they scrolled into view; few, so a small map. */
  private readonly restored = new Map<number, Uint8Array>()
  readonly peerIds: string[] = []
  private readonly peerIndex = new Map<string, number>()
  /** Peer addresses as last seen, for labels. */
  readonly peerLabels = new Map<string, string>()
  readonly counts: TimelineCounts = { chunksIn: 0, chunksOut: 0, bytesIn: 0, bytesOut: 0, coalescedChunks: 0, frames: 0, peersOpened: 0, peersClosed: 0 }
  /** Bumped on every change, so views know to look again. */
  version = 0
  /** Set for a UDP socket, whose peers are addresses rather than connections. */
  udp = false

  constructor(readonly endpointId: string) {}

  get first(): number {
    return this.base
  }

  get size(): number {
    return this.end - this.base
  }

  /** Chunks this timeline accounts for: rows of data plus coalesced runs. Equals the engine's chunk counters. */
  get chunkCount(): number {
    return this.counts.chunksIn + this.counts.chunksOut + this.counts.coalescedChunks
  }

  private internPeer(peerId: string): number {
    let i = this.peerIndex.get(peerId)
    if (i === undefined) {
      i = this.peerIds.length
      this.peerIds.push(peerId)
      this.peerIndex.set(peerId, i)
    }
    return i
  }

  private push(kind: RowKind, dir: 0 | 1 | 2, peerId: string, seq: number, offset: number, time: number, length: number, aux: number, trailer = 0): number {
    const at = this.end - this.base
    const b = at / BLOCK_ROWS
    if (at % BLOCK_ROWS === 0 && b === this.blocks.length) this.blocks.push(new Block())
    const block = this.blocks[Math.floor(b)]!
    const i = at % BLOCK_ROWS
    block.kind[i] = kind
    block.dir[i] = dir
    block.peer[i] = this.internPeer(peerId)
    block.seq[i] = seq
    block.offset[i] = offset
    block.time[i] = time
    block.length[i] = Math.min(length, 0xffffffff)
    block.aux[i] = aux
    block.trailer[i] = trailer
    const index = this.end++
    if (this.end - this.base > MAX_ROWS) this.dropOldestBlock()
    this.version++
    return index
  }

  private dropOldestBlock(): void {
    this.blocks.shift()
    this.base += BLOCK_ROWS
    // Both maps hold indices in insertion order, so the stale ones are at the front.
    for (const key of this.extras.keys()) {
      if (key >= this.base) break
      this.extras.delete(key)
    }
    for (const key of this.restored.keys()) if (key < this.base) this.restored.delete(key)
  }

  private dropPreview(slot: number): void {
    const old = this.ring[slot]
    if (old) this.previewBytes -= old.byteLength
    this.ring[slot] = undefined
    this.ringOwner[slot] = -1
  }

  private keepPreview(index: number, bytes: Uint8Array): void {
    if (bytes.byteLength === 0) return
    const slot = index % PREVIEW_ROWS
    // The slot's previous owner is PREVIEW_ROWS rows older: its time is up either way.
    this.dropPreview(slot)
    this.ring[slot] = bytes
    this.ringOwner[slot] = index
    this.previewBytes += bytes.byteLength
    this.oldestPreview = Math.max(this.oldestPreview, index - PREVIEW_ROWS + 1)
    while (this.previewBytes > PREVIEW_BYTES && this.oldestPreview < index) {
      const s = this.oldestPreview % PREVIEW_ROWS
      if (this.ringOwner[s] === this.oldestPreview) this.dropPreview(s)
      this.oldestPreview++
    }
  }

  /** Appends the rows one event makes; events of other endpoints are the caller's to route. */
  append(ev: EngineEvent): void {
    switch (ev.type) {
      case 'data': {
        const index = this.push(KIND.data, ev.dir === 'in' ? DIR.in : DIR.out, ev.peerId, ev.seq, ev.offset, ev.time, ev.length, 0)
        this.keepPreview(index, ev.preview)
        this.countChunk(ev.dir, ev.length)
        return
      }
      case 'frame': {
        const trailer = Math.max(0, ev.length - ev.headerLength - ev.payloadLength)
        const index = this.push(KIND.frame, ev.dir === 'in' ? DIR.in : DIR.out, ev.peerId, ev.seq, ev.offset, ev.time, ev.length, ev.headerLength, trailer)
        this.keepPreview(index, ev.preview)
        if (ev.meta) this.extras.set(index, { meta: ev.meta })
        this.counts.frames++
        return
      }
      case 'peer-open': {
        const label = addressOf(ev.peer.remote)
        this.peerLabels.set(ev.peer.id, label)
        const index = this.push(KIND.open, DIR.none, ev.peer.id, -1, 0, ev.peer.since, 0, 0)
        if (this.udp) this.extras.set(index, { datagram: true })
        else if (ev.peer.waiting) this.extras.set(index, { waiting: true })
        this.counts.peersOpened++
        return
      }
      case 'peer-state': {
        const index = this.push(KIND.half, DIR.none, ev.peer.id, -1, 0, ev.time, 0, 0)
        this.extras.set(index, { peerState: ev.peer.state })
        return
      }
      case 'peer-close': {
        const remote = addressOf(ev.peer.remote)
        this.peerLabels.set(ev.peer.id, remote)
        const index = this.push(KIND.close, DIR.none, ev.peer.id, -1, 0, ev.time, 0, 0)
        this.extras.set(index, ev.error ? { reason: ev.reason, error: ev.error, remote } : { reason: ev.reason, remote })
        this.counts.peersClosed++
        return
      }
      case 'error': {
        // An error that names its send goes on that send's row: the row that caused it says so.
        if (ev.seq !== undefined && this.markSend(ev.seq, ev.error)) return
        const index = this.push(KIND.error, DIR.none, ev.peerId ?? '', -1, 0, ev.time, 0, 0)
        this.extras.set(index, { error: ev.error })
        return
      }
      case 'coalesced': {
        const index = this.push(KIND.coalesced, DIR.none, '', ev.fromSeq, 0, ev.time ?? wallClock(), ev.bytes, ev.chunks)
        this.extras.set(index, { toSeq: ev.toSeq, bytes: ev.bytes })
        this.counts.coalescedChunks += ev.chunks
        return
      }
      default:
        return
    }
  }

  /**
   * Puts an error on the out-chunk row with this seq, among the newest rows; false when it is not
   * there (filtered out by a refill, or long gone). Such an extra is set out of index order, so
   * dropOldestBlock may leave it behind: one stale entry per failed send, never read again.
   */
  private markSend(seq: number, error: AppError): boolean {
    for (let i = this.end - 1; i >= Math.max(this.base, this.end - ERROR_ROW_REACH); i--) {
      const [b, k] = this.loc(i)
      if (b.seq[k] !== seq || b.kind[k] !== KIND.data) continue
      if (b.dir[k] !== DIR.out) return false
      this.extras.set(i, { ...this.extras.get(i), error })
      this.version++
      return true
    }
    return false
  }

  private countChunk(dir: Direction, length: number): void {
    if (dir === 'in') {
      this.counts.chunksIn++
      this.counts.bytesIn += length
    } else {
      this.counts.chunksOut++
      this.counts.bytesOut += length
    }
  }

  /**
   * A row rebuilt from the engine's capture. Data rows get no preview here: fetching a million
   * chunks up front would cost more than the rows; rows that are shown fetch theirs. Frames come
   * with the start of their payload, peer events and state changes whole. Chunks the capture let go are one row with
   * their total and are not counted, as no row stands for them.
   */
  appendRecord(rec: CaptureRecord): void {
    if (rec.type === 'peer' || rec.type === 'frame') {
      this.append(rec.event)
      return
    }
    if (rec.type === 'state') {
      this.appendState(rec.state, rec.error, rec.time)
      return
    }
    if (rec.type === 'dropped') {
      const index = this.push(KIND.dropped, DIR.none, '', rec.seq, 0, wallClock(), rec.bytes, rec.chunks)
      this.extras.set(index, { bytes: rec.bytes })
      return
    }
    this.push(KIND.data, rec.dir === 'in' ? DIR.in : DIR.out, rec.peerId, rec.seq, rec.offset, rec.time, rec.length, 0)
    this.countChunk(rec.dir, rec.length)
  }

  /** Bytes of the newest data rows whose seq lies in [from, to): a coalesced run that overlaps them is trimmed by this much. */
  dataBytesBetween(from: number, to: number): number {
    let bytes = 0
    for (let i = this.end - 1; i >= this.base; i--) {
      const [b, k] = this.loc(i)
      if (b.kind[k] !== KIND.data) continue
      const seq = b.seq[k]!
      if (seq < from) break
      if (seq < to) bytes += b.length[k]!
    }
    return bytes
  }

  /** A row whose endpoint changed state (listening, connected, closed, error). */
  /** A change of the endpoint's state: seen now, or read from the capture with its own time. */
  appendState(state: EndpointState, error?: AppError, time = wallClock()): void {
    const index = this.push(KIND.state, DIR.none, '', -1, 0, time, 0, 0)
    this.extras.set(index, error ? { state, error } : { state })
  }

  has(index: number): boolean {
    return index >= this.base && index < this.end
  }

  private loc(index: number): [Block, number] {
    const at = index - this.base
    return [this.blocks[Math.floor(at / BLOCK_ROWS)]!, at % BLOCK_ROWS]
  }

  kindAt(index: number): RowKind {
    const [b, i] = this.loc(index)
    return b.kind[i]! as RowKind
  }

  dirAt(index: number): number {
    const [b, i] = this.loc(index)
    return b.dir[i]!
  }

  seqAt(index: number): number {
    const [b, i] = this.loc(index)
    return b.seq[i]!
  }

  peerIndexAt(index: number): number {
    const [b, i] = this.loc(index)
    return b.peer[i]!
  }

  peerIndexOf(peerId: string): number | undefined {
    return this.peerIndex.get(peerId)
  }

  row(index: number): Row {
    const [b, i] = this.loc(index)
    const row: Row = {
      index,
      kind: b.kind[i]! as RowKind,
      dir: b.dir[i]! as 0 | 1 | 2,
      peerId: this.peerIds[b.peer[i]!]!,
      seq: b.seq[i]!,
      offset: b.offset[i]!,
      time: b.time[i]!,
      length: b.length[i]!,
      aux: b.aux[i]!,
      payloadLength: b.kind[i] === KIND.frame ? Math.max(0, b.length[i]! - b.aux[i]! - b.trailer[i]!) : b.length[i]!
    }
    const extra = this.extras.get(index)
    if (extra) row.extra = extra
    return row
  }

  preview(index: number): Uint8Array | undefined {
    const slot = index % PREVIEW_ROWS
    if (this.ringOwner[slot] === index) return this.ring[slot]
    return this.restored.get(index)
  }

  /** Keeps bytes fetched again for a row whose preview had been let go. */
  restorePreview(index: number, bytes: Uint8Array): void {
    if (!this.has(index) || this.hasPreview(index)) return
    this.restored.set(index, bytes)
    if (this.restored.size > RESTORED_ROWS) this.restored.delete(this.restored.keys().next().value!)
  }

  /** Rows that have a preview, for text filters: only these can match text. */
  hasPreview(index: number): boolean {
    return this.ringOwner[index % PREVIEW_ROWS] === index || this.restored.has(index)
  }
}

// The capture: every chunk in and out, its record kept per endpoint in sequence order, its bytes
// held in one ring of slabs shared by all endpoints, so memory stays bounded however many run.
// Keeping the Buffers sockets deliver instead would make every garbage collection slow (hundreds of
// MiB of live ArrayBuffers) and leave freed ones resident until the next one. So bytes are copied
// into the ring, or better, read into it: a stream socket reading in bulk gets a reservation at the
// ring's tail as its read buffer, and the kernel's copy is then the only one (see socket-reads.ts).
// Past the limit the oldest bytes of the whole engine are overwritten first; their endpoint keeps
// only the totals of what went, shown as the "dropped" marker.
import type { AppError, CapturePage, CaptureRecord, ChunkBytes, Direction, EndpointState, FrameEvent, PeerEvent, ResponderNoteEvent } from '../../shared/api'
import type { CaptureBudget } from './capture-ring'
import { captureOff, dropped } from './errors'
import { createEventBudgets, EventLog, type EventBudgets } from './capture-events'
import { FrameLog } from './capture-frames'
import { PeerIndex } from './peer-index'

export { BYTES_PER_RECORD, CaptureBudget, MAX_PINNED_SLABS, SLAB_BYTES, type CaptureLimits, type Reservation } from './capture-ring'

/** Records per block of columns: about 150 KB, allocated and freed without moving any other. */
const BLOCK = 4096

/** One block of records, in columns of typed arrays. */
class RecordBlock {
  readonly peerIx = new Uint32Array(BLOCK)
  readonly dirs = new Uint8Array(BLOCK)
  readonly offsets = new Float64Array(BLOCK)
  readonly times = new Float64Array(BLOCK)
  readonly lengths = new Float64Array(BLOCK)
  readonly positions = new Float64Array(BLOCK)
}

/**
 * One endpoint's records, in columns of typed arrays rather than one object per chunk: a flood of
 * small datagrams would otherwise fill the heap with long-lived objects, and the garbage collector's
 * pauses would lose datagrams. The columns come in fixed blocks, never in one array that doubles:
 * copying half a million records into a fresh array stalled the socket thread for tens of ms.
 * Index i holds seq baseSeq + i, in blocks[i / BLOCK]; records live in [head, tail), and head stays
 * within the first block (a block is released as soon as head leaves it).
 */
export class CaptureStore {
  private blocks: RecordBlock[] = []
  private spare: RecordBlock | undefined
  private head = 0
  private tail = 0
  private baseSeq = 0
  private seqNext = 0
  private readonly peers = new PeerIndex()
  private readonly events: EventLog
  private readonly frames: FrameLog
  droppedBytes = 0
  droppedChunks = 0

  /** `events` are shared by the engine's endpoints; a store made alone gets its own. */
  constructor(
    private readonly budget: CaptureBudget,
    events: EventBudgets = createEventBudgets(budget.limits)
  ) {
    this.events = new EventLog(events.events)
    this.frames = new FrameLog(events.frames, this.peers)
  }

  /** Whether anything is recorded; with capture off only seqs are given. */
  get enabled(): boolean {
    return this.budget.limits.capture
  }

  /** The seq the next chunk will get. */
  get nextSeq(): number {
    return this.seqNext
  }

  /** Oldest seq still held whole (equal to nextSeq when nothing is held). */
  get firstSeq(): number {
    return this.head < this.tail ? this.baseSeq + this.head : this.seqNext
  }

  /** Ring position of the oldest held chunk, or undefined when nothing is held. */
  oldestPos(): number | undefined {
    return this.head < this.tail ? this.blocks[0]!.positions[this.head] : undefined
  }

  /**
   * Records one chunk and returns its seq; the seq is given even when capture is off. `landedAt`
   * is the chunk's ring position when it was read straight into the ring (see settle); without
   * it the bytes are copied in.
   */
  append(peerId: string, dir: Direction, offset: number, time: number, bytes: Uint8Array, landedAt?: number): number {
    const seq = this.seqNext++
    if (!this.budget.limits.capture) return seq
    if (this.head === this.tail) {
      // Empty: restart the columns at this seq, so index and seq stay in step.
      this.head = this.tail = 0
      this.baseSeq = seq
    }
    const i = this.tail++
    const b = (i / BLOCK) | 0
    if (b === this.blocks.length) {
      this.blocks.push(this.spare ?? new RecordBlock())
      this.spare = undefined
    }
    const block = this.blocks[b]!
    const k = i - b * BLOCK
    block.peerIx[k] = this.peers.of(peerId)
    block.dirs[k] = dir === 'in' ? 0 : 1
    block.offsets[k] = offset
    block.times[k] = time
    block.lengths[k] = bytes.byteLength
    block.positions[k] = landedAt ?? this.budget.write(bytes)
    this.budget.admit(this)
    return seq
  }

  /** Records a peer event where it falls among the chunks: before the next one. */
  note(event: PeerEvent): void {
    if (this.budget.limits.capture) this.events.add({ type: 'peer', seq: this.seqNext, event })
  }

  /** Records a responder's note, placed as a peer event is. */
  noteResponder(event: ResponderNoteEvent): void {
    if (this.budget.limits.capture) this.events.add({ type: 'note', seq: this.seqNext, event })
  }

  /** Records a change of the endpoint's state, placed as a peer event is. */
  noteState(state: EndpointState, error: AppError | undefined, time: number): void {
    if (!this.budget.limits.capture) return
    this.events.add(error ? { type: 'state', seq: this.seqNext, state, error, time } : { type: 'state', seq: this.seqNext, state, time })
  }

  /** Records a frame after the chunk that completed it, with the start of its payload. */
  noteFrame(event: FrameEvent, payload: Uint8Array): void {
    if (this.budget.limits.capture && event.seq >= this.firstSeq) this.frames.add(event, payload)
  }

  dropOldest(): void {
    if (this.head >= this.tail) return
    this.droppedBytes += this.blocks[0]!.lengths[this.head]!
    this.droppedChunks++
    this.head++
    if (this.events.size > 0) this.events.dropBefore(this.firstSeq)
    if (this.frames.size > 0) this.frames.dropBefore(this.firstSeq)
    if (this.head < BLOCK) return
    // The first block is spent: keep it for the next one, and index from the block after it.
    this.spare = this.blocks.shift()
    this.baseSeq += BLOCK
    this.head -= BLOCK
    this.tail -= BLOCK
  }

  private record(i: number): CaptureRecord & { type: 'data' } {
    const b = (i / BLOCK) | 0
    const block = this.blocks[b]!
    const k = i - b * BLOCK
    return {
      type: 'data',
      seq: this.baseSeq + i,
      peerId: this.peers.id(block.peerIx[k]!),
      dir: block.dirs[k] === 0 ? 'in' : 'out',
      offset: block.offsets[k]!,
      time: block.times[k]!,
      length: block.lengths[k]!
    }
  }

  /**
   * Up to `limit` chunks from `fromSeq` on, each preceded by the events that fell before it and
   * followed by the frames it completed; a page never splits the events of one seq, so it may run
   * over by those. The events after the last chunk come only in a page read from nextSeq
   * itself, whose own nextSeq does not move: a reader stops there, having seen each event once.
   */
  read(fromSeq: number, limit: number): CapturePage {
    const records: CaptureRecord[] = []
    const first = this.firstSeq
    let seq = Math.max(fromSeq, first)
    if (fromSeq < first && this.droppedChunks > 0) {
      records.push({ type: 'dropped', seq: fromSeq, bytes: this.droppedBytes, chunks: this.droppedChunks })
    }
    const events = this.events
    const frames = this.frames
    let e = events.indexAt(seq)
    let f = frames.indexAt(seq)
    if (fromSeq >= this.seqNext) {
      for (; e < events.end(); e++) records.push(events.at(e))
    }
    while (records.length < limit && seq < this.seqNext) {
      const i = seq - this.baseSeq
      if (i < this.head || i >= this.tail) break
      for (; e < events.end() && events.at(e).seq <= seq; e++) records.push(events.at(e))
      records.push(this.record(i))
      for (; f < frames.end() && frames.seqAt(f) <= seq; f++) records.push(frames.at(f))
      seq++
    }
    return { records, nextSeq: Math.max(seq, fromSeq), firstSeq: first, droppedBytes: this.droppedBytes }
  }

  chunk(seq: number): ChunkBytes | undefined {
    if (seq >= this.seqNext || seq < 0) return undefined
    if (!this.budget.limits.capture) throw captureOff()
    if (seq < this.firstSeq) throw dropped(seq)
    const i = seq - this.baseSeq
    if (i < this.head || i >= this.tail) return undefined
    const r = this.record(i)
    const pos = this.blocks[(i / BLOCK) | 0]!.positions[i % BLOCK]!
    const bytes = pos < 0 ? undefined : this.budget.read(pos, r.length)
    if (!bytes) throw dropped(seq)
    return { seq: r.seq, peerId: r.peerId, dir: r.dir, offset: r.offset, time: r.time, bytes }
  }

  /** Forgets every record (the endpoint is removed); the ring's bytes are reused in time. */
  clear(): void {
    this.budget.forget(this.tail - this.head)
    this.head = this.tail = 0
    this.blocks = []
    this.spare = undefined
    this.events.clear()
    this.frames.clear()
  }
}

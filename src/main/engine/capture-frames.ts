// One endpoint's decoded frames, kept for a window that comes later (see capture-events.ts). A
// frame flood can bring hundreds of thousands a second, so they are kept as the chunk records are,
// in columns of typed arrays with the start of each payload in a byte block: objects that live for
// tens of thousands of frames would each be copied by the garbage collector and then die old.
import type { CaptureRecord, FrameEvent } from '../../shared/api'
import { FRAME_META_KEPT, FRAME_PREVIEW_KEPT, type BudgetedLog, type EventBudget } from './capture-events'
import type { PeerIndex } from './peer-index'

export type FrameRecord = CaptureRecord & { type: 'frame' }

/** Frames per block: a block is about 300 KB, allocated and freed whole. */
const BLOCK = 1024

class FrameBlock {
  readonly seqs = new Float64Array(BLOCK)
  readonly peerIx = new Uint32Array(BLOCK)
  readonly offsets = new Float64Array(BLOCK)
  readonly lengths = new Float64Array(BLOCK)
  readonly headerLengths = new Float64Array(BLOCK)
  readonly payloadLengths = new Float64Array(BLOCK)
  readonly times = new Float64Array(BLOCK)
  readonly previewLengths = new Uint16Array(BLOCK)
  readonly previews = new Uint8Array(BLOCK * FRAME_PREVIEW_KEPT)
}

/**
 * Frames in seq order. Index i (counted from the first frame ever kept) lives in
 * blocks[(i - base) / BLOCK]; frames live in [head, tail), and head stays within the first block.
 */
export class FrameLog implements BudgetedLog {
  private blocks: FrameBlock[] = []
  private spare: FrameBlock | undefined
  private base = 0
  private head = 0
  private tail = 0
  private endpointId = ''
  /** Parsed headers (json-header framing), by index: few, and only small ones. */
  private readonly meta = new Map<number, Record<string, unknown>>()

  constructor(
    private readonly budget: EventBudget,
    /** The endpoint's, shared with its chunk records. */
    private readonly peers: PeerIndex
  ) {}

  get size(): number {
    return this.tail - this.head
  }

  /** Keeps a frame and the start of its payload, copied: the payload itself is not kept. */
  add(ev: FrameEvent, payload: Uint8Array): void {
    const i = this.tail++
    const b = ((i - this.base) / BLOCK) | 0
    if (b === this.blocks.length) {
      this.blocks.push(this.spare ?? new FrameBlock())
      this.spare = undefined
    }
    const block = this.blocks[b]!
    const k = i - this.base - b * BLOCK
    this.endpointId = ev.endpointId
    block.seqs[k] = ev.seq
    block.peerIx[k] = this.peers.of(ev.peerId)
    block.offsets[k] = ev.offset
    block.lengths[k] = ev.length
    block.headerLengths[k] = ev.headerLength
    block.payloadLengths[k] = ev.payloadLength
    block.times[k] = ev.time
    const n = Math.min(payload.byteLength, FRAME_PREVIEW_KEPT)
    block.previewLengths[k] = n
    block.previews.set(n === payload.byteLength ? payload : payload.subarray(0, n), k * FRAME_PREVIEW_KEPT)
    if (ev.meta !== undefined && ev.headerLength <= FRAME_META_KEPT) this.meta.set(i, ev.meta)
    this.budget.added(this)
  }

  dropOldest(): void {
    if (this.head >= this.tail) return
    if (this.meta.size > 0) this.meta.delete(this.head)
    this.head++
    if (this.head - this.base === BLOCK) {
      this.spare = this.blocks.shift()
      this.base += BLOCK
    }
    this.budget.removed(this, 1)
  }

  /** Forgets the frames of chunks before `seq`: those chunks are gone. */
  dropBefore(seq: number): void {
    while (this.head < this.tail && this.seqAt(this.head) < seq) this.dropOldest()
  }

  /** Index of the first frame at or after `seq`; equal to end() when there is none. */
  indexAt(seq: number): number {
    let lo = this.head
    let hi = this.tail
    while (lo < hi) {
      // Indexes grow for as long as the endpoint lives: halve the distance, never the sum.
      const mid = lo + ((hi - lo) >>> 1)
      if (this.seqAt(mid) < seq) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  end(): number {
    return this.tail
  }

  /** Asked on every dropped chunk while frames are kept: no tuple, unlike locate(). */
  seqAt(index: number): number {
    const i = index - this.base
    const b = (i / BLOCK) | 0
    return this.blocks[b]!.seqs[i - b * BLOCK]!
  }

  at(index: number): FrameRecord {
    const [block, k] = this.locate(index)
    const event: FrameEvent = {
      type: 'frame',
      endpointId: this.endpointId,
      peerId: this.peers.id(block.peerIx[k]!),
      dir: 'in',
      seq: block.seqs[k]!,
      offset: block.offsets[k]!,
      length: block.lengths[k]!,
      headerLength: block.headerLengths[k]!,
      payloadLength: block.payloadLengths[k]!,
      time: block.times[k]!,
      preview: block.previews.slice(k * FRAME_PREVIEW_KEPT, k * FRAME_PREVIEW_KEPT + block.previewLengths[k]!)
    }
    const meta = this.meta.get(index)
    if (meta !== undefined) event.meta = meta
    return { type: 'frame', seq: event.seq, event }
  }

  clear(): void {
    const count = this.size
    this.blocks = []
    this.spare = undefined
    this.base = this.head = this.tail = 0
    this.meta.clear()
    this.budget.removed(this, count)
  }

  private locate(index: number): [FrameBlock, number] {
    const b = ((index - this.base) / BLOCK) | 0
    return [this.blocks[b]!, index - this.base - b * BLOCK]
  }
}

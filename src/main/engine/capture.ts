// The capture: every chunk in and out, its record kept per endpoint in sequence order, its bytes
// copied into one ring of slabs shared by all endpoints, so memory stays bounded however many run.
// Copying beats keeping the Buffers sockets deliver: hundreds of MiB of live ArrayBuffers make
// every garbage collection slow, while a copy into a reused slab costs about a memcpy. Past the
// limit the oldest bytes of the whole engine are overwritten first; their endpoint keeps only the
// totals of what went, shown as the "dropped" marker.
import type { CapturePage, CaptureRecord, ChunkBytes, Direction } from '../../shared/api'
import { captureOff, dropped } from './errors'

export const SLAB_BYTES = 1024 * 1024

/** Records are small objects; one per this many bytes of limit keeps their memory a fraction of it. */
export const BYTES_PER_RECORD = 512

export interface CaptureLimits {
  captureLimitBytes: number
  capture: boolean
}

/** The ring of slabs, and the order of every held record across endpoints, oldest first. */
export class CaptureBudget {
  private slabs: Buffer[] = []
  /** Slab number of slabs[0]; slab k holds ring positions [k * SLAB_BYTES, (k + 1) * SLAB_BYTES). */
  private firstSlab = 0
  private writePos = 0
  private spare: Buffer[] = []
  private order: (CaptureStore | undefined)[] = []
  private orderHead = 0
  private records = 0

  constructor(readonly limits: CaptureLimits) {}

  private get maxSlabs(): number {
    return Math.max(2, Math.floor(this.limits.captureLimitBytes / SLAB_BYTES))
  }

  private get maxRecords(): number {
    return Math.max(1024, Math.floor(this.limits.captureLimitBytes / BYTES_PER_RECORD))
  }

  /** Oldest ring position still intact. */
  get floor(): number {
    return this.firstSlab * SLAB_BYTES
  }

  get heldRecords(): number {
    return this.records
  }

  /** Copies bytes into the ring and returns where they start, or -1 if they cannot fit at all. */
  write(bytes: Uint8Array): number {
    if (bytes.byteLength > (this.maxSlabs - 1) * SLAB_BYTES) return -1
    const start = this.writePos
    let done = 0
    while (done < bytes.byteLength) {
      const pos = this.writePos
      const k = Math.floor(pos / SLAB_BYTES)
      while (k >= this.firstSlab + this.slabs.length) this.addSlab()
      const slab = this.slabs[k - this.firstSlab]!
      const at = pos - k * SLAB_BYTES
      const n = Math.min(SLAB_BYTES - at, bytes.byteLength - done)
      slab.set(n === bytes.byteLength ? bytes : bytes.subarray(done, done + n), at)
      done += n
      this.writePos += n
    }
    return start
  }

  /** Counts a record the store has just appended, then drops what no longer fits. */
  admit(store: CaptureStore): void {
    this.order.push(store)
    this.records++
    this.trim()
  }

  private addSlab(): void {
    if (this.slabs.length >= this.maxSlabs) this.dropSlab()
    this.slabs.push(this.spare.pop() ?? Buffer.allocUnsafeSlow(SLAB_BYTES))
  }

  private dropSlab(): void {
    const old = this.slabs.shift()
    this.firstSlab++
    if (old && this.spare.length < 2) this.spare.push(old)
  }

  read(pos: number, length: number): Uint8Array | undefined {
    if (pos < this.floor) return undefined
    const out = new Uint8Array(length)
    let done = 0
    while (done < length) {
      const p = pos + done
      const k = Math.floor(p / SLAB_BYTES)
      const slab = this.slabs[k - this.firstSlab]
      if (!slab) return undefined
      const at = p - k * SLAB_BYTES
      const n = Math.min(SLAB_BYTES - at, length - done)
      out.set(slab.subarray(at, at + n), done)
      done += n
    }
    return out
  }

  /** Drops records whose bytes were overwritten, or beyond the record cap, oldest first. */
  trim(): void {
    while (this.slabs.length > this.maxSlabs) this.dropSlab()
    if (!this.limits.capture) while (this.slabs.length > 0) this.dropSlab()
    const floor = this.limits.capture ? this.floor : Infinity
    const maxRecords = this.limits.capture ? this.maxRecords : 0
    while (this.orderHead < this.order.length) {
      const store = this.order[this.orderHead]!
      const oldest = store.oldestPos()
      // Entries of a cleared store are no-ops; the others go once overwritten or over the cap.
      // A chunk too large for the ring (pos -1) keeps its record; only its bytes are gone.
      const overwritten = oldest !== undefined && oldest >= 0 && oldest < floor
      if (oldest !== undefined && !overwritten && this.records <= maxRecords) break
      if (oldest !== undefined) {
        store.dropOldest()
        this.records--
      }
      this.order[this.orderHead++] = undefined
    }
    if (this.orderHead > 4096 && this.orderHead * 2 > this.order.length) {
      this.order = this.order.slice(this.orderHead)
      this.orderHead = 0
    }
  }

  forget(records: number): void {
    this.records -= records
  }
}

/**
 * One endpoint's records, in columns of typed arrays rather than one object per chunk: a flood of
 * small datagrams would otherwise fill the heap with long-lived objects, and the garbage collector's
 * pauses would lose datagrams. Index i holds seq baseSeq + i; records live in [head, tail).
 */
export class CaptureStore {
  private cap = 256
  private peerIx = new Uint32Array(this.cap)
  private dirs = new Uint8Array(this.cap)
  private offsets = new Float64Array(this.cap)
  private times = new Float64Array(this.cap)
  private lengths = new Float64Array(this.cap)
  private positions = new Float64Array(this.cap)
  private head = 0
  private tail = 0
  private baseSeq = 0
  private seqNext = 0
  private readonly peerIds: string[] = []
  private readonly peerIndex = new Map<string, number>()
  droppedBytes = 0
  droppedChunks = 0

  constructor(private readonly budget: CaptureBudget) {}

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
    return this.head < this.tail ? this.positions[this.head] : undefined
  }

  /** Records one chunk and returns its seq; the seq is given even when capture is off. */
  append(peerId: string, dir: Direction, offset: number, time: number, bytes: Uint8Array): number {
    const seq = this.seqNext++
    if (!this.budget.limits.capture) return seq
    if (this.tail === this.cap) this.makeRoom()
    if (this.head === this.tail) {
      // Empty: restart the columns at this seq, so index and seq stay in step.
      this.head = this.tail = 0
      this.baseSeq = seq
    }
    let ix = this.peerIndex.get(peerId)
    if (ix === undefined) {
      ix = this.peerIds.push(peerId) - 1
      this.peerIndex.set(peerId, ix)
    }
    const i = this.tail++
    this.peerIx[i] = ix
    this.dirs[i] = dir === 'in' ? 0 : 1
    this.offsets[i] = offset
    this.times[i] = time
    this.lengths[i] = bytes.byteLength
    this.positions[i] = this.budget.write(bytes)
    this.budget.admit(this)
    return seq
  }

  private makeRoom(): void {
    const live = this.tail - this.head
    const cap = live * 2 > this.cap ? this.cap * 2 : this.cap
    const move = <T extends Uint32Array | Uint8Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const next = cap === this.cap ? a : make(cap)
      next.set(a.subarray(this.head, this.tail))
      return next
    }
    this.peerIx = move(this.peerIx, (n) => new Uint32Array(n))
    this.dirs = move(this.dirs, (n) => new Uint8Array(n))
    this.offsets = move(this.offsets, (n) => new Float64Array(n))
    this.times = move(this.times, (n) => new Float64Array(n))
    this.lengths = move(this.lengths, (n) => new Float64Array(n))
    this.positions = move(this.positions, (n) => new Float64Array(n))
    this.cap = cap
    this.baseSeq += this.head
    this.tail = live
    this.head = 0
  }

  dropOldest(): void {
    if (this.head >= this.tail) return
    this.droppedBytes += this.lengths[this.head]!
    this.droppedChunks++
    this.head++
  }

  private record(i: number): CaptureRecord & { type: 'data' } {
    return {
      type: 'data',
      seq: this.baseSeq + i,
      peerId: this.peerIds[this.peerIx[i]!]!,
      dir: this.dirs[i] === 0 ? 'in' : 'out',
      offset: this.offsets[i]!,
      time: this.times[i]!,
      length: this.lengths[i]!
    }
  }

  read(fromSeq: number, limit: number): CapturePage {
    const records: CaptureRecord[] = []
    const first = this.firstSeq
    let seq = Math.max(fromSeq, first)
    if (fromSeq < first && this.droppedChunks > 0) {
      records.push({ type: 'dropped', seq: fromSeq, bytes: this.droppedBytes, chunks: this.droppedChunks })
    }
    while (records.length < limit && seq < this.seqNext) {
      const i = seq - this.baseSeq
      if (i < this.head || i >= this.tail) break
      records.push(this.record(i))
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
    const pos = this.positions[i]!
    const bytes = pos < 0 ? undefined : this.budget.read(pos, this.lengths[i]!)
    if (!bytes) throw dropped(seq)
    const r = this.record(i)
    return { seq: r.seq, peerId: r.peerId, dir: r.dir, offset: r.offset, time: r.time, bytes }
  }

  /** Forgets every record (the endpoint is removed); the ring's bytes are reused in time. */
  clear(): void {
    this.budget.forget(this.tail - this.head)
    this.head = this.tail = 0
  }
}

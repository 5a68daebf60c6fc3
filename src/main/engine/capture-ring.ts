// The capture's memory: one ring of 1 MiB slabs shared by every endpoint, so it stays bounded however
// many run, and the order of every held record across endpoints, so the oldest bytes of the whole
// engine go first. Bytes are copied into the ring, or read straight into it through loans (see
// socket-reads.ts). The records themselves live per endpoint, in capture.ts.
import type { CaptureStore } from './capture'

export const SLAB_BYTES = 1024 * 1024

/**
 * Slabs that may hold pinned views at once (see pin): past it, bytes to send are copied out instead.
 * A bulk transfer pins a few neighbouring slabs; this bounds what slow peers keep beyond the limit.
 */
export const MAX_PINNED_SLABS = 16

/** Records are small objects; one per this many bytes of limit keeps their memory a fraction of it. */
export const BYTES_PER_RECORD = 512

/**
 * A stretch of the ring lent to one socket as its next read buffer. Nothing else is written there
 * until it is settled or released; its slab is not recycled while it is out.
 */
export interface Reservation {
  /** Ring position of view[0]. */
  readonly pos: number
  readonly view: Uint8Array
  readonly slab: Buffer
  /** Records admitted when it was lent: any admitted since sit past it in the ring. */
  readonly admittedBefore: number
}

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
  /**
   * Which store holds each held record, oldest first, as runs (store, count): one endpoint's
   * stream is one run however long. The runs are a ring that doubles when full, so nothing is
   * copied but on growth, and growth stops at the number of endpoints taking turns.
   */
  private runStores: (CaptureStore | undefined)[] = new Array<CaptureStore | undefined>(64).fill(undefined)
  private runCounts: number[] = new Array<number>(64).fill(0)
  private runHead = 0
  private runCount = 0
  private records = 0
  /** The newest slab and the ring position just past it: nearly every write fits there whole. */
  private current: Buffer | undefined
  private currentEnd = 0
  /** Set when the oldest slab went: records whose bytes it held are then due for dropping. */
  private floorMoved = false
  /** Derived from the limits; refreshed by trim(), which every change of the limits calls. */
  private maxSlabs = 2
  private maxRecords = 1024
  /** Reservations out, per slab: such a slab is left to the garbage collector, never reused. */
  private lent = new Map<Buffer, number>()
  private lentCount = 0
  /** Records ever admitted, to tell whether a loan is still the newest thing in the ring. */
  private admitted = 0
  /** Views pinned per slab (by its memory): such a slab is not reused once dropped either. */
  private pins = new Map<ArrayBufferLike, number>()
  /**
   * A view whose write never completed (the connection went with bytes waiting) is never unpinned:
   * once the collector takes it, its pin goes too.
   */
  private readonly lostPins = new FinalizationRegistry<ArrayBufferLike>((memory) => this.unpinMemory(memory))

  constructor(readonly limits: CaptureLimits) {
    this.readLimits()
  }

  private readLimits(): void {
    this.maxSlabs = Math.max(2, Math.floor(this.limits.captureLimitBytes / SLAB_BYTES))
    this.maxRecords = Math.max(1024, Math.floor(this.limits.captureLimitBytes / BYTES_PER_RECORD))
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
    const start = this.writePos
    const end = start + bytes.byteLength
    // The common case, kept small so it inlines: one memcpy into the slab being filled.
    if (end <= this.currentEnd && this.current !== undefined) {
      this.current.set(bytes, start - (this.currentEnd - SLAB_BYTES))
      this.writePos = end
      return start
    }
    return this.writeAcross(bytes)
  }

  get reservations(): number {
    return this.lentCount
  }

  /**
   * Lends `size` contiguous bytes at the ring's tail as a read buffer, or undefined when capture is
   * off or `size` cannot fit one slab. Later writes go past it, so a socket that reads into it
   * never overwrites anyone's bytes.
   */
  reserve(size: number): Reservation | undefined {
    if (!this.limits.capture || size > SLAB_BYTES) return undefined
    let pos = this.writePos
    if (this.current === undefined || pos + size > this.currentEnd) {
      // Start the next slab: a read buffer never spans two.
      const k = Math.ceil(pos / SLAB_BYTES)
      while (k >= this.firstSlab + this.slabs.length) this.addSlab()
      this.current = this.slabs[k - this.firstSlab]!
      this.currentEnd = (k + 1) * SLAB_BYTES
      pos = k * SLAB_BYTES
    }
    const slab = this.current
    const at = pos - (this.currentEnd - SLAB_BYTES)
    this.writePos = pos + size
    this.lent.set(slab, (this.lent.get(slab) ?? 0) + 1)
    this.lentCount++
    return { pos, view: slab.subarray(at, at + size), slab, admittedBefore: this.admitted }
  }

  /**
   * The socket has read `nread` bytes into the reservation: returns where they are held in the
   * ring, or -1 when they cannot be kept. They stay in place only when no record was admitted since
   * the loan: records must sit in the ring in the order they were admitted, or dropping oldest
   * first would keep records whose bytes are gone. Otherwise they are copied to the tail like any
   * chunk. The unused rest of the loan goes back when nothing was placed after it.
   */
  settle(r: Reservation, nread: number): number {
    const inPlace = r.admittedBefore === this.admitted && r.pos >= this.floor
    if (inPlace || !this.limits.capture) {
      this.giveBack(r, inPlace ? nread : 0)
      return this.limits.capture ? r.pos : -1
    }
    // Copied while still lent: a copy that needs a new slab may drop the oldest, and a slab given
    // back could be recycled as the very one it is copied into, overwriting the bytes read (which
    // the caller then forwards, decodes or answers) before they were read out.
    const at = this.write(r.view.subarray(0, nread))
    this.giveBack(r, 0)
    return at
  }

  /** Returns a reservation unused (the socket closed). */
  release(r: Reservation): void {
    this.giveBack(r, 0)
  }

  private giveBack(r: Reservation, used: number): void {
    const n = this.lent.get(r.slab)! - 1
    if (n === 0) this.lent.delete(r.slab)
    else this.lent.set(r.slab, n)
    this.lentCount--
    // Only the tail of the slab being filled can shrink; a loan that ended a slab stays a gap.
    if (r.slab === this.current && this.writePos === r.pos + r.view.byteLength) this.writePos = r.pos + used
  }

  /**
   * A view of the `length` bytes held at ring position `pos`, whose slab is not used again until
   * the view is unpinned: someone may then send straight from the ring instead of copying the bytes
   * out first. Undefined when they are no longer held, or span two slabs (copy those).
   */
  pin(pos: number, length: number): Uint8Array | undefined {
    if (pos < this.floor) return undefined
    const k = Math.floor(pos / SLAB_BYTES)
    if (pos + length > (k + 1) * SLAB_BYTES) return undefined
    const slab = this.slabs[k - this.firstSlab]
    if (!slab) return undefined
    const memory = slab.buffer
    const n = this.pins.get(memory)
    // A pinned slab the ring has moved past stays in memory until its writes complete: a bounded
    // number of slabs may be pinned, so what waits for slow peers holds at most that beyond the limit.
    if (n === undefined && this.pins.size >= MAX_PINNED_SLABS) return undefined
    this.pins.set(memory, (n ?? 0) + 1)
    const at = pos - k * SLAB_BYTES
    const view = slab.subarray(at, at + length)
    this.lostPins.register(view, memory, view)
    return view
  }

  /** The pinned view's bytes were sent and nothing reads them any more; a second call does nothing. */
  unpin(view: Uint8Array): void {
    if (this.lostPins.unregister(view)) this.unpinMemory(view.buffer)
  }

  private unpinMemory(memory: ArrayBufferLike): void {
    const n = this.pins.get(memory)
    if (n === undefined) return
    if (n <= 1) this.pins.delete(memory)
    else this.pins.set(memory, n - 1)
  }

  /** Slabs with a view pinned (for tests). */
  get pinnedSlabs(): number {
    return this.pins.size
  }

  /** A write that starts a new slab or spans several. */
  private writeAcross(bytes: Uint8Array): number {
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
      this.current = slab
      this.currentEnd = (k + 1) * SLAB_BYTES
    }
    return start
  }

  /** Counts a record the store has just appended, then drops what no longer fits. */
  admit(store: CaptureStore): void {
    const mask = this.runStores.length - 1
    const last = (this.runHead + this.runCount - 1) & mask
    if (this.runCount > 0 && this.runStores[last] === store) this.runCounts[last]!++
    else {
      if (this.runCount === this.runStores.length) this.growRuns()
      const at = (this.runHead + this.runCount) & (this.runStores.length - 1)
      this.runStores[at] = store
      this.runCounts[at] = 1
      this.runCount++
    }
    this.records++
    this.admitted++
    // Nothing can be due unless the ring moved on or the records passed their cap.
    if (this.floorMoved || this.records > this.maxRecords) this.dropDue()
  }

  private growRuns(): void {
    const n = this.runStores.length
    const stores = new Array<CaptureStore | undefined>(n * 2).fill(undefined)
    const counts = new Array<number>(n * 2).fill(0)
    for (let i = 0; i < this.runCount; i++) {
      stores[i] = this.runStores[(this.runHead + i) & (n - 1)]
      counts[i] = this.runCounts[(this.runHead + i) & (n - 1)]!
    }
    this.runStores = stores
    this.runCounts = counts
    this.runHead = 0
  }

  private addSlab(): void {
    if (this.slabs.length >= this.maxSlabs) this.dropSlab()
    // Slabs are recycled, never reallocated: the ring's memory is touched once and then reused.
    // They are shared buffers because V8 leaves those out of the external memory it weighs when
    // choosing when to collect garbage. As plain ArrayBuffers the full ring (256 MiB by default)
    // made it collect the whole heap dozens of times a GiB for the short-lived buffers a relay
    // allocates per chunk: 62 full collections relaying 1 GiB, none now. A view of the ring is only
    // ever lent for one call (bytes read into it are "borrowed"); what is kept or sent is a copy.
    this.slabs.push(this.spare.pop() ?? Buffer.from(new SharedArrayBuffer(SLAB_BYTES)))
  }

  private dropSlab(): void {
    const old = this.slabs.shift()
    this.firstSlab++
    this.floorMoved = true
    if (old === this.current) {
      this.current = undefined
      this.currentEnd = 0
    }
    // A slab lent out as a read buffer may still be written by its socket, and one pinned may
    // still be read by a write in flight: never reuse either.
    if (old && this.spare.length < 2 && !this.lent.has(old) && !this.pins.has(old.buffer)) this.spare.push(old)
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
    this.readLimits()
    while (this.slabs.length > this.maxSlabs) this.dropSlab()
    if (!this.limits.capture) while (this.slabs.length > 0) this.dropSlab()
    this.dropDue()
  }

  /** Drops the records at the head of the order that were overwritten or are over the cap. */
  private dropDue(): void {
    this.floorMoved = false
    const floor = this.limits.capture ? this.floor : Infinity
    const maxRecords = this.limits.capture ? this.maxRecords : 0
    const mask = this.runStores.length - 1
    while (this.runCount > 0) {
      const at = this.runHead
      const store = this.runStores[at]!
      const oldest = store.oldestPos()
      if (oldest === undefined) {
        // A cleared store's records were forgotten already: its run just goes.
        this.runCounts[at] = 0
      } else {
        // A chunk too large for the ring (pos -1) keeps its record; only its bytes are gone.
        const overwritten = oldest >= 0 && oldest < floor
        if (!overwritten && this.records <= maxRecords) break
        store.dropOldest()
        this.records--
        this.runCounts[at]!--
      }
      if (this.runCounts[at] === 0) {
        this.runStores[at] = undefined
        this.runHead = (at + 1) & mask
        this.runCount--
      }
    }
  }

  forget(records: number): void {
    this.records -= records
  }
}

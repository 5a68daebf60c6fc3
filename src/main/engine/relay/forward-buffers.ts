// Where a relay keeps the bytes it forwards until the far socket has taken them. Reads are borrowed
// (the next read overwrites them), so each chunk is copied once on its way through, unless it was
// read straight into the capture ring: it is then sent from there (see keep). A fresh buffer
// per chunk is garbage a few milliseconds later, 16,384 of them a GiB, and V8 weighs that memory
// when it decides to collect: relaying in bulk, it fell into collecting the whole heap after every
// young collection, and the relay ran at half speed. These buffers go back to a small free list
// once their bytes were written whole and are used again, so a steady transfer allocates nothing.
//
// A buffer is only ever reused after its write completed. One whose bytes never leave (a reset,
// the connection closed with bytes waiting) is simply not given back: the collector takes it.

/** The largest read a socket delivers, and so the size of every buffer here. */
export const FORWARD_BUFFER_BYTES = 64 * 1024

/** Buffers kept for reuse: past what a few connections have in flight, more would only sit idle. */
const MAX_FREE = 64

/** The capture ring's side of sending straight from it (see CaptureBudget.pin). */
export interface RingPins {
  pin(pos: number, length: number): Uint8Array | undefined
  unpin(view: Uint8Array): void
}

export class ForwardBuffers {
  /**
   * Where a socket that reads for the relay reads into: each read is copied out before the next
   * (reads happen one at a time on this thread), so one buffer serves every socket.
   */
  readonly readBuffer = Buffer.allocUnsafeSlow(FORWARD_BUFFER_BYTES)
  private readonly free: Buffer[] = []
  /** Each view handed out, to the whole buffer it is a view of. */
  private readonly lent = new WeakMap<Uint8Array, Buffer>()
  /** Views of the capture ring handed out instead of copies. */
  private readonly pinned = new WeakSet<Uint8Array>()

  constructor(private readonly ring?: RingPins) {}

  /**
   * `bytes`, borrowed from a read, as something that stays as it is until given back. A read that
   * landed in the capture ring (at `landedAt`) is already held there: the ring keeps that stretch
   * from reuse and the view is sent as it is, so a captured relay copies no more than one that
   * captures nothing. Anything else is copied.
   */
  keep(bytes: Uint8Array, landedAt?: number): Uint8Array {
    if (landedAt !== undefined && landedAt >= 0 && this.ring) {
      const view = this.ring.pin(landedAt, bytes.byteLength)
      if (view) {
        this.pinned.add(view)
        return view
      }
    }
    return this.copy(bytes)
  }

  /** A copy of `bytes` that stays as it is until it is given back. */
  copy(bytes: Uint8Array): Uint8Array {
    const n = bytes.byteLength
    if (n > FORWARD_BUFFER_BYTES) {
      const own = Buffer.allocUnsafe(n)
      own.set(bytes)
      return own
    }
    const whole = this.free.pop() ?? Buffer.allocUnsafeSlow(FORWARD_BUFFER_BYTES)
    const view = whole.subarray(0, n)
    view.set(bytes)
    this.lent.set(view, whole)
    return view
  }

  /**
   * The bytes of `view` (a copy made here) were written whole and nothing reads them any more: its
   * buffer may hold the next copy. Anything not lent from here, or given back already, is ignored.
   */
  giveBack(view: Uint8Array): void {
    if (this.pinned.delete(view)) {
      this.ring!.unpin(view)
      return
    }
    const whole = this.lent.get(view)
    if (whole === undefined) return
    this.lent.delete(view)
    if (this.free.length < MAX_FREE) this.free.push(whole)
  }

  /** Buffers waiting to be reused (for tests). */
  get idle(): number {
    return this.free.length
  }
}

// Where a relay keeps the bytes it forwards until the far socket has taken them. Reads are borrowed
// (the next read overwrites them), so each chunk is copied once on its way through. A fresh buffer
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

export class ForwardBuffers {
  /**
   * Where a socket that reads for the relay reads into: each read is copied out before the next
   * (reads happen one at a time on this thread), so one buffer serves every socket.
   */
  readonly readBuffer = Buffer.allocUnsafeSlow(FORWARD_BUFFER_BYTES)
  private readonly free: Buffer[] = []
  /** Each view handed out, to the whole buffer it is a view of. */
  private readonly lent = new WeakMap<Uint8Array, Buffer>()

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

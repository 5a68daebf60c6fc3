// Received bytes waiting to become frames. Every operation costs time in proportion to the bytes
// it touches, never to how many chunks came before, so a peer that writes one byte at a time
// cannot make decoding quadratic:
// - a chunk of COALESCE_MIN bytes or more, or any chunk into an empty queue, is kept as it came,
//   without a copy, and a frame that lies inside one is a view of it (the fast path: big reads, and
//   small messages that arrive whole);
// - a smaller chunk behind queued bytes is copied into an owned tail buffer, so a frame fed one
//   byte at a time is held in a few pieces instead of one object per byte (~100 bytes of overhead
//   each). Tail buffers start small and double up to TAIL_MAX, and are let go when the queue
//   empties, so thousands of idle peers do not each keep one;
// - a frame is joined once, when it is complete: copying the whole buffer on every chunk would be
//   quadratic in the frame size;
// - searches resume from a cursor at the piece where the previous search stopped.

export class ChunkQueue {
  private pieces: Uint8Array[] = []
  private head = 0
  /** Bytes already consumed from pieces[head]. */
  private headUsed = 0
  length = 0
  /** Bytes consumed since the queue was made: the stream position of the front, for the cursor. */
  private consumed = 0

  /** Where small chunks are copied. Written once, front to back, so views into it never change. */
  private tail: Uint8Array | null = null
  private tailEnd = 0
  /** Start in `tail` of the last piece, while that piece is still growing; -1 when it is not. */
  private tailPieceStart = -1

  /** The piece holding the last search position (or the last piece), and where it starts in the stream. */
  private cursorPiece = 0
  private cursorStart = 0

  private slab: ArrayBuffer | null = null
  private slabUsed = 0

  /**
   * Pieces looked at by searches and reads that do not consume them. Tests check that it grows
   * with the bytes pushed, not with their square: the cost that would let a peer stall the process.
   */
  visits = 0

  /** How many arrays hold the queued bytes: what the queue costs beyond the bytes themselves. */
  get pieceCount(): number {
    return this.pieces.length - this.head
  }

  /** The queue keeps `chunk` (no copy) when it is big; the caller must not modify it afterwards. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return
    const wasEmpty = this.length === 0
    this.length += chunk.length
    if (chunk.length >= COALESCE_MIN || wasEmpty) {
      this.tailPieceStart = -1
      this.pieces.push(chunk)
      return
    }
    for (let from = 0; from < chunk.length; ) {
      if (this.tail === null || this.tailEnd === this.tail.length) {
        this.tail = new Uint8Array(this.tail === null ? TAIL_MIN : Math.min(TAIL_MAX, this.tail.length * 2))
        this.tailEnd = 0
        this.tailPieceStart = -1
      }
      if (this.tailPieceStart < 0) {
        this.tailPieceStart = this.tailEnd
        this.pieces.push(EMPTY)
      }
      const k = Math.min(this.tail.length - this.tailEnd, chunk.length - from)
      this.tail.set(from === 0 && k === chunk.length ? chunk : chunk.subarray(from, from + k), this.tailEnd)
      this.tailEnd += k
      from += k
      // A new view each time: views already handed out (frames) keep their own length.
      this.pieces[this.pieces.length - 1] = this.tail.subarray(this.tailPieceStart, this.tailEnd)
    }
  }

  /** Byte at `index` from the front; for length fields, which sit within the first few bytes. */
  byteAt(index: number): number {
    let i = index + this.headUsed
    for (let c = this.head; c < this.pieces.length; c++) {
      this.visits++
      const piece = this.pieces[c]!
      if (i < piece.length) return piece[i]!
      i -= piece.length
    }
    throw new RangeError(`byteAt(${index}) past ${this.length}`)
  }

  /** Removes and returns the first n bytes: a view when they lie in one piece, else one copy. */
  take(n: number): Uint8Array {
    if (n === 0) return new Uint8Array(0)
    const first = this.pieces[this.head]!
    if (first.length - this.headUsed >= n) {
      const view = first.subarray(this.headUsed, this.headUsed + n)
      this.advance(n)
      return view
    }
    const out = this.alloc(n)
    let o = 0
    while (o < n) {
      const piece = this.pieces[this.head]!
      const avail = piece.length - this.headUsed
      const k = Math.min(avail, n - o)
      out.set(k === piece.length ? piece : piece.subarray(this.headUsed, this.headUsed + k), o)
      o += k
      this.advance(k)
    }
    return out
  }

  /** Copies n bytes starting at `from` without consuming them; `from` is small (a header's prefix). */
  peek(from: number, n: number): Uint8Array {
    if (from + n > this.length) throw new RangeError(`peek(${from}, ${n}) past ${this.length}`)
    const out = new Uint8Array(n)
    if (n === 0) return out
    let c = this.head
    let i = from + this.headUsed
    while (i >= this.pieces[c]!.length) {
      this.visits++
      i -= this.pieces[c++]!.length
    }
    for (let o = 0; o < n; c++, i = 0) {
      this.visits++
      const piece = this.pieces[c]!
      const k = Math.min(piece.length - i, n - o)
      out.set(piece.subarray(i, i + k), o)
      o += k
    }
    return out
  }

  /**
   * Small frames are carved from a shared slab, as Node pools small Buffers: one allocation per
   * many frames instead of one each, which dominates decoding time for frames of a few KiB.
   * Such a payload keeps its slab alive; copy it (`slice()`) to keep it long on its own.
   */
  private alloc(n: number): Uint8Array {
    if (n > SLAB_MAX) return new Uint8Array(n)
    if (this.slab === null || this.slabUsed + n > SLAB_SIZE) {
      this.slab = new ArrayBuffer(SLAB_SIZE)
      this.slabUsed = 0
    }
    const out = new Uint8Array(this.slab, this.slabUsed, n)
    // Keep each payload 8-byte aligned, so typed-array views of it stay possible.
    this.slabUsed += (n + 7) & ~7
    return out
  }

  skip(n: number): void {
    while (n > 0) {
      const avail = this.pieces[this.head]!.length - this.headUsed
      const k = Math.min(avail, n)
      this.advance(k)
      n -= k
    }
  }

  /**
   * Index from the front of the first occurrence of `pattern` at or after `from`, or -1.
   * Callers search again from where a failed search could still match (the end, less the
   * pattern's length), so the cursor makes a stream searched piece by piece cost its length once.
   */
  indexOf(pattern: Uint8Array, from: number): number {
    const first = pattern[0]!
    let c = this.head
    let base = -this.headUsed // queue index of pieces[c][0]
    if (this.cursorPiece > this.head && this.cursorStart - this.consumed <= from) {
      c = this.cursorPiece
      base = this.cursorStart - this.consumed
    }
    // The cursor never passes the last piece: that one may still grow, and a piece after it
    // would start where it ends now.
    while (c < this.pieces.length - 1 && base + this.pieces[c]!.length <= from) {
      this.visits++
      base += this.pieces[c++]!.length
    }
    this.cursorPiece = c
    this.cursorStart = base + this.consumed
    for (; c < this.pieces.length; c++) {
      this.visits++
      const piece = this.pieces[c]!
      let start = Math.max(0, from - base)
      while (start < piece.length) {
        const hit = piece.indexOf(first, start)
        if (hit < 0) break
        const at = base + hit
        if (pattern.length === 1) return at
        if (at + pattern.length > this.length) return -1
        if (this.matchesAt(pattern, c, hit)) return at
        start = hit + 1
      }
      base += piece.length
    }
    return -1
  }

  private matchesAt(pattern: Uint8Array, c: number, i: number): boolean {
    let piece = this.pieces[c]!
    for (let k = 1; k < pattern.length; k++) {
      i++
      while (i >= piece.length) {
        this.visits++
        i -= piece.length
        piece = this.pieces[++c]!
      }
      if (piece[i] !== pattern[k]) return false
    }
    return true
  }

  /** Drops every queued byte (a decoder that failed keeps none of them). */
  clear(): void {
    this.consumed += this.length
    this.length = 0
    this.pieces = []
    this.head = 0
    this.headUsed = 0
    this.tailPieceStart = -1
    this.tail = null
    this.cursorPiece = 0
  }

  private advance(k: number): void {
    this.length -= k
    this.consumed += k
    this.headUsed += k
    if (this.headUsed === this.pieces[this.head]!.length) {
      // The growing tail piece is used up: the next small chunk starts a new one.
      if (this.head === this.pieces.length - 1) this.tailPieceStart = -1
      this.pieces[this.head] = EMPTY
      this.head++
      this.headUsed = 0
      // Drop consumed slots now and then instead of shifting the array on every piece.
      if (this.head === this.pieces.length) {
        this.pieces = []
        this.cursorPiece = 0
        this.head = 0
        // Frames cut from the tail keep their own views of it.
        this.tail = null
      } else if (this.head >= 1024 && this.head * 2 >= this.pieces.length) {
        this.pieces = this.pieces.slice(this.head)
        this.cursorPiece = Math.max(0, this.cursorPiece - this.head)
        this.head = 0
      }
    }
  }
}

const EMPTY = new Uint8Array(0)
/** Chunks below this size are copied into the tail behind queued bytes; bigger ones are kept as they came. */
export const COALESCE_MIN = 1024
const TAIL_MIN = 256
export const TAIL_MAX = 64 * 1024
const SLAB_SIZE = 256 * 1024
const SLAB_MAX = 16 * 1024

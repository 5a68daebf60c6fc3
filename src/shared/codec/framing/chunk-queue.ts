// Received chunks are kept as a list and joined once, when a frame is complete: copying the
// whole buffer on every chunk would make decoding quadratic in the frame size.

export class ChunkQueue {
  private chunks: Uint8Array[] = []
  private head = 0
  /** Bytes already consumed from chunks[head]. */
  private headUsed = 0
  length = 0
  private slab: ArrayBuffer | null = null
  private slabUsed = 0

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return
    this.chunks.push(chunk)
    this.length += chunk.length
  }

  /** Byte at `index` from the front; used for headers, which sit in the first chunk or two. */
  byteAt(index: number): number {
    let i = index + this.headUsed
    for (let c = this.head; c < this.chunks.length; c++) {
      const chunk = this.chunks[c]!
      if (i < chunk.length) return chunk[i]!
      i -= chunk.length
    }
    throw new RangeError(`byteAt(${index}) past ${this.length}`)
  }

  /** Removes and returns the first n bytes: a view when they lie in one chunk, else one copy. */
  take(n: number): Uint8Array {
    if (n === 0) return new Uint8Array(0)
    const first = this.chunks[this.head]!
    if (first.length - this.headUsed >= n) {
      const view = first.subarray(this.headUsed, this.headUsed + n)
      this.advance(n)
      return view
    }
    const out = this.alloc(n)
    let o = 0
    while (o < n) {
      const chunk = this.chunks[this.head]!
      const avail = chunk.length - this.headUsed
      const k = Math.min(avail, n - o)
      out.set(k === chunk.length ? chunk : chunk.subarray(this.headUsed, this.headUsed + k), o)
      o += k
      this.advance(k)
    }
    return out
  }

  /** Copies n bytes starting at `from` without consuming them. */
  peek(from: number, n: number): Uint8Array {
    const out = new Uint8Array(n)
    for (let k = 0; k < n; k++) out[k] = this.byteAt(from + k)
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
      const avail = this.chunks[this.head]!.length - this.headUsed
      const k = Math.min(avail, n)
      this.advance(k)
      n -= k
    }
  }

  /** Index from the front of the first occurrence of `pattern` at or after `from`, or -1. */
  indexOf(pattern: Uint8Array, from: number): number {
    const first = pattern[0]!
    let base = -this.headUsed // queue index of chunks[c][0]
    for (let c = this.head; c < this.chunks.length; c++) {
      const chunk = this.chunks[c]!
      let start = Math.max(0, from - base)
      while (start < chunk.length) {
        const hit = chunk.indexOf(first, start)
        if (hit < 0) break
        const at = base + hit
        if (pattern.length === 1) return at
        if (at + pattern.length > this.length) return -1
        if (this.matchesAt(pattern, c, hit)) return at
        start = hit + 1
      }
      base += chunk.length
    }
    return -1
  }

  private matchesAt(pattern: Uint8Array, c: number, i: number): boolean {
    let chunk = this.chunks[c]!
    for (let k = 1; k < pattern.length; k++) {
      i++
      while (i >= chunk.length) {
        i -= chunk.length
        chunk = this.chunks[++c]!
      }
      if (chunk[i] !== pattern[k]) return false
    }
    return true
  }

  private advance(k: number): void {
    this.length -= k
    this.headUsed += k
    if (this.headUsed === this.chunks[this.head]!.length) {
      this.chunks[this.head] = EMPTY
      this.head++
      this.headUsed = 0
      // Drop consumed slots now and then instead of shifting the array on every chunk.
      if (this.head === this.chunks.length) {
        this.chunks = []
        this.head = 0
      } else if (this.head >= 1024 && this.head * 2 >= this.chunks.length) {
        this.chunks = this.chunks.slice(this.head)
        this.head = 0
      }
    }
  }
}

const EMPTY = new Uint8Array(0)
const SLAB_SIZE = 256 * 1024
const SLAB_MAX = 16 * 1024

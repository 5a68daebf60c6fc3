// The output side of every export writer: bytes are written into blocks of a fixed size and each
// block goes to the sink once full, so a writer fed a whole capture holds one block, never the file.
// Blocks are new arrays, never reused: the sink may keep them (a file stream queues them).

/** Where finished blocks go: a file stream, an HTTP response, a test's array. */
export type ByteSink = (bytes: Uint8Array) => void

export const DEFAULT_BLOCK_BYTES = 1024 * 1024
/** The smallest block: the writers reserve at most this much at once. */
export const MIN_BLOCK_BYTES = 64

export class ByteOut {
  private block: Uint8Array
  private view: DataView
  private at = 0
  /** Bytes handed to the sink so far plus those still in the block. */
  private total = 0
  readonly blockBytes: number

  constructor(
    private readonly sink: ByteSink,
    blockBytes = DEFAULT_BLOCK_BYTES
  ) {
    this.blockBytes = Math.max(MIN_BLOCK_BYTES, Math.floor(blockBytes))
    this.block = new Uint8Array(this.blockBytes)
    this.view = new DataView(this.block.buffer)
  }

  /** Every byte written, flushed or not. */
  get written(): number {
    return this.total
  }

  /**
   * Room for `n` contiguous bytes (n at most the block size): returns the block and the position
   * to write at, for writers that fill a header in place. Call commit(n) once they are written.
   */
  reserve(n: number): { bytes: Uint8Array; view: DataView; at: number } {
    if (n > this.blockBytes) throw new RangeError(`cannot reserve ${n} bytes in blocks of ${this.blockBytes}`)
    if (this.at + n > this.blockBytes) this.flush()
    return { bytes: this.block, view: this.view, at: this.at }
  }

  commit(n: number): void {
    this.at += n
    this.total += n
  }

  /** Copies bytes of any length, across blocks as needed. */
  write(bytes: Uint8Array): void {
    let done = 0
    const n = bytes.byteLength
    while (done < n) {
      if (this.at === this.blockBytes) this.flush()
      const take = Math.min(n - done, this.blockBytes - this.at)
      this.block.set(take === n ? bytes : bytes.subarray(done, done + take), this.at)
      this.at += take
      done += take
    }
    this.total += n
  }

  /** Zero bytes, as padding. */
  zeros(n: number): void {
    if (n === 0) return
    const r = this.reserve(n)
    r.bytes.fill(0, r.at, r.at + n)
    this.commit(n)
  }

  /** Hands what the block holds to the sink and starts a new one. */
  flush(): void {
    if (this.at === 0) return
    const full = this.at === this.blockBytes
    this.sink(full ? this.block : this.block.slice(0, this.at))
    this.block = new Uint8Array(this.blockBytes)
    this.view = new DataView(this.block.buffer)
    this.at = 0
  }
}

// Backpressure lives here: every byte bound for a peer waits in one bounded queue until the kernel
// takes it. Sends, repeats, file sends and auto replies all go through it:
// - a send that finds no room is refused (or waits, if it asked to), and nothing already queued is
//   lost;
// - an answer owed for a received chunk or frame is made only while there is room and the
//   responder can take it (no reply delay pending, no hold). Otherwise the payloads owed an answer
//   are kept, in order, and reading stops, so what they hold is bounded by what was read; they are
//   answered as the queue drains or the responder resumes, and reading resumes once all are.
// A stream peer has a queue of its own; a UDP socket has one for all its peers, as they share its
// send buffer. How bytes reach the kernel is the transport's business (stream-writes.ts, udp.ts):
// it tells the queue what it added and what the kernel took.
import type { Peer } from './peer'

/** What the framing parsed besides a frame's payload (json-header's header). */
export type FrameMeta = Readonly<Record<string, unknown>>

/**
 * Bytes that may wait for one peer (one UDP socket) before a send is refused and reading stops
 * where an answer is owed: a few round trips of a fast link, a small fraction of the memory a
 * window may use. A single send larger than this is still taken when nothing waits.
 */
export const DEFAULT_OUTBOUND_LIMIT = 4 * 1024 * 1024

/**
 * What one queued write or datagram costs beyond its bytes (Node's entry for it, our callback, its
 * end in the count of whole writes), charged against the limit: a flood of one-byte answers then
 * stops at thousands of writes, not millions.
 */
export const WRITE_COST_BYTES = 512

/** What the queue asks of the endpoint it belongs to. */
export interface QueueHost {
  /** Make the answer owed for `payload` and queue it (it may be nothing now: the responder was turned off). */
  answer(peer: Peer, payload: Uint8Array, meta: FrameMeta | undefined, time: number | undefined): void
  /** Whether the peer's responder can take a frame now (false while a reply delay or a hold lasts). */
  ready(peer: Peer): boolean
  /** Stop (false) or restart (true) reading where answers are owed. False when it cannot. */
  setReading(on: boolean): boolean
}

export class OutboundQueue {
  /** Bytes accepted that the kernel has not taken. */
  pending = 0
  /** Writes (datagrams) accepted that the kernel has not taken whole. */
  writes = 0
  /** Bytes of sends waiting for room (see waitForRoom), bounded like the queue itself. */
  waiting = 0
  /** Answers owed, oldest first: three columns rather than an object per frame. */
  private owedPeers: Peer[] = []
  private owedPayloads: Uint8Array[] = []
  private owedMeta: (FrameMeta | undefined)[] = []
  private owedHead = 0
  private readingStopped = false
  private draining = false
  private closed = false
  private afterAnswers: (() => void)[] = []
  private wakers: (() => void)[] = []

  constructor(
    readonly limit: number,
    private readonly host: QueueHost
  ) {}

  /** Whether `n` more bytes may be queued: they fit, or nothing waits (one large send still goes). */
  hasRoom(n: number): boolean {
    return this.pending === 0 || this.load + n + WRITE_COST_BYTES <= this.limit
  }

  /** What the queue holds, as charged against the limit. */
  get load(): number {
    return this.pending + this.writes * WRITE_COST_BYTES
  }

  get isClosed(): boolean {
    return this.closed
  }

  get owedCount(): number {
    return this.owedPayloads.length - this.owedHead
  }

  /** The transport queued one write of `n` bytes. */
  added(n: number): void {
    this.pending += n
    this.writes++
  }

  /**
   * The kernel took `n` bytes, completing `writes` writes: answers owed are made while there is
   * room, then waiters wake.
   */
  taken(n: number, writes: number): void {
    this.pending -= n
    this.writes -= writes
    this.drain()
  }

  /**
   * An answer is owed for `payload` (a received chunk, or one frame's payload and `meta`). Made at
   * once while there is room, the responder is ready and none is owed before it; else kept, and
   * reading stops.
   */
  owe(peer: Peer, payload: Uint8Array, meta: FrameMeta | undefined, time: number): void {
    if (this.closed) return
    if (this.owedCount === 0 && this.load < this.limit && this.host.ready(peer)) {
      this.host.answer(peer, payload, meta, time)
      if (this.load >= this.limit) this.stopReading()
      return
    }
    // Where reading cannot stop (a runtime without the means), keeping every payload would grow
    // without end: the answer is given up instead, as a UDP server short of buffer does.
    if (!this.stopReading()) return
    this.owedPeers.push(peer)
    this.owedPayloads.push(payload)
    this.owedMeta.push(meta)
  }

  /** Runs `fn` once every answer owed now is made (at once when none is). */
  whenAnswered(fn: () => void): void {
    if (this.owedCount === 0) fn()
    else this.afterAnswers.push(fn)
  }

  /** A responder that could not take frames can again: answers owed go on while there is room. */
  resume(): void {
    this.drain()
  }

  /** The responder was turned off: nothing owed is answered any more, and reading goes on. */
  forgetOwed(): void {
    this.clearOwed()
    this.drain()
  }

  /** The connection or socket is gone: owed answers go, waiters wake to find it closed. */
  close(): void {
    this.closed = true
    this.clearOwed()
    this.afterAnswers = []
    this.wake()
  }

  /**
   * Resolves true once `n` bytes fit, false when `ms` pass first or the queue closes. Waiting sends
   * hold their bytes, so what they may hold is bounded too: past the limit a send does not wait.
   */
  async waitForRoom(n: number, ms: number): Promise<boolean> {
    if (this.hasRoom(n)) return true
    if (this.closed || ms <= 0 || (this.waiting > 0 && this.waiting + n > this.limit)) return false
    this.waiting += n
    try {
      const deadline = performance.now() + ms
      while (!this.hasRoom(n)) {
        const left = deadline - performance.now()
        if (this.closed || left <= 0) return false
        await this.change(left)
      }
      return true
    } finally {
      this.waiting -= n
    }
  }

  /** Resolves at the next drain or close, or after `ms` (Infinity: no timer). */
  private change(ms: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined
      const done = (): void => {
        if (timer) clearTimeout(timer)
        resolve()
      }
      if (Number.isFinite(ms)) timer = setTimeout(() => {
        this.wakers = this.wakers.filter((w) => w !== done)
        resolve()
      }, ms)
      this.wakers.push(done)
    })
  }

  private wake(): void {
    if (this.wakers.length === 0) return
    const wakers = this.wakers
    this.wakers = []
    for (const w of wakers) w()
  }

  private drain(): void {
    // An answer's write may complete at once and call back here: the outer loop carries on.
    if (this.draining) return
    this.draining = true
    try {
      while (this.owedCount > 0 && this.load < this.limit && !this.closed && this.host.ready(this.owedPeers[this.owedHead]!)) {
        const i = this.owedHead++
        const peer = this.owedPeers[i]!
        const payload = this.owedPayloads[i]!
        const meta = this.owedMeta[i]
        this.owedPayloads[i] = EMPTY
        this.owedMeta[i] = undefined
        if (this.owedCount === 0) this.clearOwed()
        this.host.answer(peer, payload, meta, undefined)
      }
    } finally {
      this.draining = false
    }
    if (this.owedCount > 0) return
    if (this.afterAnswers.length > 0) {
      const after = this.afterAnswers
      this.afterAnswers = []
      for (const fn of after) fn()
    }
    if (this.readingStopped && this.load < this.limit && !this.closed) {
      this.readingStopped = false
      this.host.setReading(true)
    }
    this.wake()
  }

  private stopReading(): boolean {
    if (this.readingStopped) return true
    if (!this.host.setReading(false)) return false
    this.readingStopped = true
    return true
  }

  private clearOwed(): void {
    this.owedPeers = []
    this.owedPayloads = []
    this.owedMeta = []
    this.owedHead = 0
  }
}

const EMPTY = new Uint8Array(0)

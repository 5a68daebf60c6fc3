// One direction of a stream relay: what it does to the bytes on their way (re-chunk, coalesce,
// delay, bandwidth, reset), in one place. Bytes come in as they were read and leave through the
// sink in order, each piece as one write. What the pipe holds is counted (`held`): the relay stops
// reading the side they come from while it is too much, so a delay or a slow bandwidth never makes
// memory grow with what the sender sends.
import type { RelayFaultKind, RelayNote } from '../../../shared/responders'
import type { RelayFaults } from '../../../shared/schemas'

/** Coalesced bytes leave together once this many wait, whatever is left of the hold. */
export const MAX_COALESCED_BYTES = 64 * 1024

/** Bandwidth is metered in pieces of at most this share of a second, so it is smooth. */
const BANDWIDTH_SLOTS_PER_SECOND = 20

export interface PipeSink {
  /**
   * One piece leaves now, after every piece before it. `written`, when given, is to run once the
   * socket has taken the piece whole (the last piece of a chunk: its memory may then be reused).
   */
  write(bytes: Uint8Array, written?: () => void): void
  /** A fault touched this direction's bytes for the first time since the faults were set. */
  note(note: RelayNote): void
  /** The reset fault fired: every byte before it has been handed to write. */
  reset(note: RelayNote): void
  /** The pipe holds less than it did: chunks kept back may come in. */
  drained(): void
}

/**
 * A piece waiting for its time: bytes, or the reset (null). `paced`: one per event-loop turn.
 * `written`: the chunk's own callback, on its last piece.
 */
interface Item {
  bytes: Uint8Array | null
  at: number
  paced: boolean
  note?: RelayNote
  written?: () => void
}

const EMPTY = new Uint8Array(0)

export class FaultPipe {
  /** Bytes taken in and not yet written: what reading stops for, past a limit. */
  held = 0
  private faults: RelayFaults = {}
  private pattern: Uint8Array | undefined
  private items: Item[] = []
  private head = 0
  private noted = new Set<RelayFaultKind>()
  /** Bytes past the reset check since the faults were set (reset-after counts these). */
  private forwarded = 0
  /** The last bytes seen, so a reset-on pattern split across two reads is still found. */
  private tail: Uint8Array = EMPTY
  private coalesced: Uint8Array[] = []
  /** The callbacks of the chunks being coalesced, run once they are copied into one. */
  private coalescedWritten: (() => void)[] = []
  private coalescedBytes = 0
  private coalesceTimer: NodeJS.Timeout | undefined
  private timer: NodeJS.Timeout | undefined
  private immediate: NodeJS.Immediate | undefined
  /** When the last piece is due: a later chunk never leaves before it (order kept). */
  private lastAt = 0
  /** When the bandwidth allows the next byte. */
  private bandwidthFree = 0
  private pumping = false
  private tripped = false
  private stopped = false
  private emptyWaiters: (() => void)[] = []

  constructor(
    readonly toward: 'upstream' | 'client',
    faults: RelayFaults | undefined,
    private readonly sink: PipeSink,
    private readonly random: () => number
  ) {
    this.setFaults(faults)
  }

  /** New faults apply from the next chunk on; what already waits keeps its time. */
  setFaults(faults: RelayFaults | undefined): void {
    this.faults = faults ?? {}
    this.pattern = this.faults.resetOn !== undefined ? new TextEncoder().encode(this.faults.resetOn) : undefined
    this.tail = EMPTY
    this.forwarded = 0
    this.noted.clear()
    if (this.faults.coalesceMs === undefined) {
      // What was held to be joined goes now, and must be sent on its way: no timer will.
      this.flushCoalesced()
      this.pump()
    }
  }

  /** Whether a chunk goes straight through: no fault shapes it and nothing waits before it. */
  private get straight(): boolean {
    const f = this.faults
    return (
      this.head === this.items.length &&
      this.coalescedBytes === 0 &&
      f.chunk === undefined &&
      f.coalesceMs === undefined &&
      f.delayMs === undefined &&
      f.bandwidth === undefined &&
      f.resetAfter === undefined &&
      this.pattern === undefined
    )
  }

  /**
   * Takes one chunk as it was read. Nothing leaves once the reset fired or the pipe stopped.
   * `written` runs once the chunk's bytes are no longer needed: all of it that leaves was taken by
   * the socket, or copied on (coalesced). It never runs for a chunk dropped with the pipe.
   */
  push(bytes: Uint8Array, written?: () => void): void {
    if (this.tripped || this.stopped || bytes.byteLength === 0) return
    if (this.straight) {
      this.sink.write(bytes, written)
      return
    }
    let cut = bytes.byteLength
    let trip: RelayNote | undefined
    const f = this.faults
    if (this.pattern) {
      const at = this.find(bytes)
      if (at !== undefined && at < cut) {
        cut = at
        trip = this.noteOf('reset-on', { text: f.resetOn! })
      }
    }
    if (f.resetAfter !== undefined) {
      const left = Math.max(0, f.resetAfter - this.forwarded)
      if (left <= cut) {
        cut = left
        trip = this.noteOf('reset-after', { value: f.resetAfter })
      }
    }
    this.forwarded += cut
    if (cut > 0) {
      this.held += cut
      this.shape(cut === bytes.byteLength ? bytes : bytes.subarray(0, cut), written)
    }
    if (trip) {
      this.tripped = true
      this.flushCoalesced()
      this.items.push({ bytes: null, at: this.lastAt, paced: false, note: trip })
    }
    this.pump()
  }

  /** Runs `fn` once everything taken in has been written (at once when nothing waits). */
  whenEmpty(fn: () => void): void {
    // An end is coming: bytes held to be coalesced go now rather than wait out the hold, and are
    // sent on their way here, their timer being gone.
    this.flushCoalesced()
    this.pump()
    if (this.head === this.items.length) fn()
    else this.emptyWaiters.push(fn)
  }

  /** The connection is gone: nothing more leaves, timers stop. */
  stop(): void {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    if (this.immediate) clearImmediate(this.immediate)
    if (this.coalesceTimer) clearTimeout(this.coalesceTimer)
    this.timer = this.immediate = this.coalesceTimer = undefined
    this.items = []
    this.head = 0
    this.coalesced = []
    this.coalescedWritten = []
    this.coalescedBytes = 0
    this.held = 0
    this.emptyWaiters = []
  }

  /** Where the pattern starts in `bytes` (negative: it began in the bytes before), if it is there. */
  private find(bytes: Uint8Array): number | undefined {
    const p = this.pattern!
    const tail = this.tail
    const hay = tail.byteLength > 0 ? concat([tail, bytes], tail.byteLength + bytes.byteLength) : bytes
    const at = Buffer.from(hay.buffer, hay.byteOffset, hay.byteLength).indexOf(Buffer.from(p.buffer, p.byteOffset, p.byteLength))
    const keep = Math.min(p.byteLength - 1, hay.byteLength)
    // A copy: the chunk's memory is reused once it has been written.
    this.tail = keep > 0 ? Uint8Array.prototype.slice.call(hay, hay.byteLength - keep) : EMPTY
    return at < 0 ? undefined : Math.max(0, at - tail.byteLength)
  }

  private shape(bytes: Uint8Array, written: (() => void) | undefined): void {
    const f = this.faults
    if (f.coalesceMs !== undefined) {
      this.coalesced.push(bytes)
      if (written) this.coalescedWritten.push(written)
      this.coalescedBytes += bytes.byteLength
      if (this.coalesced.length > 1) this.noteOnce('coalesce', { value: f.coalesceMs })
      if (this.coalescedBytes >= MAX_COALESCED_BYTES) this.flushCoalesced()
      else this.coalesceTimer ??= setTimeout(() => {
        this.coalesceTimer = undefined
        this.flushCoalesced()
        this.pump()
      }, f.coalesceMs)
      return
    }
    this.schedule(bytes, written)
  }

  private flushCoalesced(): void {
    if (this.coalesceTimer) clearTimeout(this.coalesceTimer)
    this.coalesceTimer = undefined
    if (this.coalescedBytes === 0) return
    const single = this.coalesced.length === 1
    const joined = single ? this.coalesced[0]! : concat(this.coalesced, this.coalescedBytes)
    const written = this.coalescedWritten
    this.coalesced = []
    this.coalescedWritten = []
    this.coalescedBytes = 0
    if (single) {
      this.schedule(joined, written[0])
      return
    }
    // Joined into a copy of their own: the chunks themselves are done with.
    for (const fn of written) fn()
    this.schedule(joined, undefined)
  }

  /** Gives the chunk its time (delay, bandwidth) and its pieces (split, bandwidth slots). */
  private schedule(bytes: Uint8Array, written: (() => void) | undefined): void {
    const f = this.faults
    let at = performance.now()
    if (f.delayMs !== undefined) {
      const max = f.delayMaxMs ?? f.delayMs
      const latency = f.delayMs + (max > f.delayMs ? this.random() * (max - f.delayMs) : 0)
      at += latency
      this.noteOnce('delay', max > f.delayMs ? { value: f.delayMs, maxValue: max } : { value: f.delayMs })
    }
    at = Math.max(at, this.lastAt)
    const n = bytes.byteLength
    const bw = f.bandwidth
    let size = n
    if (f.chunk !== undefined) {
      size = f.chunk
      if (n > size) this.noteOnce('split', { value: size })
    }
    if (bw !== undefined) {
      size = Math.min(size, Math.max(1, Math.floor(bw / BANDWIDTH_SLOTS_PER_SECOND)))
      this.noteOnce('bandwidth', { value: bw })
    }
    const paced = f.chunk !== undefined
    for (let from = 0; from < n; from += size) {
      const piece = size >= n ? bytes : bytes.subarray(from, Math.min(n, from + size))
      if (bw !== undefined) {
        at = Math.max(at, this.bandwidthFree)
        this.bandwidthFree = at + (piece.byteLength * 1000) / bw
      }
      // Pieces leave in order: the last one taken means the whole chunk was.
      this.items.push(from + size >= n && written ? { bytes: piece, at, paced, written } : { bytes: piece, at, paced })
    }
    this.lastAt = at
  }

  /**
   * Writes every piece that is due, in order. A split piece waits for the next turn of the event
   * loop after the one before it (and Nagle is off on the relay's sockets), so each leaves as its
   * own segment and a reader that keeps up reads it alone.
   */
  private pump(): void {
    if (this.pumping || this.stopped || this.timer || this.immediate) return
    this.pumping = true
    let wrote = false
    try {
      while (this.head < this.items.length) {
        const item = this.items[this.head]!
        const wait = item.at - performance.now()
        if (wait > 0.5) {
          this.timer = setTimeout(() => {
            this.timer = undefined
            this.pump()
          }, wait)
          break
        }
        this.items[this.head++] = undefined as unknown as Item
        if (item.bytes === null) {
          this.stop()
          this.sink.reset(item.note!)
          return
        }
        this.held -= item.bytes.byteLength
        wrote = true
        this.sink.write(item.bytes, item.written)
        if (this.stopped) return
        if (item.paced) {
          // Nothing more leaves until a poll phase has passed, whoever calls: a reader in this
          // process reads the piece there. An immediate set now may run before it (this turn's
          // check phase), one set from that runs after the next.
          this.immediate = setImmediate(() => {
            this.immediate = setImmediate(() => {
              this.immediate = undefined
              this.pump()
            })
          })
          break
        }
      }
    } finally {
      this.pumping = false
    }
    if (this.head === this.items.length) {
      this.items = []
      this.head = 0
      const waiters = this.emptyWaiters
      this.emptyWaiters = []
      for (const fn of waiters) fn()
    }
    if (wrote) this.sink.drained()
  }

  private noteOf(fault: RelayFaultKind, extra: Omit<RelayNote, 'kind' | 'toward' | 'fault'>): RelayNote {
    return { kind: 'relay', toward: this.toward, fault, ...extra }
  }

  private noteOnce(fault: RelayFaultKind, extra: Omit<RelayNote, 'kind' | 'toward' | 'fault'>): void {
    if (this.noted.has(fault)) return
    this.noted.add(fault)
    this.sink.note(this.noteOf(fault, extra))
  }
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.byteLength
  }
  return out
}

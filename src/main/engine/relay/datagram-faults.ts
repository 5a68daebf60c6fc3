// One direction of a UDP relay: what it does to each datagram (drop, duplicate, reorder, delay),
// drawn from a seeded generator, so the same seed and the same datagrams give the same run. Each
// datagram stays whole: UDP never splits or joins them.
import type { RelayFaultKind, RelayNote } from '../../../shared/responders'
import type { RelayFaults } from '../../../shared/schemas'

/** A datagram held back to be reordered leaves after this long if no other comes to pass it. */
export const REORDER_HOLD_MS = 50

/** Notes for every datagram a fault touches up to this count, then one for every this many. */
export const NOTED_EACH = 64

/** Datagrams that may wait for their delay in one direction; past it, the next is dropped. */
export const MAX_DELAYED_DATAGRAMS = 4096

export interface DatagramSink {
  send(bytes: Uint8Array): void
  note(note: RelayNote): void
}

export class DatagramFaults {
  private faults: RelayFaults = {}
  private held: Uint8Array | undefined
  private holdTimer: NodeJS.Timeout | undefined
  private waiting: { bytes: Uint8Array; at: number }[] = []
  private timer: NodeJS.Timeout | undefined
  private lastAt = 0
  private stopped = false
  private delayNoted = false
  /** What each fault did so far, for its notes. */
  readonly counts = { drop: 0, duplicate: 0, reorder: 0 }

  constructor(
    readonly toward: 'upstream' | 'client',
    faults: RelayFaults | undefined,
    private readonly sink: DatagramSink,
    private random: () => number
  ) {
    this.setFaults(faults)
  }

  setFaults(faults: RelayFaults | undefined, random?: () => number): void {
    this.faults = faults ?? {}
    this.delayNoted = false
    if (random) this.random = random
  }

  /**
   * One datagram. The draws come in a fixed order (drop, then duplicate, then reorder), each only
   * when its rate is set, so a run depends on the seed and the rates alone.
   */
  push(bytes: Uint8Array): void {
    if (this.stopped) return
    const f = this.faults
    if (f.drop !== undefined && f.drop > 0 && this.random() < f.drop) {
      this.note('drop', ++this.counts.drop)
      return
    }
    const twice = f.duplicate !== undefined && f.duplicate > 0 && this.random() < f.duplicate
    if (twice) this.note('duplicate', ++this.counts.duplicate)
    const hold = f.reorder !== undefined && f.reorder > 0 && this.random() < f.reorder
    if (hold && this.held === undefined) {
      // Held back: the next datagram passes it, or it leaves alone after a while.
      this.note('reorder', ++this.counts.reorder)
      this.held = bytes
      if (twice) this.delay(bytes)
      this.holdTimer = setTimeout(() => this.release(), REORDER_HOLD_MS)
      return
    }
    this.delay(bytes)
    if (twice) this.delay(bytes)
    this.release()
  }

  stop(): void {
    this.stopped = true
    if (this.holdTimer) clearTimeout(this.holdTimer)
    if (this.timer) clearTimeout(this.timer)
    this.holdTimer = this.timer = undefined
    this.held = undefined
    this.waiting = []
  }

  private release(): void {
    if (this.holdTimer) clearTimeout(this.holdTimer)
    this.holdTimer = undefined
    const held = this.held
    this.held = undefined
    if (held) this.delay(held)
  }

  /** Sends now, or after the delay, in the order given. */
  private delay(bytes: Uint8Array): void {
    const f = this.faults
    if (f.delayMs === undefined && this.waiting.length === 0) {
      this.sink.send(bytes)
      return
    }
    if (this.waiting.length >= MAX_DELAYED_DATAGRAMS) return
    let at = performance.now()
    if (f.delayMs !== undefined) {
      const max = f.delayMaxMs ?? f.delayMs
      if (!this.delayNoted) {
        this.delayNoted = true
        this.sink.note({ kind: 'relay', toward: this.toward, fault: 'delay', value: f.delayMs, ...(max > f.delayMs ? { maxValue: max } : {}) })
      }
      at += f.delayMs + (max > f.delayMs ? this.random() * (max - f.delayMs) : 0)
    }
    at = Math.max(at, this.lastAt)
    this.lastAt = at
    this.waiting.push({ bytes, at })
    this.pump()
  }

  private pump(): void {
    if (this.timer || this.stopped) return
    while (this.waiting.length > 0) {
      const next = this.waiting[0]!
      const wait = next.at - performance.now()
      if (wait > 0.5) {
        this.timer = setTimeout(() => {
          this.timer = undefined
          this.pump()
        }, wait)
        return
      }
      this.waiting.shift()
      this.sink.send(next.bytes)
    }
  }

  /**
   * Each of the first NOTED_EACH datagrams a fault touches gets its note, then every NOTED_EACH-th:
   * a flood at a high rate stays a handful of rows, and each note still says how many so far.
   */
  private note(fault: RelayFaultKind, value: number): void {
    if (value > NOTED_EACH && value % NOTED_EACH !== 0) return
    this.sink.note({ kind: 'relay', toward: this.toward, fault, value })
  }
}

// What a window needs besides the chunks to rebuild an endpoint's timeline: its events (peers that
// came, half-closed and went; its own state changes) and its decoded frames, each kept with the seq
// that places it among the chunks. An event takes the seq the next chunk will get: it happened after
// chunk seq - 1 and before chunk seq. A frame takes the seq of the chunk that completed it, and
// comes after it.
// They go when the chunks before them go; and since they live on the heap, outside the ring, all
// endpoints together keep a bounded number of each: past it, an endpoint holding more than its share,
// else the one holding most, gives up its oldest.
import type { CaptureRecord } from '../../shared/api'

/** One event of each kind may be kept per this many bytes of the capture limit: 32,768 at 256 MiB. */
export const BYTES_PER_EVENT = 8192
/** Events of each kind kept however low the capture limit, so a small capture still shows them. */
export const MIN_EVENTS = 1000
/** Bytes of a frame's payload kept for its row; the inspector reads the whole frame from the chunks. */
export const FRAME_PREVIEW_KEPT = 256
/** A frame's parsed header (json-header framing) is kept only when its header is at most this long. */
export const FRAME_META_KEPT = 1024

export type EventRecord = CaptureRecord & { type: 'peer' | 'state' | 'note' }

/** What a budget asks of one endpoint's log of events. */
export interface BudgetedLog {
  readonly size: number
  dropOldest(): void
}

/** The events of one kind held by all endpoints of an engine, kept within the capture limit's share. */
export class EventBudget {
  private readonly logs = new Set<BudgetedLog>()
  private total = 0

  constructor(private readonly limits: { captureLimitBytes: number }) {}

  get max(): number {
    return Math.max(MIN_EVENTS, Math.floor(this.limits.captureLimitBytes / BYTES_PER_EVENT))
  }

  get held(): number {
    return this.total
  }

  added(log: BudgetedLog): void {
    if (log.size === 1) this.logs.add(log)
    this.total++
    const max = this.max
    if (this.total <= max) return
    // The log that grows past its share pays itself, with no scan: so it goes for a lone flood.
    if (log.size > max / this.logs.size) log.dropOldest()
    while (this.total > max) this.largest().dropOldest()
  }

  /** Gives back what is over a lowered limit now, not at the next event. */
  trim(): void {
    while (this.total > this.max) this.largest().dropOldest()
  }

  removed(log: BudgetedLog, count: number): void {
    this.total -= count
    if (log.size === 0) this.logs.delete(log)
  }

  /** Endpoints are tens at most: a scan is cheaper than keeping them sorted. */
  private largest(): BudgetedLog {
    let most: BudgetedLog | undefined
    for (const log of this.logs) if (!most || log.size > most.size) most = log
    return most!
  }
}

/** The budgets an engine's captures share: one for events, one for frames. */
export interface EventBudgets {
  events: EventBudget
  frames: EventBudget
}

export function createEventBudgets(limits: { captureLimitBytes: number }): EventBudgets {
  return { events: new EventBudget(limits), frames: new EventBudget(limits) }
}

/** One endpoint's events, in seq order: few enough to be objects (frames are not: see capture-frames.ts). */
export class EventLog implements BudgetedLog {
  private records: EventRecord[] = []
  /** Records before this index are gone; the array is compacted now and then, not on every drop. */
  private head = 0

  constructor(private readonly budget: EventBudget) {}

  get size(): number {
    return this.records.length - this.head
  }

  add(record: EventRecord): void {
    this.records.push(record)
    this.budget.added(this)
  }

  dropOldest(): void {
    if (this.size > 0) this.advance(this.head + 1)
  }

  /** Forgets the events before `seq`: the chunks around them are gone. */
  dropBefore(seq: number): void {
    let h = this.head
    while (h < this.records.length && this.records[h]!.seq < seq) h++
    if (h !== this.head) this.advance(h)
  }

  /** Index of the first event at or after `seq`; equal to end() when there is none. */
  indexAt(seq: number): number {
    let lo = this.head
    let hi = this.records.length
    while (lo < hi) {
      const mid = lo + ((hi - lo) >>> 1)
      if (this.records[mid]!.seq < seq) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  end(): number {
    return this.records.length
  }

  at(index: number): EventRecord {
    return this.records[index]!
  }

  clear(): void {
    const count = this.size
    this.records = []
    this.head = 0
    this.budget.removed(this, count)
  }

  private advance(head: number): void {
    const count = head - this.head
    this.head = head
    this.budget.removed(this, count)
    // Slicing off the dead front costs a copy of the live part: do it once it is most of the array.
    if (this.head >= 1024 && this.head * 2 >= this.records.length) {
      this.records = this.records.slice(this.head)
      this.head = 0
    }
  }
}

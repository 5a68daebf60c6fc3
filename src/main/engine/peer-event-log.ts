// One endpoint's peer events (who came, half-closed and went), kept beside its chunks so a window
// that opens or reloads later can show them in order with the data. An event takes the seq the next
// chunk will get: it happened after chunk seq - 1 and before chunk seq. Events go when the chunks
// before them go; and since they live on the heap, outside the ring, all endpoints together keep a
// bounded number, the endpoint holding most giving up its oldest first.
import type { CaptureRecord, PeerEvent } from '../../shared/api'

/** One peer event may be kept per this many bytes of the capture limit: 32,768 (about 12 MB) at 256 MiB. */
export const BYTES_PER_PEER_EVENT = 8192
/** Events kept however low the capture limit, so a small capture still shows who came and went. */
export const MIN_PEER_EVENTS = 1000

export type PeerRecord = CaptureRecord & { type: 'peer' }

/** The count of peer events held by all endpoints of an engine, kept within the capture limit's share. */
export class PeerEventBudget {
  private readonly logs = new Set<PeerEventLog>()
  private total = 0

  constructor(private readonly limits: { captureLimitBytes: number }) {}

  get max(): number {
    return Math.max(MIN_PEER_EVENTS, Math.floor(this.limits.captureLimitBytes / BYTES_PER_PEER_EVENT))
  }

  get held(): number {
    return this.total
  }

  added(log: PeerEventLog): void {
    this.logs.add(log)
    this.total++
    while (this.total > this.max) this.largest().dropOldest()
  }

  removed(log: PeerEventLog, count: number): void {
    this.total -= count
    if (log.size === 0) this.logs.delete(log)
  }

  /** Endpoints are tens at most: a scan is cheaper than keeping them sorted. */
  private largest(): PeerEventLog {
    let most: PeerEventLog | undefined
    for (const log of this.logs) if (!most || log.size > most.size) most = log
    return most!
  }
}

export class PeerEventLog {
  private records: PeerRecord[] = []
  /** Records before this index are gone; the array is compacted now and then, not on every drop. */
  private head = 0

  constructor(private readonly budget: PeerEventBudget) {}

  get size(): number {
    return this.records.length - this.head
  }

  add(seq: number, event: PeerEvent): void {
    this.records.push({ type: 'peer', seq, event })
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
      const mid = (lo + hi) >>> 1
      if (this.records[mid]!.seq < seq) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  end(): number {
    return this.records.length
  }

  at(index: number): PeerRecord {
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

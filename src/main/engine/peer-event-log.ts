// One endpoint's peer events (who came, half-closed and went), kept beside its chunks so a window
// that opens or reloads later can show them in order with the data. An event takes the seq the next
// chunk will get: it happened after chunk seq - 1 and before chunk seq. Events go when the chunks
// before them go, and past a fixed count the oldest go first, so a server that saw a million
// short connections holds a bounded tail of them.
import type { CaptureRecord, PeerEvent } from '../../shared/api'

/** Per endpoint: a few MB of events at most, and still every peer of a 10,000-client test. */
export const MAX_PEER_EVENTS = 10_000

export type PeerRecord = CaptureRecord & { type: 'peer' }

export class PeerEventLog {
  private records: PeerRecord[] = []
  /** Records before this index are gone; the array is compacted now and then, not on every drop. */
  private head = 0

  get size(): number {
    return this.records.length - this.head
  }

  add(seq: number, event: PeerEvent): void {
    this.records.push({ type: 'peer', seq, event })
    if (this.size > MAX_PEER_EVENTS) this.advance(this.head + 1)
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
    this.records = []
    this.head = 0
  }

  private advance(head: number): void {
    this.head = head
    // Slicing off the dead front costs a copy of the live part: do it once it is most of the array.
    if (this.head >= 1024 && this.head * 2 >= this.records.length) {
      this.records = this.records.slice(this.head)
      this.head = 0
    }
  }
}

// Which rows of a timeline the view shows. Without a filter the view is the log's range itself and
// costs nothing; with one, matching row indices are kept in a growing typed array and extended
// incrementally, so new rows cost O(new rows) however long the timeline is.
import { KIND, type TimelineLog } from './timeline-log'

export type DirFilter = 'all' | 'in' | 'out'

export interface TimelineFilter {
  dir: DirFilter
  /** A peer id, or 'all'. */
  peer: string
  /** Case-insensitive text that a row's preview (or its description) must contain. */
  text: string
  chunks: boolean
  frames: boolean
  events: boolean
}

export const NO_FILTER: TimelineFilter = { dir: 'all', peer: 'all', text: '', chunks: true, frames: true, events: true }

export function isTrivial(f: TimelineFilter): boolean {
  return f.dir === 'all' && f.peer === 'all' && f.text === '' && f.chunks && f.frames && f.events
}

/** Turns a row into the text a text filter is matched against. */
export type RowText = (log: TimelineLog, index: number) => string | undefined

export class TimelineView {
  private matches = new Float64Array(1024)
  private count = 0
  /** Position in `matches` of the first index still in the log. */
  private start = 0
  private scannedTo: number
  private readonly needle: string
  private readonly peerIndex: number | undefined

  constructor(
    readonly log: TimelineLog,
    readonly filter: TimelineFilter,
    private readonly rowText: RowText
  ) {
    this.scannedTo = log.first
    this.needle = filter.text.toLowerCase()
    this.peerIndex = filter.peer === 'all' ? undefined : log.peerIndexOf(filter.peer)
  }

  get trivial(): boolean {
    return isTrivial(this.filter)
  }

  private matchesRow(index: number): boolean {
    const { log, filter } = this
    const kind = log.kindAt(index)
    const isEvent = kind !== KIND.data && kind !== KIND.frame
    if (kind === KIND.data && !filter.chunks) return false
    if (kind === KIND.frame && !filter.frames) return false
    if (isEvent && !filter.events) return false
    if (filter.dir !== 'all') {
      const dir = log.dirAt(index)
      if (dir !== (filter.dir === 'in' ? 1 : 2)) return false
    }
    if (filter.peer !== 'all') {
      if (this.peerIndex === undefined || log.peerIndexAt(index) !== this.peerIndex) {
        // A peer seen for the first time after the filter was made gets its index late.
        const late = log.peerIndexOf(filter.peer)
        if (late === undefined || log.peerIndexAt(index) !== late) return false
      }
    }
    if (this.needle !== '') {
      const text = this.rowText(log, index)
      if (text === undefined || !text.toLowerCase().includes(this.needle)) return false
    }
    return true
  }

  /** Brings the view up to the log's end (or to `until` for a paused display). */
  update(until = this.log.end): void {
    if (this.trivial) return
    const first = this.log.first
    while (this.start < this.count && this.matches[this.start]! < first) this.start++
    let i = Math.max(this.scannedTo, first)
    for (; i < until; i++) {
      if (!this.matchesRow(i)) continue
      if (this.count === this.matches.length) this.grow()
      this.matches[this.count++] = i
    }
    this.scannedTo = Math.max(this.scannedTo, i)
  }

  private grow(): void {
    // Drop the indices that left the log while growing, so the array tracks what is shown.
    const live = this.count - this.start
    const next = new Float64Array(Math.max(1024, live * 2))
    next.set(this.matches.subarray(this.start, this.count))
    this.matches = next
    this.count = live
    this.start = 0
  }

  /** Rows shown, up to `until` (the log's end, or where a paused display froze). */
  length(until = this.log.end): number {
    if (this.trivial) return Math.max(0, until - this.log.first)
    let n = this.count
    while (n > this.start && this.matches[n - 1]! >= until) n--
    return n - this.start
  }

  /** The log index of the i-th row shown. */
  at(i: number): number {
    return this.trivial ? this.log.first + i : this.matches[this.start + i]!
  }

  /** Where a log index sits in the view, or the position of the next row after it. */
  positionOf(index: number): number {
    if (this.trivial) return index - this.log.first
    let lo = this.start
    let hi = this.count
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.matches[mid]! < index) lo = mid + 1
      else hi = mid
    }
    return lo - this.start
  }
}

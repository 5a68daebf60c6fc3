// One pump per receiver. Socket handlers only append here (O(1)); a timer turns what piled up into
// one batch at most ~60 times a second, sooner when previews pass 256 KiB. A receiver that stops
// acknowledging batches gets data events folded into `coalesced` summaries instead of previews, so
// neither the window nor this process drowns; the counters in every batch stay exact regardless.
import type { Counters, EngineEvent, EventBatch } from '../../shared/api'
import { copyCounters } from './counters'
import type { EventSink, EventSubscription } from './types'

type CoalescedEvent = Extract<EngineEvent, { type: 'coalesced' }>

export interface PumpSource {
  /** One `endpoint` event per endpoint, so a fresh receiver starts in sync. */
  snapshot(): EngineEvent[]
  counters(endpointId: string): Counters | undefined
}

export interface PumpOptions {
  /** Shortest gap between timer flushes: 16 ms is about 60 batches a second. */
  intervalMs: number
  /** Pending preview bytes that make a batch go out before the timer. */
  flushBytes: number
  /** Shortest gap between flushes that size forced, so a flood of data cannot spin the pump. */
  minGapMs: number
  /** Batches delivered but not acknowledged before the receiver counts as lagging. */
  maxUnacked: number
  /** Flush interval while the receiver lags: it gets fewer, smaller batches until it catches up. */
  lagIntervalMs: number
  /** Pending events or preview bytes beyond which data events are coalesced even without lag. */
  maxPendingEvents: number
  maxPendingPreviewBytes: number
  /**
   * Data and frame events a second that a receiver gets one by one; past it they are folded into
   * `coalesced` runs until the budget refills. No one reads a hundred thousand rows a second, while
   * building, encoding and decoding each of them costs the sockets the CPU they need: under a flood on
   * a small machine, the window's share of each datagram decided whether the kernel dropped it.
   * At 2,000 a second the window under a 100k/s flood took 69% of a core instead of 114%.
   */
  maxEventsPerSecond: number
}

export const defaultPumpOptions: PumpOptions = {
  intervalMs: 16,
  flushBytes: 256 * 1024,
  minGapMs: 4,
  maxUnacked: 4,
  lagIntervalMs: 250,
  maxPendingEvents: 10_000,
  maxPendingPreviewBytes: 4 * 1024 * 1024,
  maxEventsPerSecond: 2_000
}

function endpointOf(ev: EngineEvent): string | undefined {
  switch (ev.type) {
    case 'endpoint':
      return ev.endpoint.id
    case 'peer-open':
    case 'peer-close':
    case 'peer-state':
      return ev.peer.endpointId
    case 'settings':
    case 'export':
      return undefined
    default:
      return ev.endpointId
  }
}

export class EventPump implements EventSubscription {
  private queue: EngineEvent[] = []
  private previewBytes = 0
  private readonly dirty = new Set<string>()
  /** The endpoint last marked dirty since the flush: a stream of data from one skips the Set. */
  private lastDirty: string | undefined
  /** The coalesced event still open for each endpoint: later data folds into it. */
  private readonly runs = new Map<string, CoalescedEvent>()
  private coalescing = false
  private batchNo = 0
  private acked = 0
  private timer: NodeJS.Timeout | undefined
  private dueAt = Infinity
  private lastFlush = 0
  private closed = false
  /** Events of the per-second budget left, and when it was last topped up. */
  private budget: number
  private budgetAt = performance.now()

  /** Whether this receiver gets data and frame events (a tap reader does not). */
  get takesData(): boolean {
    return this.sink.dataEvents !== false
  }

  constructor(
    private readonly sink: EventSink,
    private readonly source: PumpSource,
    private readonly onDetach: (pump: EventPump) => void,
    private readonly opts: PumpOptions = defaultPumpOptions
  ) {
    this.budget = opts.maxEventsPerSecond
    for (const ev of source.snapshot()) this.queue.push(ev)
    this.scheduleIn(0)
  }

  get isClosed(): boolean {
    return this.closed
  }

  push(ev: EngineEvent): void {
    if (this.closed) return
    if (ev.type === 'data' || ev.type === 'frame') {
      if (this.admitData(ev)) this.queueData(ev)
      return
    }
    const id = endpointOf(ev)
    // Later data of this endpoint must not be folded in front of this event.
    if (id !== undefined) this.runs.delete(id)
    this.queue.push(ev)
    this.schedule()
  }

  /**
   * First half of taking a data or frame event: true when it will go out one by one, so its preview
   * is worth copying; false when it was folded into a summary (or, for a frame, dropped), which
   * needs no preview. The engine copies a preview only for a receiver that said true, then calls
   * queueData: under a flood most chunks are folded, and copying their previews cost more than
   * everything else the engine does per chunk.
   */
  admitData(ev: EngineEvent & { type: 'data' | 'frame' }): boolean {
    if (this.closed) return false
    if (ev.endpointId !== this.lastDirty) {
      this.dirty.add(ev.endpointId)
      this.lastDirty = ev.endpointId
    }
    if (this.coalescing || !this.spend()) {
      this.fold(ev)
      this.schedule()
      return false
    }
    return true
  }

  /** Second half: queues an event admitData let through, its preview now filled in. */
  queueData(ev: EngineEvent & { type: 'data' | 'frame' }): void {
    this.queue.push(ev)
    this.previewBytes += ev.preview.byteLength
    if (this.queue.length > this.opts.maxPendingEvents || this.previewBytes > this.opts.maxPendingPreviewBytes) {
      this.startCoalescing()
    }
    this.schedule()
  }

  /** The endpoint's counters moved without an event for this receiver: send them with the next batch. */
  touch(endpointId: string): void {
    if (this.closed) return
    if (endpointId !== this.lastDirty) {
      this.dirty.add(endpointId)
      this.lastDirty = endpointId
    }
    this.schedule()
  }

  ack(batch: number): void {
    const wasLagging = this.lagging()
    if (batch > this.acked) this.acked = Math.min(batch, this.batchNo)
    // A flush set for the slow lag interval comes sooner now that the receiver has caught up.
    if (wasLagging && !this.lagging() && this.timer) this.scheduleIn(Math.max(0, this.opts.intervalMs - (performance.now() - this.lastFlush)))
    // Caught up: previews again from the next event on. Runs already queued stay where they are,
    // and none is reopened, so events keep their order.
    if (this.coalescing && !this.lagging() && this.queue.length < this.opts.maxPendingEvents) {
      this.coalescing = false
      this.runs.clear()
    }
  }

  drain(): void {
    if (this.timer) clearTimeout(this.timer)
    this.flush()
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    this.queue = []
    this.runs.clear()
    this.onDetach(this)
  }

  /** Takes one event from the budget; false when the second's budget is spent. */
  private spend(): boolean {
    if (this.budget >= 1) {
      this.budget--
      return true
    }
    const now = performance.now()
    const rate = this.opts.maxEventsPerSecond
    this.budget = Math.min(rate, this.budget + ((now - this.budgetAt) / 1000) * rate)
    this.budgetAt = now
    if (this.budget < 1) return false
    this.budget--
    return true
  }

  private lagging(): boolean {
    return this.batchNo - this.acked > this.opts.maxUnacked
  }

  private fold(ev: EngineEvent & { type: 'data' | 'frame' }): void {
    // Frames are derived from the data; the capture can decode them again, so under pressure they go.
    if (ev.type === 'frame') return
    let run = this.runs.get(ev.endpointId)
    if (!run) {
      run = { type: 'coalesced', endpointId: ev.endpointId, chunks: 0, bytes: 0, fromSeq: ev.seq, toSeq: ev.seq, time: ev.time }
      this.runs.set(ev.endpointId, run)
      this.queue.push(run)
    }
    run.chunks++
    run.bytes += ev.length
    if (ev.seq < run.fromSeq) run.fromSeq = ev.seq
    if (ev.seq > run.toSeq) run.toSeq = ev.seq
  }

  private startCoalescing(): void {
    const pending = this.queue
    this.queue = []
    this.runs.clear()
    this.previewBytes = 0
    this.coalescing = true
    for (const ev of pending) {
      if (ev.type === 'data' || ev.type === 'frame') this.fold(ev)
      else {
        const id = endpointOf(ev)
        if (id !== undefined) this.runs.delete(id)
        this.queue.push(ev)
      }
    }
  }

  private schedule(): void {
    // Called for every event: with a flush already due and no size trigger, there is nothing to do.
    if (this.timer && (this.coalescing || this.previewBytes < this.opts.flushBytes)) return
    const sizeDue = !this.coalescing && this.previewBytes >= this.opts.flushBytes && !this.lagging()
    if (this.timer && !sizeDue) return
    const sinceLast = performance.now() - this.lastFlush
    if (sizeDue) {
      this.scheduleIn(Math.max(0, this.opts.minGapMs - sinceLast))
    } else {
      const interval = this.lagging() ? this.opts.lagIntervalMs : this.opts.intervalMs
      this.scheduleIn(Math.max(0, interval - sinceLast))
    }
  }

  private scheduleIn(delayMs: number): void {
    const due = performance.now() + delayMs
    if (this.timer && due >= this.dueAt) return
    if (this.timer) clearTimeout(this.timer)
    this.dueAt = due
    this.timer = setTimeout(() => this.flush(), delayMs)
    // The sockets keep the process alive; a pending batch alone must not.
    this.timer.unref()
  }

  private flush(): void {
    this.timer = undefined
    this.dueAt = Infinity
    if (this.closed) return
    if (!this.sink.isOpen()) {
      this.close()
      return
    }
    if (this.queue.length === 0 && this.dirty.size === 0) return
    const counters: Record<string, Counters> = {}
    for (const id of this.dirty) {
      const c = this.source.counters(id)
      if (c) counters[id] = copyCounters(c)
    }
    const batch: EventBatch = { batch: ++this.batchNo, events: this.queue, counters }
    this.queue = []
    this.runs.clear()
    this.dirty.clear()
    this.lastDirty = undefined
    this.previewBytes = 0
    this.lastFlush = performance.now()
    try {
      this.sink.deliver(batch)
    } catch {
      // A receiver that throws is broken (a destroyed window, a dead socket): stop feeding it.
      this.close()
      return
    }
    if (this.sink.autoAck) this.acked = this.batchNo
    this.coalescing = this.lagging()
  }
}

// The live rate of a run: messages and bytes a second over the last second or so, from samples
// taken as sends complete. Kept small: one sample per call, old ones dropped.

export interface Rate {
  messagesPerSecond: number
  bytesPerSecond: number
}

export class RateMeter {
  private samples: { at: number; messages: number; bytes: number }[] = []

  constructor(private readonly windowMs = 1000) {}

  /** Records the running totals at a time. */
  add(at: number, messages: number, bytes: number): void {
    this.samples.push({ at, messages, bytes })
    const from = at - this.windowMs * 2
    while (this.samples.length > 2 && this.samples[0]!.at < from) this.samples.shift()
  }

  /** The rate over the window ending now (totals counted from the oldest sample in it). */
  rate(now: number): Rate {
    const from = now - this.windowMs
    const last = this.samples[this.samples.length - 1]
    if (!last) return { messagesPerSecond: 0, bytesPerSecond: 0 }
    // The newest sample at or before the window's start is the baseline; none: the oldest kept.
    let base = this.samples[0]!
    for (const s of this.samples) if (s.at <= from) base = s
    const span = Math.max(now - base.at, 1)
    if (last === base) return { messagesPerSecond: 0, bytesPerSecond: 0 }
    return { messagesPerSecond: ((last.messages - base.messages) * 1000) / span, bytesPerSecond: ((last.bytes - base.bytes) * 1000) / span }
  }
}

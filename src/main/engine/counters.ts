// Counters are plain mutable objects updated in the socket handlers; they stay exact whatever the
// event pump or the capture store drop, so everything copies them before they leave the engine.
// Out counters count what the kernel took, not what waits in a peer's queue (see outbound-queue.ts).
import type { Counters } from '../../shared/api'

export function zeroCounters(): Counters {
  return { bytesIn: 0, bytesOut: 0, chunksIn: 0, chunksOut: 0 }
}

export function copyCounters(c: Counters): Counters {
  return { bytesIn: c.bytesIn, bytesOut: c.bytesOut, chunksIn: c.chunksIn, chunksOut: c.chunksOut }
}

export function countIn(c: Counters, bytes: number): void {
  c.bytesIn += bytes
  c.chunksIn += 1
}

/** Bytes the kernel took, and the writes (datagrams) it took whole with them. */
export function countOut(c: Counters, bytes: number, chunks = 1): void {
  c.bytesOut += bytes
  c.chunksOut += chunks
}

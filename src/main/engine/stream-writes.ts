// How a stream peer's queued bytes reach the kernel, and how we know they did. Everything accepted
// is handed to the socket at once, in order (Node keeps it until the kernel takes it, and a FIN
// after it goes after it); a write's callback, or an empty write buffer right after the write, says
// the kernel took it. Large sends go as slices, so a peer that reads slowly moves the counters as it
// reads rather than only when the last byte of a 64 MiB send has left.
//
// The counters count what the kernel took, never what merely waits. Once a write fails (the peer
// reset, the socket was destroyed with bytes waiting) nothing more is counted: what was still
// pending then never left, and stays the peer's pending figure.
import type net from 'node:net'
import type { OutboundQueue } from './outbound-queue'
import type { Peer } from './peer'

/** Bytes per write: Node's own read size, so a slow reader moves the counters in steps it can see. */
export const WRITE_SLICE_BYTES = 64 * 1024

/** Told what the kernel took: bytes, and how many whole writes that completed. */
export type TakenListener = (bytes: number, chunks: number) => void

export class StreamWriter {
  /** Stream position after the last byte accepted, and after the last one the kernel took. */
  private accepted = 0
  private taken = 0
  /** Where each accepted write ends, oldest first, to count writes the kernel took whole. */
  private ends: number[] = []
  private endsHead = 0
  private stopped = false

  constructor(
    private readonly socket: net.Socket,
    private readonly peer: Peer,
    private readonly queue: OutboundQueue,
    private readonly onTaken: TakenListener
  ) {}

  /**
   * Queues one write; the caller has recorded it and checked the queue has room. `written` runs once
   * the kernel has taken every byte of it, and not at all if the write fails: the socket no longer
   * reads `bytes` then, so their memory may be reused.
   */
  write(bytes: Uint8Array, written?: () => void): void {
    const n = bytes.byteLength
    this.queue.added(n)
    this.peer.pendingOut += n
    const s = this.socket
    if (n <= WRITE_SLICE_BYTES) this.slice(bytes, (this.accepted += n), written)
    else for (let at = 0; at < n; at += WRITE_SLICE_BYTES) {
      const end = Math.min(n, at + WRITE_SLICE_BYTES)
      // Slices are taken in order: the last one taken means all were.
      this.slice(bytes.subarray(at, end), (this.accepted += end - at), end === n ? written : undefined)
    }
    this.ends.push(this.accepted)
    // Written through at once (the common case): count it now, not a tick later.
    if (s.writableLength === 0 && !s.destroyed && !s.errored) this.takenTo(this.accepted)
  }

  /** The socket closed or failed: nothing more will leave. */
  stop(): void {
    if (this.stopped) return
    this.stopped = true
    this.queue.close()
  }

  private slice(bytes: Uint8Array, end: number, written: (() => void) | undefined): void {
    this.socket.write(bytes, (err) => {
      if (err) this.stop()
      else {
        this.takenTo(end)
        written?.()
      }
    })
  }

  private takenTo(end: number): void {
    if (this.stopped || end <= this.taken) return
    const bytes = end - this.taken
    this.taken = end
    let chunks = 0
    const ends = this.ends
    while (this.endsHead < ends.length && ends[this.endsHead]! <= end) {
      this.endsHead++
      chunks++
    }
    if (this.endsHead === ends.length) {
      this.ends = []
      this.endsHead = 0
    }
    this.peer.pendingOut -= bytes
    this.onTaken(bytes, chunks)
    this.queue.taken(bytes, chunks)
  }
}

// Where a stream socket's reads land. Node's default gives every read a fresh 64 KiB Buffer, which
// the capture then copies into its ring: two copies of every byte, and for a bulk transfer the
// second one costs about as much as everything else the process does. Instead a socket reading in
// bulk reads straight into a reservation at the ring's tail, so the kernel's copy is the only one;
// every other socket reads into one shared scratch buffer and its chunk is copied into the ring as
// before (small chunks copy cheaply, and thousands of idle sockets hold nothing).
//
// Node offers this as the `onread` option of a socket it connects. An accepted socket gets the same
// through the slots that option fills, found by their names; where they are missing (another
// runtime), the socket keeps the default path of 'data' events.
//
// A socket may read less at a time (recv size): its reads then take a slice of the scratch buffer,
// so each read returns at most that many bytes, exactly as recv(n) would.
//
// Bytes handed on from here are borrowed: the scratch buffer is overwritten by the next read of any
// socket, and a reservation by the ring once it wraps. Whoever keeps them must copy them.
import type net from 'node:net'
import type { CaptureBudget, Reservation } from './capture'

/** Node's own read size, so chunk boundaries stay those any Node program would see. */
export const READ_BYTES = 64 * 1024
/**
 * Reservations out at once across the engine. A socket holds one from its last read until its next,
 * so this bounds what sockets gone quiet can hold: their slabs are kept out of reuse (16 MiB at
 * most beyond the limit), and past it every socket just reads into the scratch buffer.
 */
export const MAX_RESERVATIONS = 16

/** Reads happen one at a time on this thread, each handed on before the next: one buffer serves all. */
const scratch = Buffer.allocUnsafeSlow(READ_BYTES)

/** Takes one chunk as read; `landedAt` is its ring position when it was read into the ring. */
export type ChunkSink = (bytes: Uint8Array, landedAt: number | undefined) => void

/** One socket's read buffers. */
export class SocketReads {
  private reservation: Reservation | undefined
  private lastRead = 0
  /** At most this many bytes per read: a smaller size is recv(n) made real, from the scratch buffer. */
  private size = READ_BYTES
  private small: Uint8Array = scratch
  /** Hands the socket a new buffer for its very next read (set by readThrough). */
  rearm: ((buffer: Uint8Array) => void) | undefined

  constructor(
    private readonly budget: CaptureBudget,
    private readonly sink: ChunkSink,
    /** Gets what the sink threw: the chunk's handling failed, the socket reads on. */
    private readonly failed: (err: unknown) => void,
    size = READ_BYTES
  ) {
    this.setSize(size)
  }

  get readSize(): number {
    return this.size
  }

  /**
   * Changes the read size from the very next read on: the buffer already handed to the socket is
   * taken back (a loan goes back unused), so no read of the old size comes after the change.
   */
  resize(size: number): void {
    if (size === this.size) return
    this.setSize(size)
    if (!this.rearm) return
    if (this.reservation) this.budget.release(this.reservation)
    this.reservation = undefined
    this.lastRead = 0
    this.rearm(this.next())
  }

  private setSize(size: number): void {
    this.size = Math.max(1, Math.min(READ_BYTES, Math.floor(size)))
    this.small = this.size === READ_BYTES ? scratch : scratch.subarray(0, this.size)
  }

  /**
   * The buffer for the socket's next read. Only a full-size read that filled its buffer earns a
   * loan: more is then waiting in the kernel, while a socket whose transfer has ended would hold
   * one idle. Smaller reads are copied from the scratch buffer, which costs little at their size.
   */
  readonly next = (): Uint8Array => {
    if (this.lastRead === READ_BYTES && this.size === READ_BYTES && this.budget.reservations < MAX_RESERVATIONS) {
      this.reservation = this.budget.reserve(READ_BYTES)
      if (this.reservation) return this.reservation.view
    }
    return this.small
  }

  /**
   * The socket read `nread` bytes into the buffer `next` gave it. Never throws: Node asks for the
   * next buffer only when this returns, and would otherwise read again into a settled loan,
   * overwriting captured bytes.
   */
  readonly landed = (nread: number, buffer: Uint8Array): void => {
    this.lastRead = nread
    const r = this.reservation
    this.reservation = undefined
    try {
      if (r === undefined) this.sink(buffer.subarray(0, nread), undefined)
      else this.sink(r.view.subarray(0, nread), this.budget.settle(r, nread))
    } catch (err) {
      this.failed(err)
    }
  }

  /** The socket closed: its reservation goes back unused. */
  close(): void {
    if (this.reservation) this.budget.release(this.reservation)
    this.reservation = undefined
  }
}

interface ReadSlots {
  buffer: symbol
  generator: symbol
  callback: symbol
}

interface SocketInternals {
  _handle?: { reading?: boolean; useUserBuffer?: (buffer: Uint8Array) => void } | null
}

let slots: ReadSlots | null | undefined

function slotsOf(socket: net.Socket): ReadSlots | null {
  if (slots !== undefined) return slots
  const own = Object.getOwnPropertySymbols(socket)
  const find = (name: string): symbol | undefined => own.find((s) => s.description === name)
  const [buffer, generator, callback] = [find('kBuffer'), find('kBufferGen'), find('kBufferCb')]
  slots = buffer && generator && callback ? { buffer, generator, callback } : null
  return slots
}

/**
 * Makes the socket read through `reads` from its first read on, as the `onread` option would.
 * Call it before the socket starts reading (an accepted socket paused on connect, a connecting
 * socket in its 'connect' listener). False when this runtime does not allow it: use 'data' events.
 */
export function readThrough(socket: net.Socket, reads: SocketReads): boolean {
  const s = slotsOf(socket)
  const handle = (socket as unknown as SocketInternals)._handle
  const fields = socket as unknown as Record<symbol, unknown>
  if (!s || !handle || handle.reading || typeof handle.useUserBuffer !== 'function' || fields[s.buffer] !== null) return false
  const first = reads.next()
  fields[s.generator] = reads.next
  fields[s.callback] = reads.landed
  fields[s.buffer] = first
  handle.useUserBuffer(first)
  reads.rearm = (buffer) => {
    const h = (socket as unknown as SocketInternals)._handle
    if (!h || typeof h.useUserBuffer !== 'function') return
    // What Node gives the buffer callback and what the handle reads into must be the same buffer.
    fields[s.buffer] = buffer
    h.useUserBuffer(buffer)
  }
  return true
}

/** For tests: forget what was found, or pretend the slots are missing. */
export function resetReadSlots(missing = false): void {
  slots = missing ? null : undefined
}

// One TCP connection as packets: what a capture on the wire would have shown for the chunks an
// endpoint read and wrote. Sequence numbers come from the stream offsets the capture keeps (an
// initial number plus one for the SYN plus the offset), so a chunk dropped from the capture leaves
// a gap exactly where its bytes were, and acknowledgments only ever name bytes already shown.
import type { CloseReason } from '../api'
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, type TcpSegment } from './packet-headers'

/** Window scale shift both ends announce: 65535 << 14 is 1 GiB, more than one send ever carries. */
const WINDOW_SHIFT = 14
const WINDOW = 0xffff

/** A receiver acknowledges after this many full segments of one chunk, as delayed ACKs would. */
const ACK_EVERY_SEGMENTS = 16

export interface TcpPacket {
  /** True for the local endpoint's packets, false for the peer's. */
  fromLocal: boolean
  seg: TcpSegment
  /** The part of the chunk this segment carries. */
  payload?: Uint8Array
  time: number
  comment?: string
}

export type PacketOut = (p: TcpPacket) => void

function synOptions(mss: number): Uint8Array {
  // MSS (kind 2), NOP, window scale (kind 3): 8 bytes, a multiple of 4 as the header needs.
  return new Uint8Array([2, 4, mss >> 8, mss & 0xff, 1, 3, 3, WINDOW_SHIFT])
}

export const CLOSE_TEXT: Record<CloseReason, string> = {
  'fin-peer': 'the peer ended the connection first (FIN)',
  'fin-local': 'this endpoint ended the connection first (FIN)',
  reset: 'the connection was reset (RST)',
  timeout: 'the connection timed out; the RST marks where it ended',
  error: 'the connection failed; the RST marks where it ended',
  'endpoint-closed': 'the endpoint was closed, which ended the connection (FIN)'
}

export class TcpFlow {
  /** Bytes of the stream each way shown so far: the offset of the next byte. */
  private outNext = 0
  private inNext = 0
  /**
   * Whether each side's place in its stream is known: from the handshake, a chunk, or the totals an
   * event carries. A connection first seen mid-stream does not know the other side's yet, and that
   * side sends nothing (not even an ACK) until it does, so no sequence number is ever made up.
   */
  private outKnown = false
  private inKnown = false
  private localFin: 'none' | 'pending' | 'sent' = 'none'
  private peerFin = false
  private localFinTime = 0
  private lastTime = 0
  private closed = false

  constructor(
    private readonly emit: PacketOut,
    private readonly localIsn: number,
    private readonly peerIsn: number,
    private readonly mss: number
  ) {}

  get isClosed(): boolean {
    return this.closed
  }

  private at(time: number): number {
    this.lastTime = Math.max(this.lastTime, time)
    return this.lastTime
  }

  private localSeq(offset: number): number {
    return (this.localIsn + 1 + offset) >>> 0
  }

  private peerSeq(offset: number): number {
    return (this.peerIsn + 1 + offset) >>> 0
  }

  /** What the local end acknowledges: every peer byte shown, and the peer's FIN once shown. */
  private localAck(): number {
    return (this.peerSeq(this.inNext) + (this.peerFin ? 1 : 0)) >>> 0
  }

  private peerAck(): number {
    return (this.localSeq(this.outNext) + (this.localFin === 'sent' ? 1 : 0)) >>> 0
  }

  /** A comment for the next packet sent: the first packet of whatever the caller is about to write. */
  private note: string | undefined

  private send(fromLocal: boolean, flags: number, time: number, payload?: Uint8Array, offset?: number): void {
    const seq = fromLocal
      ? offset !== undefined
        ? this.localSeq(offset)
        : (this.localSeq(this.outNext) + (this.localFin === 'sent' ? 1 : 0)) >>> 0
      : offset !== undefined
        ? this.peerSeq(offset)
        : (this.peerSeq(this.inNext) + (this.peerFin ? 1 : 0)) >>> 0
    const ack = flags & TCP_ACK ? (fromLocal ? this.localAck() : this.peerAck()) : 0
    const p: TcpPacket = { fromLocal, seg: { seq, ack, flags, window: WINDOW }, time }
    if (payload) p.payload = payload
    if (this.note !== undefined) {
      p.comment = this.note
      this.note = undefined
    }
    this.emit(p)
  }

  /** A comment for the next packet this connection sends. */
  annotate(comment: string): void {
    this.note = this.note === undefined ? comment : `${this.note}. ${comment}`
  }

  /** The three-way handshake; `localOpens` when the endpoint is the client. */
  open(localOpens: boolean, time: number, comment?: string): void {
    const t = this.at(time)
    const opts = synOptions(this.mss)
    const client = localOpens
    const clientIsn = client ? this.localIsn : this.peerIsn
    const serverIsn = client ? this.peerIsn : this.localIsn
    const syn: TcpPacket = { fromLocal: client, seg: { seq: clientIsn >>> 0, ack: 0, flags: TCP_SYN, window: WINDOW, options: opts }, time: t }
    if (comment) syn.comment = comment
    this.emit(syn)
    this.emit({ fromLocal: !client, seg: { seq: serverIsn >>> 0, ack: (clientIsn + 1) >>> 0, flags: TCP_SYN | TCP_ACK, window: WINDOW, options: opts }, time: t })
    this.inKnown = this.outKnown = true
    // The window of the SYNs is never scaled; from here on both ends scale theirs.
    this.send(client, TCP_ACK, t)
  }

  /**
   * A chunk the endpoint read (`fromLocal` false) or wrote, at its stream offset: segments of at
   * most the MSS, the last pushed, and the receiver's acknowledgment.
   */
  data(fromLocal: boolean, offset: number, bytes: Uint8Array, time: number, comment?: string): void {
    // The peer's bytes come after our pending FIN: what we still wrote went before it.
    if (!fromLocal) this.flushLocalFin(time)
    const t = this.at(time)
    const n = bytes.byteLength
    if (comment) this.annotate(comment)
    if (fromLocal) this.outKnown = true
    else this.inKnown = true
    const ackerKnows = fromLocal ? this.inKnown : this.outKnown
    let sinceAck = 0
    for (let done = 0; done < n; ) {
      const take = Math.min(this.mss, n - done)
      const last = done + take === n
      this.send(fromLocal, TCP_ACK | (last ? TCP_PSH : 0), t, bytes.subarray(done, done + take), offset + done)
      done += take
      if (fromLocal) this.outNext = Math.max(this.outNext, offset + done)
      else this.inNext = Math.max(this.inNext, offset + done)
      if ((++sinceAck === ACK_EVERY_SEGMENTS || last) && ackerKnows) {
        this.send(!fromLocal, TCP_ACK, t)
        sinceAck = 0
      }
    }
  }

  /** Where each stream stands, from totals an event carries: bytes received and bytes written. */
  learn(bytesIn: number | undefined, bytesOut: number | undefined): void {
    if (bytesIn !== undefined) {
      this.inNext = Math.max(this.inNext, bytesIn)
      this.inKnown = true
    }
    if (bytesOut !== undefined) {
      this.outNext = Math.max(this.outNext, bytesOut)
      this.outKnown = true
    }
  }

  /** The peer sent FIN (its side ended, ours may go on). */
  peerEnded(time: number): void {
    this.flushLocalFin(time)
    this.finFrom(false, time)
  }

  /** Our side ended: the FIN goes after whatever this end still writes, before anything else. */
  localEnded(time: number): void {
    if (this.localFin !== 'none') return
    this.localFin = 'pending'
    this.localFinTime = time
  }

  private flushLocalFin(time: number): void {
    if (this.localFin !== 'pending') return
    this.localFin = 'none'
    this.finFrom(true, Math.min(time, Math.max(this.localFinTime, this.lastTime)))
  }

  private finFrom(fromLocal: boolean, time: number): void {
    if (fromLocal ? this.localFin === 'sent' : this.peerFin) return
    const t = this.at(time)
    this.send(fromLocal, TCP_FIN | TCP_ACK, t)
    if (fromLocal) this.localFin = 'sent'
    else this.peerFin = true
    if (fromLocal ? this.inKnown : this.outKnown) this.send(!fromLocal, TCP_ACK, t)
  }

  /**
   * The connection closed. `resetByPeer` says which end sent the RST of a reset; `bytesIn` and
   * `bytesOut` are the stream lengths the endpoint counted, so a connection whose last chunks were
   * not shown still ends at the right sequence numbers.
   */
  close(reason: CloseReason, time: number, detail: { resetByPeer: boolean; bytesIn?: number; bytesOut?: number; note?: string }): void {
    if (this.closed) return
    this.closed = true
    this.learn(detail.bytesIn, detail.bytesOut)
    this.annotate(detail.note ? `${CLOSE_TEXT[reason]}; ${detail.note}` : CLOSE_TEXT[reason])
    if (reason === 'reset' || reason === 'timeout' || reason === 'error') {
      // A reset ends it where it stands: a FIN this end had not sent yet never went.
      if (this.localFin === 'pending') this.localFin = 'none'
      const fromLocal = reason !== 'reset' || !detail.resetByPeer
      this.send(fromLocal, TCP_RST | TCP_ACK, this.at(time))
    } else if (reason === 'fin-peer') {
      this.finFrom(false, time)
      this.flushLocalFin(time)
      this.finFrom(true, time)
    } else {
      this.flushLocalFin(time)
      this.finFrom(true, time)
      this.finFrom(false, time)
    }
    // Both FINs went before: the reason has no packet of its own to ride on.
    this.note = undefined
  }
}

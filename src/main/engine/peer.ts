// A peer is whoever is on the other end: one accepted or connected stream socket, or one remote
// address a UDP socket has heard from or sent to. Its counters and stream offsets are exact.
import type { AppError, CloseReason, Counters, PeerInfo, PeerState, SocketAddress, TlsInfo } from '../../shared/api'
import { now } from './clock'
import { copyCounters, zeroCounters } from './counters'
import type { FrameDecoder } from './framing'
import type { PeerResponder } from './responding'

export type PeerRemote = SocketAddress | { path: string }

export class Peer {
  /** The engine's one clock, like every other event's time: rows stay in order. */
  readonly since = now()
  state: PeerState = 'open'
  readonly counters: Counters = zeroCounters()
  /** Bytes received and sent so far: the offset of the next chunk in each direction. */
  offsetIn = 0
  offsetOut = 0
  /**
   * Bytes accepted for this peer that the kernel has not taken yet. Once the peer has closed, what
   * was still waiting then: bytes that never left.
   */
  pendingOut = 0
  closeReason: CloseReason | undefined
  closeError: AppError | undefined
  /** Held by a server serving one client at a time: connected, not taken up yet. */
  waiting = false
  /** Decodes received bytes into frames when the endpoint has a framing; one per peer. */
  decoder: FrameDecoder | undefined
  /** A TLS server's client: what its handshake negotiated, and the certificate it showed. */
  tls: TlsInfo | undefined
  /** Decodes the bytes sent to it, where they are worth reading as frames too (a relay's). */
  outDecoder: FrameDecoder | undefined
  /** Its responder session, when the endpoint runs one (made on its first frame or when taken up). */
  responder: PeerResponder | undefined

  constructor(
    readonly id: string,
    readonly endpointId: string,
    readonly remote: PeerRemote
  ) {}

  get isOpen(): boolean {
    return this.state !== 'closed'
  }

  info(): PeerInfo {
    const info: PeerInfo = {
      id: this.id,
      endpointId: this.endpointId,
      remote: { ...this.remote },
      since: this.since,
      state: this.state,
      counters: copyCounters(this.counters),
      pendingOut: this.pendingOut
    }
    if (this.closeReason) info.closeReason = this.closeReason
    if (this.waiting) info.waiting = true
    if (this.tls) info.tls = this.tls
    return info
  }
}

/** `family` as the contract spells it, from Node's 'IPv4' / 'IPv6' (or 4 / 6 in some versions). */
export function familyOf(family: string | number | undefined, address: string): 'IPv4' | 'IPv6' {
  if (family === 'IPv6' || family === 6) return 'IPv6'
  if (family === 'IPv4' || family === 4) return 'IPv4'
  return address.includes(':') ? 'IPv6' : 'IPv4'
}

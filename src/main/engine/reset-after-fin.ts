// A send made after the peer's FIN. The peer may only have ended its side (shutdown(SHUT_WR)) and
// read on; or it may have closed its socket, as the lessons' programs do, and then it answers what
// we send with a reset (RST). The OS reports that reset only at our next write, which may be long
// after, or never: so after such a send, an empty write a moment later (then a little later, for a
// distant peer) asks for it, and the error is told with the seq of the send that drew it. A send
// the OS refuses at once (EPIPE) is its own culprit.
import type net from 'node:net'
import type { PeerState } from '../../shared/api'

/** When to ask: soon for loopback and a LAN, later for a distant peer. After the last, the next send finds out. */
export const RESET_PROBE_MS = [20, 200, 1000]

const EMPTY = Buffer.alloc(0)

/** What a peer keeps for this. */
export interface WritesAfterFin {
  readonly socket: net.Socket
  readonly state: PeerState
  readonly isOpen: boolean
  /** The last write made after the peer's FIN: a reset that follows is its answer. */
  writeAfterEnd: number | undefined
  /** A write the OS refused at once (EPIPE): the error that follows belongs to it. */
  failedWrite: number | undefined
  probe: NodeJS.Timeout | undefined
  probes: number
}

/** Notes a write just made to the peer (recorded as `seq`). */
export function noteWrite(peer: WritesAfterFin, seq: number): void {
  if (peer.socket.errored) peer.failedWrite ??= seq
  if (peer.state !== 'peer-ended') return
  peer.writeAfterEnd = seq
  peer.probes = 0
  if (!peer.probe) scheduleProbe(peer)
}

function scheduleProbe(peer: WritesAfterFin): void {
  const delay = RESET_PROBE_MS[peer.probes]
  if (delay === undefined) return
  peer.probe = setTimeout(() => {
    peer.probe = undefined
    const s = peer.socket
    if (s.destroyed || s.writableEnded || !peer.isOpen) return
    peer.probes++
    // Bytes still waiting to leave meet the reset by themselves; an empty write costs nothing.
    if (s.writableLength === 0) s.write(EMPTY)
    scheduleProbe(peer)
  }, delay)
  peer.probe.unref()
}

export function stopProbing(peer: WritesAfterFin): void {
  if (peer.probe) clearTimeout(peer.probe)
  peer.probe = undefined
}

/** Whether an error is the reset of a peer that had sent FIN and closed its socket. */
export function isResetAfterFin(state: PeerState, err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null | undefined)?.code
  return state === 'peer-ended' && (code === 'EPIPE' || code === 'ECONNRESET')
}

/**
 * The send an error on the socket belongs to, if any: the write refused at once, else, for the
 * reset of a peer past its FIN, the last write made since.
 */
export function culprit(peer: WritesAfterFin, err: unknown): { seq: number; refusedAtOnce: boolean; afterFin: boolean } | undefined {
  const afterFin = isResetAfterFin(peer.state, err)
  const seq = peer.failedWrite ?? (afterFin ? peer.writeAfterEnd : undefined)
  return seq === undefined ? undefined : { seq, refusedAtOnce: peer.failedWrite === seq, afterFin }
}

// What Node's dgram does not offer but the handle under a socket does: stopping and restarting
// reads, and the socket's descriptor. A socket that answers every datagram must stop reading while
// its answers cannot leave, as a stream socket stops: the kernel then drops what comes meanwhile,
// which is what UDP promises. The handle is found in the slot Node keeps it in, by that slot's name.
import type dgram from 'node:dgram'

interface UdpHandle {
  recvStart?: () => number
  recvStop?: () => number
  fd?: number
}

function handleOf(socket: dgram.Socket): UdpHandle | undefined {
  const fields = socket as unknown as Record<symbol, { handle?: UdpHandle | null } | undefined>
  const slot = Object.getOwnPropertySymbols(socket).find((s) => s.description === 'state symbol')
  return (slot ? fields[slot]?.handle : undefined) ?? undefined
}

/** Stops (false) or restarts (true) reading. False when this runtime does not allow it. */
export function setReceiving(socket: dgram.Socket, on: boolean): boolean {
  const handle = handleOf(socket)
  if (!handle || typeof handle.recvStart !== 'function' || typeof handle.recvStop !== 'function') return false
  if (on) handle.recvStart()
  else handle.recvStop()
  return true
}

/** The socket's file descriptor, where the runtime tells it (not on Windows). */
export function descriptorOf(socket: dgram.Socket): number | undefined {
  const fd = handleOf(socket)?.fd
  return typeof fd === 'number' && fd >= 0 ? fd : undefined
}

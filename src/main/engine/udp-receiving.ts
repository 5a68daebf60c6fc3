// Stopping and restarting a UDP socket's reads. Node's dgram offers no pause, but a socket that
// answers every datagram must stop reading while its answers cannot leave, as a stream socket
// stops: the kernel then drops what comes meanwhile, which is what UDP promises. The handle under
// the socket can; it is found in the slot Node keeps it in, by that slot's name.
import type dgram from 'node:dgram'

interface UdpHandle {
  recvStart?: () => number
  recvStop?: () => number
}

function handleOf(socket: dgram.Socket): UdpHandle | undefined {
  const fields = socket as unknown as Record<symbol, { handle?: UdpHandle | null } | undefined>
  const slot = Object.getOwnPropertySymbols(socket).find((s) => s.description === 'state symbol')
  const handle = slot ? fields[slot]?.handle : undefined
  return handle && typeof handle.recvStart === 'function' && typeof handle.recvStop === 'function' ? handle : undefined
}

/** Stops (false) or restarts (true) reading. False when this runtime does not allow it. */
export function setReceiving(socket: dgram.Socket, on: boolean): boolean {
  const handle = handleOf(socket)
  if (!handle) return false
  if (on) handle.recvStart!()
  else handle.recvStop!()
  return true
}

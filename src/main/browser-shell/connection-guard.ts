// Connections that have not yet shown the token or a session are strangers: they are capped, so that
// clients that open connections and never finish a request (slowloris) cannot use up the file
// descriptors this process shares with the engine's sockets. Node's header timeout closes each
// stranger soon; a connection that shows a session is trusted and no longer counted, so an open
// window's WebSocket stays up however long it lives.
import type { Server } from 'node:http'
import type { Socket } from 'node:net'

export interface ConnectionGuard {
  /** The connection showed the token or a session. */
  trust(socket: Socket): void
  /** Connections not trusted yet. */
  strangers(): number
}

export function guardConnections(server: Server, maxStrangers: number): ConnectionGuard {
  const strangers = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    if (strangers.size >= maxStrangers) {
      socket.destroy()
      return
    }
    strangers.add(socket)
    socket.once('close', () => strangers.delete(socket))
  })
  return {
    trust: (socket) => void strangers.delete(socket),
    strangers: () => strangers.size
  }
}

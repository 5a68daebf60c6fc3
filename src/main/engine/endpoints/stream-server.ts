// A listening stream socket (TCP or Unix) and the peers it accepts. The kind-specific parts, where
// to listen and what a failure to listen means, come from the subclass.
import net from 'node:net'
import type { EndpointInfo } from '../../../shared/api'
import { catalogError, type SocketLabError } from '../../../shared/errors'
import type { PeerRemote } from '../peer'
import type { LocalAddress } from './endpoint'
import { StreamEndpoint, type StreamConfig, type StreamPeer } from './stream-endpoint'

/** Node's own default; the labs lower or raise it to show what a full accept queue does. */
export const DEFAULT_BACKLOG = 511

type ServerConfig = StreamConfig & { kind: 'tcp-server' | 'tls-server' | 'unix-server' | 'tcp-relay' }

export abstract class StreamServer<C extends ServerConfig> extends StreamEndpoint<C> {
  private server: net.Server | undefined
  /** Clients connected while another is served (one at a time), oldest first. */
  private waiting: StreamPeer[] = []

  protected abstract listenOptions(): net.ListenOptions
  /** Turns a failed listen into an error with a hint; may look around first (a stale socket file). */
  protected abstract listenFailed(err: unknown): Promise<SocketLabError>
  /** Called after a failed listen that the subclass has repaired (a stale file removed): retry once. */
  protected retryListen = false
  protected abstract localOf(server: net.Server): LocalAddress
  protected abstract remoteOf(socket: net.Socket): PeerRemote
  /** Options on each accepted socket (no-delay...). */
  protected prepare(_socket: net.Socket): void {}

  /**
   * The listening server, calling `accepted` with each connection ready to carry bytes. Paused on
   * connect, so the socket's reads are set up before its first one. TLS overrides it: a connection
   * is ready once its handshake is done.
   */
  protected createServer(accepted: (socket: net.Socket) => void): net.Server {
    const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true })
    server.on('connection', accepted)
    return server
  }

  async start(): Promise<void> {
    if (this.server) return
    this.error = undefined
    this.setState('opening')
    const server = this.createServer((socket) => this.onConnection(socket))
    try {
      await listen(server, this.listenOptions())
    } catch (first) {
      const err = await this.listenFailed(first)
      if (!this.retryListen) return this.failed(server, err)
      this.retryListen = false
      try {
        await listen(server, this.listenOptions())
      } catch (second) {
        return this.failed(server, await this.listenFailed(second))
      }
    }
    // Accept errors (EMFILE when out of descriptors) concern the endpoint, not one peer.
    server.on('error', (err) => this.emitError(err))
    this.server = server
    this.local = this.localOf(server)
    this.setState('listening')
  }

  protected onConnection(socket: net.Socket): void {
    this.prepare(socket)
    const remote = this.remoteOf(socket)
    if (!this.oneAtATime || !this.servesSomeone()) {
      this.openResponder(this.attach(socket, remote))
      socket.resume()
      return
    }
    if (this.waiting.length >= this.waitLimit) {
      this.refuse(this.attach(socket, remote))
      return
    }
    // Held, paused: what it sends stays in the kernel until it is taken up.
    this.waiting.push(this.attach(socket, remote, true))
    this.emitInfo()
  }

  /** Serving one client at a time: an option of servers, never of a relay. */
  private get oneAtATime(): boolean {
    return 'oneAtATime' in this.config && this.config.oneAtATime === true
  }

  /** How many clients may wait: listen()'s backlog, which bounds the same queue in a program. */
  private get waitLimit(): number {
    return this.config.backlog ?? DEFAULT_BACKLOG
  }

  private servesSomeone(): boolean {
    for (const p of this.streamPeers()) if (!p.waiting) return true
    return false
  }

  /**
   * Past the wait queue a client is reset at once, not closed with FIN: its connect had already
   * succeeded, so a FIN would read as a server that served it and said goodbye, while a reset is
   * what a refusing kernel sends (Windows for a full backlog, Linux with tcp_abort_on_overflow).
   */
  private refuse(peer: StreamPeer): void {
    const n = this.waitLimit
    peer.closeNote = catalogError('EBACKLOG', { id: 'backlogFull', params: { limit: n } })
    void this.resetPeer(peer)
  }

  /** Takes up waiting clients, oldest first, while nobody is being served (or all, when the mode is off). */
  private takeUp(): void {
    while (this.waiting.length > 0 && (!this.oneAtATime || !this.servesSomeone())) {
      const next = this.waiting.shift()!
      if (!next.isOpen || next.socket.destroyed) continue
      next.waiting = false
      this.peerStateChanged(next)
      this.openResponder(next)
      next.socket.resume()
    }
    this.emitInfo()
  }

  /** The one served has left: the next waiting client is taken up, like accept() in the lessons' loop. */
  protected override peerClosed(peer: StreamPeer): void {
    const at = this.waiting.indexOf(peer)
    if (at >= 0) this.waiting.splice(at, 1)
    if (this.waiting.length > 0 && this.server) this.takeUp()
    else if (at >= 0) this.emitInfo()
  }

  /** Like the lessons' loop: when recv returns b'' the server closes that connection and accepts the next. */
  protected override afterPeerEnd(peer: StreamPeer): void {
    if (this.oneAtATime && !this.responder) this.endPeer(peer)
    else super.afterPeerEnd(peer)
  }

  override update(config: C): void {
    super.update(config)
    if (!('oneAtATime' in config && config.oneAtATime) && this.waiting.length > 0) this.takeUp()
  }

  override info(): EndpointInfo {
    const info = super.info()
    if (this.oneAtATime || this.waiting.length > 0) info.waitingCount = this.waiting.length
    return info
  }

  private failed(server: net.Server, err: SocketLabError): never {
    server.close()
    this.setState('error', err.toJSON())
    throw err
  }

  async stop(): Promise<void> {
    const server = this.server
    if (!server) return
    this.server = undefined
    this.waiting = []
    this.setState('closing')
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    await this.closeAllPeers('endpoint-closed')
    await closed
    this.setState('closed')
  }
}

function listen(server: net.Server, options: net.ListenOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err)
    server.once('error', onError)
    server.listen(options, () => {
      server.off('error', onError)
      resolve()
    })
  })
}

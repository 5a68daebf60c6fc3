// A connecting stream socket (TCP or Unix) that can connect, disconnect and connect again. Each
// connection is a new peer, so the capture tells connections apart.
import net from 'node:net'
import { formatHostPort } from '../../../shared/address'
import { SocketLabError } from '../../../shared/errors'
import { fromOsError } from '../errors'
import type { EndpointInfo } from '../../../shared/api'
import type { Peer, PeerRemote } from '../peer'
import type { LocalAddress } from './endpoint'
import { StreamEndpoint, type StreamConfig, type StreamPeer } from './stream-endpoint'

/** Without a timeout of its own a connect waits for the OS, which may take minutes. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000

export abstract class StreamClient<C extends StreamConfig> extends StreamEndpoint<C> {
  private connection: StreamPeer | undefined
  private connecting: net.Socket | undefined

  protected abstract connectOptions(): net.NetConnectOpts
  protected abstract connectTimeoutMs(): number
  protected abstract addressesOf(socket: net.Socket): { local: LocalAddress | undefined; remote: PeerRemote }
  /** Socket options that only apply once connected (no-delay, keep-alive). */
  protected prepare(_socket: net.Socket): void {}

  /** Starts connecting; TLS wraps the connection in a handshake. */
  protected dial(options: net.NetConnectOpts): net.Socket {
    return net.connect(options)
  }

  /** The event that says the socket carries the user's bytes: TCP's connect, or TLS's handshake done. */
  protected readonly readyEvent: string = 'connect'

  /** Turns a failed connect into an error with a hint (TLS knows its handshake failures). */
  protected connectFailed(err: unknown, timeoutMs: number): SocketLabError {
    return fromOsError(err, { ...this.errorContext('connectTo'), timeoutMs })
  }

  /** Called once connected, before the peer is attached: what the kind learned on the way (TLS's session). */
  protected connected(_socket: net.Socket): void {}

  /** The live connection's socket, for options that change without reconnecting. */
  protected get connectedSocket(): net.Socket | undefined {
    return this.connection?.socket
  }

  start(): Promise<void> {
    if (this.connection || this.connecting) return Promise.resolve()
    this.error = undefined
    this.remote = undefined
    this.setState('opening')
    const timeoutMs = this.connectTimeoutMs()
    return new Promise<void>((resolve, reject) => {
      const socket = this.dial({ ...this.connectOptions(), allowHalfOpen: true })
      this.connecting = socket
      let settled = false
      const fail = (err: unknown): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        this.connecting = undefined
        const e = this.connectFailed(err, timeoutMs)
        this.setState('error', e.toJSON())
        reject(e)
      }
      const timer = setTimeout(() => {
        const err = Object.assign(new Error(`no connection after ${timeoutMs} ms`), { code: 'ETIMEDOUT' })
        socket.destroy(err)
      }, timeoutMs)
      socket.once('error', fail)
      // A stop() while connecting destroys the socket without an error: the user cancelled, and
      // the endpoint is closed rather than failed.
      socket.once('close', () => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        this.connecting = undefined
        this.setState('closed')
        reject(SocketLabError.of('ECANCELED', { id: 'connectCancelled', params: { target: this.target } }))
      })
      socket.once(this.readyEvent, () => {
        settled = true
        clearTimeout(timer)
        socket.removeAllListeners('error')
        socket.removeAllListeners('close')
        this.connecting = undefined
        this.prepare(socket)
        this.connected(socket)
        const { local, remote } = this.addressesOf(socket)
        this.local = local
        this.remote = remote
        this.connection = this.attach(socket, remote)
        this.setState('connected')
        resolve()
      })
    })
  }

  /** Where the client connects, as the user typed it, for messages. */
  protected abstract get target(): string

  /** A client has one peer, the address it connects to: its name alone says who. */
  protected override peerLabel(peer: Peer): string {
    const r = peer.remote
    return 'path' in r ? r.path : formatHostPort(r.address, r.port)
  }

  /** The connection's half-close shows in the endpoint's own state. */
  protected override peerStateChanged(peer: Peer): void {
    super.peerStateChanged(peer)
    if (peer === this.connection) this.emitInfo()
  }

  override info(): EndpointInfo {
    const info = super.info()
    const state = this.connection?.state
    if (state === 'peer-ended' || state === 'we-ended') info.halfClosed = state
    return info
  }

  /** Like the lessons' client when recv returns b'': close, unless the user keeps it half open. */
  protected override afterPeerEnd(peer: StreamPeer): void {
    if (this.closesOnPeerEnd) void this.closeGracefully(peer)
  }

  private get closesOnPeerEnd(): boolean {
    return !('closeOnPeerEnd' in this.config) || this.config.closeOnPeerEnd !== false
  }

  /** Turning "close when the peer ends" on closes a connection whose peer has already ended. */
  override update(config: C): void {
    super.update(config)
    const conn = this.connection
    if (conn && conn.state === 'peer-ended' && this.closesOnPeerEnd) void this.closeGracefully(conn)
  }

  protected override peerClosed(peer: StreamPeer): void {
    if (peer !== this.connection) return
    this.connection = undefined
    const reason = peer.closeReason
    if (peer.closeError && (reason === 'reset' || reason === 'error' || reason === 'timeout')) this.setState('error', peer.closeError)
    else this.setState('closed')
  }

  async stop(): Promise<void> {
    if (this.connecting) {
      this.connecting.destroy()
      this.connecting = undefined
      return
    }
    const conn = this.connection
    if (!conn) return
    this.setState('closing')
    await this.closeGracefully(conn)
  }
}

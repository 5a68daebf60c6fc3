// A connecting stream socket (TCP or Unix) that can connect, disconnect and connect again. Each
// connection is a new peer, so the capture tells connections apart.
import net from 'node:net'
import { SocketLabError } from '../../../shared/errors'
import { fromOsError } from '../errors'
import type { PeerRemote } from '../peer'
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
      const socket = net.connect({ ...this.connectOptions(), allowHalfOpen: true })
      this.connecting = socket
      let settled = false
      const fail = (err: unknown): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        this.connecting = undefined
        const ctx = this.errorContext('connect to')
        const e = fromOsError(err, { ...ctx, timeoutMs })
        this.setState('error', e.toJSON())
        reject(e)
      }
      const timer = setTimeout(() => {
        const err = Object.assign(new Error(`no connection after ${timeoutMs} ms`), { code: 'ETIMEDOUT' })
        socket.destroy(err)
      }, timeoutMs)
      socket.once('error', fail)
      // A stop() while connecting destroys the socket without an error.
      socket.once('close', () =>
        fail(new SocketLabError('ECANCELED', 'The connect was cancelled: the endpoint was closed', 'Start the endpoint again to connect.'))
      )
      socket.once('connect', () => {
        settled = true
        clearTimeout(timer)
        socket.removeAllListeners('error')
        socket.removeAllListeners('close')
        this.connecting = undefined
        this.prepare(socket)
        const { local, remote } = this.addressesOf(socket)
        this.local = local
        this.remote = remote
        this.connection = this.attach(socket, remote)
        this.setState('connected')
        resolve()
      })
    })
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

// A listening stream socket (TCP or Unix) and the peers it accepts. The kind-specific parts, where
// to listen and what a failure to listen means, come from the subclass.
import net from 'node:net'
import type { SocketLabError } from '../../../shared/errors'
import type { PeerRemote } from '../peer'
import type { LocalAddress } from './endpoint'
import { StreamEndpoint, type StreamConfig } from './stream-endpoint'

export abstract class StreamServer<C extends StreamConfig> extends StreamEndpoint<C> {
  private server: net.Server | undefined

  protected abstract listenOptions(): net.ListenOptions
  /** Turns a failed listen into an error with a hint; may look around first (a stale socket file). */
  protected abstract listenFailed(err: unknown): Promise<SocketLabError>
  /** Called after a failed listen that the subclass has repaired (a stale file removed): retry once. */
  protected retryListen = false
  protected abstract localOf(server: net.Server): LocalAddress
  protected abstract remoteOf(socket: net.Socket): PeerRemote
  /** Options on each accepted socket (no-delay...). */
  protected prepare(_socket: net.Socket): void {}

  async start(): Promise<void> {
    if (this.server) return
    this.error = undefined
    this.setState('opening')
    // Paused on connect, so the socket's reads are set up before its first one.
    const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true })
    server.on('connection', (socket) => {
      this.prepare(socket)
      this.attach(socket, this.remoteOf(socket))
      socket.resume()
    })
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

  private failed(server: net.Server, err: SocketLabError): never {
    server.close()
    this.setState('error', err.toJSON())
    throw err
  }

  async stop(): Promise<void> {
    const server = this.server
    if (!server) return
    this.server = undefined
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

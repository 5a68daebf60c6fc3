// Peers over stream sockets (TCP and Unix alike): half-close, graceful and abortive close, and the
// close reason worked out from who sent FIN first or which error ended the connection.
import type net from 'node:net'
import type { CloseReason, EndpointConfig, PeerInfo, SendResult, SendTarget } from '../../../shared/api'
import { SocketLabError } from '../../../shared/errors'
import { fromOsError, notRunning, type ErrorContext } from '../errors'
import { Peer, type PeerRemote } from '../peer'
import { readThrough, SocketReads } from '../socket-reads'
import { Endpoint } from './endpoint'

/** How long a graceful close waits for queued bytes to leave before it closes anyway. */
export const LINGER_MS = 2000

export type StreamConfig = Exclude<EndpointConfig, { kind: 'udp' }>

export class StreamPeer extends Peer {
  /** Who sent FIN first; decides between 'fin-peer' and 'fin-local'. */
  finFirst: 'peer' | 'local' | undefined
  /** Set when we ended the connection in a way that decides the reason (reset, endpoint closed). */
  forcedReason: CloseReason | undefined
  socketError: Error | undefined
  linger: NodeJS.Timeout | undefined
  replyPaused = false
  /** Made when someone first waits for the close: most peers close without anyone waiting. */
  private closedPromise: Promise<void> | undefined
  private markClosed: (() => void) | undefined
  private settled = false

  constructor(
    id: string,
    endpointId: string,
    remote: PeerRemote,
    readonly socket: net.Socket
  ) {
    super(id, endpointId, remote)
  }

  /** Resolves once the socket has closed and the peer has left its endpoint. */
  get closed(): Promise<void> {
    if (this.closedPromise) return this.closedPromise
    this.closedPromise = this.settled ? Promise.resolve() : new Promise((resolve) => (this.markClosed = resolve))
    return this.closedPromise
  }

  settle(): void {
    if (this.linger) clearTimeout(this.linger)
    this.linger = undefined
    this.settled = true
    this.markClosed?.()
  }
}

function reasonOf(peer: StreamPeer): CloseReason {
  if (peer.forcedReason) return peer.forcedReason
  const code = (peer.socketError as NodeJS.ErrnoException | undefined)?.code
  if (peer.socketError) {
    if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset'
    if (code === 'ETIMEDOUT') return 'timeout'
    return 'error'
  }
  return peer.finFirst === 'peer' ? 'fin-peer' : 'fin-local'
}

export abstract class StreamEndpoint<C extends StreamConfig> extends Endpoint<C> {
  /** Where errors on this endpoint's sockets happened, for their hints. */
  protected abstract errorContext(action: string): ErrorContext

  /** A client's connection closed: its endpoint state follows. Servers ignore it. */
  protected peerClosed(_peer: StreamPeer): void {}

  /** Call before the socket starts reading: reads are set up to land in the capture ring. */
  protected attach(socket: net.Socket, remote: PeerRemote): StreamPeer {
    const peer = new StreamPeer(this.newPeerId(), this.id, remote, socket)
    const failed = (err: unknown): void => this.emitError(err, peer.id)
    const reads = new SocketReads(this.ctx.captureBudget, (bytes, landedAt) => this.received(peer, bytes, true, landedAt), failed)
    if (!readThrough(socket, reads)) {
      socket.on('data', (chunk: Buffer) => {
        try {
          this.received(peer, chunk)
        } catch (err) {
          failed(err)
        }
      })
    }
    socket.on('end', () => this.onPeerEnd(peer))
    socket.on('error', (err) => {
      peer.socketError ??= err
    })
    socket.on('close', () => {
      reads.close()
      this.onSocketClose(peer)
    })
    this.addPeer(peer)
    return peer
  }

  private onPeerEnd(peer: StreamPeer): void {
    peer.finFirst ??= 'peer'
    if (peer.state === 'open') {
      peer.state = 'peer-ended'
      this.peerStateChanged(peer)
    }
    // A server that answers by itself behaves like the lab's echo server: done when the client is.
    const mode = this.autoReply
    if (mode && mode.mode !== 'off') this.endPeer(peer)
  }

  private onSocketClose(peer: StreamPeer): void {
    const reason = reasonOf(peer)
    const error = peer.socketError && !peer.forcedReason ? fromOsError(peer.socketError, this.errorContext('connection to')).toJSON() : undefined
    this.removePeer(peer, reason, error)
    peer.settle()
    this.peerClosed(peer)
  }

  /** Half-close: send FIN, keep reading until the peer ends too. */
  protected endPeer(peer: StreamPeer): boolean {
    if (peer.state === 'we-ended' || peer.state === 'closed' || peer.socket.writableEnded) return false
    peer.finFirst ??= 'local'
    peer.socket.end()
    if (peer.state === 'open') {
      peer.state = 'we-ended'
      this.peerStateChanged(peer)
    }
    return true
  }

  /** FIN after whatever is queued, then close; a peer that never drains is cut after LINGER_MS. */
  protected closeGracefully(peer: StreamPeer, reason?: CloseReason): Promise<void> {
    if (reason) peer.forcedReason ??= reason
    const s = peer.socket
    if (!s.destroyed) {
      if (!s.writableEnded) {
        peer.finFirst ??= 'local'
        s.end()
      }
      if (s.writableFinished) s.destroy()
      else {
        s.once('finish', () => s.destroy())
        peer.linger ??= setTimeout(() => s.destroy(), LINGER_MS)
      }
    }
    return peer.closed
  }

  protected resetPeer(peer: StreamPeer): Promise<void> {
    peer.forcedReason ??= 'reset'
    if (!peer.socket.destroyed) peer.socket.resetAndDestroy()
    return peer.closed
  }

  async closePeer(peerId: string, mode: 'graceful' | 'reset'): Promise<PeerInfo> {
    const peer = this.peer(peerId) as StreamPeer
    await (mode === 'reset' ? this.resetPeer(peer) : this.closeGracefully(peer))
    return peer.info()
  }

  async endOutput(peerId?: string): Promise<number> {
    const targets = peerId !== undefined ? [this.peer(peerId) as StreamPeer] : this.streamPeers()
    let ended = 0
    for (const p of targets) if (this.endPeer(p)) ended++
    return ended
  }

  protected streamPeers(): StreamPeer[] {
    const out: StreamPeer[] = []
    for (const p of this.peers.values()) if (p.isOpen) out.push(p as StreamPeer)
    return out
  }

  /** Which peers a send goes to; undefined means every peer (for a client, its one connection). */
  protected targets(to: SendTarget | undefined): StreamPeer[] {
    if (to === undefined || to === 'all') {
      const open = this.streamPeers()
      const writable = open.filter((p) => p.state !== 'we-ended')
      if (writable.length > 0) return writable
      // Every peer is half-closed by us: say so rather than "not connected".
      if (open[0]) this.checkWritable(open[0])
      throw notRunning(this.id, this.config.kind.endsWith('client') ? 'connected' : 'connected to any peer')
    }
    if ('peerId' in to) return [this.peer(to.peerId) as StreamPeer]
    const match = this.streamPeers().filter((p) => 'port' in p.remote && p.remote.address === to.host && p.remote.port === to.port)
    if (match.length === 0) {
      throw new SocketLabError('EUNKNOWN', `No peer at ${to.host}:${to.port} on endpoint ${this.id}`, 'A stream endpoint sends to its connected peers: pick one from the list of peers.')
    }
    return match
  }

  private checkWritable(peer: StreamPeer): void {
    if (peer.state === 'we-ended' || peer.socket.writableEnded || peer.socket.destroyed) {
      throw new SocketLabError(
        'EPIPE',
        `Peer ${peer.id} is closed for writing: our side has ended`,
        'After ending our side (half-close) nothing more can be sent on this connection; connect again to send more.'
      )
    }
  }

  async send(to: SendTarget | undefined, bytes: Uint8Array): Promise<SendResult> {
    if (bytes.byteLength === 0) {
      throw new SocketLabError('EINVAL', 'Nothing to send: the payload is empty', 'A stream carries bytes, not messages: an empty write sends nothing. Type some bytes first.')
    }
    const targets = this.targets(to)
    for (const p of targets) this.checkWritable(p)
    const seqs: number[] = []
    for (const p of targets) {
      seqs.push(this.sent(p, bytes))
      p.socket.write(bytes)
    }
    return { bytes: bytes.byteLength * targets.length, seqs }
  }

  async sendStream(
    to: { peerId: string } | undefined,
    chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>
  ): Promise<{ bytes: number; chunks: number }> {
    const peer = to ? (this.peer(to.peerId) as StreamPeer) : this.targets(undefined)[0]!
    this.checkWritable(peer)
    let bytes = 0
    let count = 0
    for await (const chunk of chunks) {
      if (chunk.byteLength === 0) continue
      if (!peer.isOpen || peer.socket.destroyed) {
        throw peer.socketError ? fromOsError(peer.socketError, this.errorContext('send to')) : notRunning(this.id, 'connected to that peer any more')
      }
      this.sent(peer, chunk)
      bytes += chunk.byteLength
      count++
      if (!peer.socket.write(chunk)) await drained(peer)
    }
    return { bytes, chunks: count }
  }

  protected reply(peer: Peer, bytes: Uint8Array, time: number): void {
    const p = peer as StreamPeer
    if (p.socket.writableEnded || p.socket.destroyed || bytes.byteLength === 0) return
    this.sent(p, bytes, time)
    // Stop reading from a peer that does not read our answers, as a real echo server must,
    // instead of queueing its whole stream in memory.
    if (!p.socket.write(bytes) && !p.replyPaused) {
      p.replyPaused = true
      p.socket.pause()
      p.socket.once('drain', () => {
        p.replyPaused = false
        p.socket.resume()
      })
    }
  }

  /** Close every peer gracefully, as the endpoint itself goes. */
  protected closeAllPeers(reason: CloseReason | undefined): Promise<void[]> {
    return Promise.all(this.streamPeers().map((p) => this.closeGracefully(p, reason)))
  }
}

function drained(peer: StreamPeer): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      peer.socket.off('drain', done)
      peer.socket.off('close', done)
      resolve()
    }
    peer.socket.on('drain', done)
    peer.socket.on('close', done)
  })
}

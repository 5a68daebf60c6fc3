// Peers over stream sockets (TCP and Unix alike): half-close, graceful and abortive close, and the
// close reason worked out from who sent FIN first or which error ended the connection.
import type net from 'node:net'
import type { CloseReason, EndpointConfig, PeerInfo, SendResult, SendTarget } from '../../../shared/api'
import { SocketLabError } from '../../../shared/errors'
import { fromOsError, notRunning, peerNotReading, type ErrorContext } from '../errors'
import { OutboundQueue } from '../outbound-queue'
import { Peer, type PeerRemote } from '../peer'
import { readThrough, SocketReads } from '../socket-reads'
import { StreamWriter } from '../stream-writes'
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
  /** Our side is ending: the FIN goes once the answers owed before it are queued. */
  ending = false
  /** Where its bytes wait until the kernel takes them, and what writes them there. */
  queue!: OutboundQueue
  writer!: StreamWriter
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
    peer.queue = new OutboundQueue(this.ctx.limits.outboundLimitBytes, {
      answer: (p, payload, framed, time) => this.makeAnswer(p, payload, framed, time),
      setReading: (on) => {
        if (!socket.destroyed) {
          if (on) socket.resume()
          else socket.pause()
        }
        return true
      }
    })
    peer.writer = new StreamWriter(socket, peer, peer.queue, (bytes, chunks) => this.countOut(peer, bytes, chunks))
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
      // What still waits now never leaves: the peer's pending figure keeps it.
      peer.writer.stop()
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

  /** Half-close: send FIN after what is queued and owed, keep reading until the peer ends too. */
  protected endPeer(peer: StreamPeer): boolean {
    if (peer.state === 'we-ended' || peer.state === 'closed' || peer.ending || peer.socket.writableEnded) return false
    peer.finFirst ??= 'local'
    peer.ending = true
    peer.queue.whenAnswered(() => {
      if (!peer.socket.writableEnded) peer.socket.end()
    })
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
    if (peer.state === 'we-ended' || peer.ending || peer.socket.writableEnded || peer.socket.destroyed) {
      throw new SocketLabError(
        'EPIPE',
        `Peer ${peer.id} is closed for writing: our side has ended`,
        'After ending our side (half-close) nothing more can be sent on this connection; connect again to send more.'
      )
    }
  }

  async send(to: SendTarget | undefined, bytes: Uint8Array, waitMs = 0): Promise<SendResult> {
    const n = bytes.byteLength
    if (n === 0) {
      throw new SocketLabError('EINVAL', 'Nothing to send: the payload is empty', 'A stream carries bytes, not messages: an empty write sends nothing. Type some bytes first.')
    }
    const deadline = performance.now() + waitMs
    for (;;) {
      const targets = this.targets(to)
      for (const p of targets) this.checkWritable(p)
      // All or nothing: a send to every peer is refused whole when one of them has no room.
      const full = targets.find((p) => !p.queue.hasRoom(n))
      if (!full) {
        const seqs: number[] = []
        for (const p of targets) {
          seqs.push(this.recordOut(p, bytes))
          p.writer.write(bytes)
        }
        return { bytes: n * targets.length, seqs }
      }
      if (!(await full.queue.waitForRoom(n, deadline - performance.now())) && full.isOpen) {
        throw full.queue.isClosed ? this.gone(full) : peerNotReading(full.id, full.pendingOut, full.queue.limit)
      }
    }
  }

  /** Why nothing more can be written to a peer whose connection failed or closed. */
  private gone(peer: StreamPeer): SocketLabError {
    return peer.socketError ? fromOsError(peer.socketError, this.errorContext('send to')) : notRunning(this.id, 'connected to that peer any more')
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
      // Each chunk waits for room in the peer's queue, so the stream goes at the pace it reads. The
      // last check comes right before the write: another send may take the room first.
      while (!peer.queue.hasRoom(chunk.byteLength) && !peer.queue.isClosed) {
        // False at once when other sends already wait for this peer with as much as its queue holds.
        if (!(await peer.queue.waitForRoom(chunk.byteLength, Infinity)) && !peer.queue.isClosed) {
          throw peerNotReading(peer.id, peer.pendingOut, peer.queue.limit)
        }
      }
      if (!peer.isOpen || peer.socket.destroyed || peer.queue.isClosed) throw this.gone(peer)
      this.checkWritable(peer)
      this.recordOut(peer, chunk)
      peer.writer.write(chunk)
      bytes += chunk.byteLength
      count++
    }
    return { bytes, chunks: count }
  }

  protected reply(peer: Peer, bytes: Uint8Array, time: number): void {
    const p = peer as StreamPeer
    if (p.socket.writableEnded || p.socket.destroyed || p.queue.isClosed || bytes.byteLength === 0) return
    this.recordOut(p, bytes, time)
    p.writer.write(bytes)
  }

  protected queueOf(peer: Peer): OutboundQueue {
    return (peer as StreamPeer).queue
  }

  /** Close every peer gracefully, as the endpoint itself goes. */
  protected closeAllPeers(reason: CloseReason | undefined): Promise<void[]> {
    return Promise.all(this.streamPeers().map((p) => this.closeGracefully(p, reason)))
  }
}


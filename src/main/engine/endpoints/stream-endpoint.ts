// Peers over stream sockets (TCP and Unix alike): half-close, graceful and abortive close, and the
// close reason worked out from who sent FIN first or which error ended the connection.
import type net from 'node:net'
import type { AppError, CloseReason, EndpointConfig, PeerInfo, SendResult, SendTarget, TlsInfo } from '../../../shared/api'
import { SocketLabError } from '../../../shared/errors'
import { formatHostPort } from '../../../shared/address'
import { now } from '../clock'
import { closedAfterPeerEnd, fromOsError, notConnectedTo, notRunning, peerNotReading, resetAfterPeerEnd, sendAfterPeerClosed, type ErrorAction, type ErrorContext } from '../errors'
import { OutboundQueue } from '../outbound-queue'
import { Peer, type PeerRemote } from '../peer'
import { culprit, isResetAfterFin, noteWrite, stopProbing, type WritesAfterFin } from '../reset-after-fin'
import { READ_BYTES, readThrough, SocketReads } from '../socket-reads'
import { StreamWriter } from '../stream-writes'
import { Endpoint } from './endpoint'

/** How long a graceful close waits for queued bytes to leave before it closes anyway. */
export const LINGER_MS = 2000

export type StreamConfig = Exclude<EndpointConfig, { kind: 'udp' | 'udp-relay' }>

export class StreamPeer extends Peer implements WritesAfterFin {
  /** Who sent FIN first; decides between 'fin-peer' and 'fin-local'. */
  finFirst: 'peer' | 'local' | undefined
  /** Set when we ended the connection in a way that decides the reason (reset, endpoint closed). */
  forcedReason: CloseReason | undefined
  /** Why we ended it, when the OS has nothing to say (a client refused past the wait queue). */
  closeNote: AppError | undefined
  socketError: Error | undefined
  linger: NodeJS.Timeout | undefined
  /** Our side is ending: the FIN goes once the answers owed before it are queued. */
  ending = false
  /** Where its bytes wait until the kernel takes them, and what writes them there. */
  queue!: OutboundQueue
  writer!: StreamWriter
  /** Its read buffers: the read size changes here. */
  reads: SocketReads | undefined
  /** Whether the peer answered a send made after its FIN with a reset (reset-after-fin.ts). */
  writeAfterEnd: number | undefined
  failedWrite: number | undefined
  probe: NodeJS.Timeout | undefined
  probes = 0
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
    stopProbing(this)
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
  protected abstract errorContext(action: ErrorAction): ErrorContext

  /** A client's connection closed: its endpoint state follows. Servers take up a waiting client. */
  protected peerClosed(_peer: StreamPeer): void {}

  /**
   * The peer ended its side (FIN). A server that answers by itself asks its responder, once every
   * frame before the FIN has been answered; by default it closes, like the lessons' servers: done
   * when the client is. A client decides for itself (closeOnPeerEnd).
   */
  protected afterPeerEnd(peer: StreamPeer): void {
    if (!this.responder) return
    peer.queue.whenAnswered(() => {
      try {
        this.responderFor(peer)?.end(undefined)
      } catch (err) {
        this.emitError(err, peer.id)
      }
    })
  }

  protected override responderClose(peer: Peer): void {
    this.endPeer(peer as StreamPeer)
  }

  protected override responderReset(peer: Peer): void {
    void this.resetPeer(peer as StreamPeer)
  }

  /** Errors on one connection name the peer, not where the endpoint listens (perhaps port 0). */
  /** What a failure of a peer's connection means; a TLS endpoint knows OpenSSL's alerts too. */
  protected peerError(err: unknown, peer: Peer, action: ErrorAction): SocketLabError {
    return fromOsError(err, this.peerContext(peer, action))
  }

  protected peerContext(peer: Peer, action: ErrorAction): ErrorContext {
    return { ...this.errorContext(action), target: this.peerLabel(peer) }
  }

  /** The read size the user set, if any. */
  private get configuredRecvSize(): number | undefined {
    return 'recvSize' in this.config ? this.config.recvSize : undefined
  }

  /** At most this many bytes per read: recv(n), or Node's own 64 KiB. */
  protected get readSize(): number {
    return 'recvSize' in this.config && this.config.recvSize !== undefined ? this.config.recvSize : READ_BYTES
  }

  /** How a peer is named in a message: its address, and the endpoint's name. */
  protected peerLabel(peer: Peer): string {
    const r = peer.remote
    const at = 'path' in r ? (r.path.startsWith('#') ? `client ${r.path}` : r.path) : formatHostPort(r.address, r.port)
    return `${at} on "${this.name}"`
  }

  /**
   * Stops (false) or restarts reading where the peer's answers are owed: its own socket, for a
   * server answering what it reads. A relay owes the peer what its upstream sends: it pauses that.
   */
  protected readingForAnswers(peer: StreamPeer, on: boolean): boolean {
    const socket = peer.socket
    if (!socket.destroyed) {
      if (on) socket.resume()
      else socket.pause()
    }
    return true
  }

  /**
   * Call before the socket starts reading: reads are set up to land in the capture ring. A peer
   * `waiting` is announced as such, and its socket stays paused until it is taken up.
   */
  /** What a connection's own session says about it (a TLS server's handshake); nothing by default. */
  protected sessionOf(_socket: net.Socket): TlsInfo | undefined {
    return undefined
  }

  protected attach(socket: net.Socket, remote: PeerRemote, waiting = false): StreamPeer {
    const peer = new StreamPeer(this.newPeerId(), this.id, remote, socket)
    peer.waiting = waiting
    peer.tls = this.sessionOf(socket)
    peer.queue = new OutboundQueue(this.ctx.limits.outboundLimitBytes, {
      answer: (p, payload, meta, time) => this.makeAnswer(p, payload, meta, time),
      ready: (p) => this.responderReady(p),
      setReading: (on) => this.readingForAnswers(peer, on)
    })
    peer.writer = new StreamWriter(socket, peer, peer.queue, (bytes, chunks) => this.countOut(peer, bytes, chunks))
    const failed = (err: unknown): void => this.emitError(err, peer.id)
    const reads = new SocketReads(this.ctx.captureBudget, (bytes, landedAt) => this.received(peer, bytes, true, landedAt), failed, this.readSize)
    if (readThrough(socket, reads)) peer.reads = reads
    else {
      // A socket whose reads cannot be set up (TLS decrypts in its own buffers) still honours
      // recv(n): each chunk is taken in reads of at most n bytes, as recv(n) would take it.
      socket.on('data', (chunk: Buffer) => {
        try {
          const n = this.configuredRecvSize
          if (n === undefined || chunk.byteLength <= n) this.received(peer, chunk)
          else for (let at = 0; at < chunk.byteLength; at += n) this.received(peer, chunk.subarray(at, at + n))
        } catch (err) {
          failed(err)
        }
      })
    }
    socket.on('end', () => this.onPeerEnd(peer))
    socket.on('error', (err) => {
      peer.socketError ??= err
      this.writeFailed(peer, err)
      // A TCP socket is destroyed by its error already; a TLS socket whose record layer failed (a
      // forged or corrupted record) is not, and would stay open forever, reading nothing more.
      if (!socket.destroyed) socket.destroy()
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
    this.afterPeerEnd(peer)
  }

  /** Why the connection failed; after the peer's FIN, a reset is what answered what we sent since. */
  private closeError(peer: StreamPeer, err: Error): AppError {
    const code = (err as NodeJS.ErrnoException).code!
    if (isResetAfterFin(peer.state, err)) return closedAfterPeerEnd(this.peerLabel(peer), code, err.message)
    return this.peerError(err, peer, 'connectionWith').toJSON()
  }

  /** The socket failed: the send that caused it gets the error on its own row. */
  private writeFailed(peer: StreamPeer, err: Error): void {
    const blame = culprit(peer, err)
    if (!blame || !this.ctx.hasSubscribers()) return
    const code = (err as NodeJS.ErrnoException).code!
    const error = !blame.afterFin
      ? this.peerError(err, peer, 'sendTo').toJSON()
      : blame.refusedAtOnce
        ? sendAfterPeerClosed(this.peerLabel(peer), code)
        : resetAfterPeerEnd(this.peerLabel(peer))
    this.ctx.emit({ type: 'error', endpointId: this.id, peerId: peer.id, error, time: now(), seq: blame.seq })
  }

  private onSocketClose(peer: StreamPeer): void {
    const reason = reasonOf(peer)
    const error = peer.closeNote ?? (peer.socketError && !peer.forcedReason ? this.closeError(peer, peer.socketError) : undefined)
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
      // Clients waiting to be served hear nothing: like a program that has not accepted them yet.
      const open = this.streamPeers().filter((p) => !p.waiting)
      const writable = open.filter((p) => p.state !== 'we-ended')
      if (writable.length > 0) return writable
      // Every peer is half-closed by us: say so rather than "not connected".
      if (open[0]) this.checkWritable(open[0])
      const waiting = this.streamPeers().length
      if (waiting > 0) throw this.nobodyServed(waiting)
      throw notRunning(this.name, this.config.kind.endsWith('client') ? 'connected' : 'connectedToAnyPeer')
    }
    if ('peerId' in to) return [this.peer(to.peerId) as StreamPeer]
    const match = this.streamPeers().filter((p) => 'port' in p.remote && p.remote.address === to.host && p.remote.port === to.port)
    if (match.length === 0) {
      throw SocketLabError.of('EUNKNOWN', { id: 'noPeerAt', params: { address: formatHostPort(to.host, to.port), endpoint: this.name } })
    }
    return match
  }

  /** Every client connected waits to be served: nobody to send to yet. */
  protected nobodyServed(waiting: number): SocketLabError {
    return SocketLabError.of('ENOTCONN', { id: 'nobodyServed', params: { endpoint: this.name, waiting } })
  }

  private checkWritable(peer: StreamPeer): void {
    if (peer.waiting) {
      throw SocketLabError.of('ENOTCONN', { id: 'peerWaiting', params: { peer: this.peerLabel(peer) } })
    }
    if (peer.state === 'we-ended' || peer.ending || peer.socket.writableEnded || peer.socket.destroyed) {
      throw SocketLabError.of('EPIPE', { id: 'weEnded', params: { peer: this.peerLabel(peer) } })
    }
  }

  async send(to: SendTarget | undefined, bytes: Uint8Array, waitMs = 0): Promise<SendResult> {
    const n = bytes.byteLength
    if (n === 0) {
      throw SocketLabError.of('EINVAL', { id: 'emptySend' })
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
          const seq = this.recordOut(p, bytes)
          seqs.push(seq)
          p.writer.write(bytes)
          noteWrite(p, seq)
        }
        // A send to one peer that the OS refused at once fails as a whole; its row says why too.
        const only = targets.length === 1 ? targets[0]! : undefined
        if (only && only.failedWrite === seqs[0]) throw this.refused(only)
        return { bytes: n * targets.length, seqs }
      }
      if (!(await full.queue.waitForRoom(n, deadline - performance.now())) && full.isOpen) {
        throw full.queue.isClosed ? this.gone(full) : peerNotReading(this.peerLabel(full), full.pendingOut, full.queue.limit)
      }
    }
  }

  /** Why a write the OS refused at once failed. */
  private refused(peer: StreamPeer): SocketLabError {
    const err = peer.socket.errored ?? peer.socketError
    if (isResetAfterFin(peer.state, err)) {
      const e = sendAfterPeerClosed(this.peerLabel(peer), (err as NodeJS.ErrnoException).code!)
      return new SocketLabError(e.code, e.message, e.hint, e)
    }
    return this.peerError(err, peer, 'sendTo')
  }

  /** Why nothing more can be written to a peer whose connection failed or closed. */
  private gone(peer: StreamPeer): SocketLabError {
    return peer.socketError ? this.peerError(peer.socketError, peer, 'sendTo') : notConnectedTo(this.name, this.peerLabel(peer))
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
          throw peerNotReading(this.peerLabel(peer), peer.pendingOut, peer.queue.limit)
        }
      }
      if (!peer.isOpen || peer.socket.destroyed || peer.queue.isClosed) throw this.gone(peer)
      this.checkWritable(peer)
      const seq = this.recordOut(peer, chunk)
      peer.writer.write(chunk)
      noteWrite(peer, seq)
      if (peer.failedWrite === seq) throw this.refused(peer)
      bytes += chunk.byteLength
      count++
    }
    return { bytes, chunks: count }
  }

  protected reply(peer: Peer, bytes: Uint8Array, time: number): void {
    const p = peer as StreamPeer
    if (p.socket.writableEnded || p.socket.destroyed || p.queue.isClosed || bytes.byteLength === 0) return
    const seq = this.recordOut(p, bytes, time)
    p.writer.write(bytes)
    noteWrite(p, seq)
  }

  protected queueOf(peer: Peer): OutboundQueue {
    return (peer as StreamPeer).queue
  }

  /** A new read size applies to every open connection from its next read on. */
  override update(config: C): void {
    const before = this.readSize
    super.update(config)
    const size = this.readSize
    if (size !== before) for (const p of this.streamPeers()) p.reads?.resize(size)
  }

  /** Close every peer gracefully, as the endpoint itself goes. */
  protected closeAllPeers(reason: CloseReason | undefined): Promise<void[]> {
    return Promise.all(this.streamPeers().map((p) => this.closeGracefully(p, reason)))
  }
}


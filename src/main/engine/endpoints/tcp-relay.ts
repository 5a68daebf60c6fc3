// A TCP relay that can misbehave on purpose. It listens like a TCP server; for each client it
// accepts it connects to the upstream (a TCP server, a TLS server or a Unix socket: past the
// connect, all three are one byte stream) and forwards both ways, each direction through a FaultPipe
// (re-chunk, delay, bandwidth, reset). The client is the peer: its bytes are the chunks in, what the
// upstream answers are the chunks out, so the timeline reads as one conversation.
//
// Backpressure goes through the outbound queues like every other byte sent: the client's own queue
// for what the upstream says (reading the upstream stops while it is full, or while the pipe toward
// the client holds too much), and one for the upstream connection for what the client says
// (reading the client stops likewise). A fast sender and a slow receiver hold a bounded amount:
// per direction, at most the queue's limit in the pipe and about as much again in the queue.
import type net from 'node:net'
import tls from 'node:tls'
import type { z } from 'zod'
import type { AppError, EndpointInfo } from '../../../shared/api'
import { SocketLabError } from '../../../shared/errors'
import type { RelayNote } from '../../../shared/responders'
import { upstreamLabel } from '../../../shared/relay-upstream'
import type { tcpRelayConfig } from '../../../shared/schemas'
import { now } from '../clock'
import { fromOsError, type ErrorContext } from '../errors'
import type { ErrorHintId } from '../../../shared/messages/en'
import { decodeFrames } from '../framing'
import { OutboundQueue, type FrameMeta } from '../outbound-queue'
import { Peer } from '../peer'
import { FaultPipe } from '../relay/fault-pipe'
import { ForwardBuffers } from '../relay/forward-buffers'
import { dialUpstream, isUpstreamTlsFailure, upstreamReadyEvent, upstreamRemote, upstreamTlsName } from '../relay/upstream'
import { freshSeed, seededRandom } from '../relay/prng'
import { noteWrite } from '../reset-after-fin'
import { StreamWriter } from '../stream-writes'
import { sessionInfo } from '../tls/certificates'
import { tlsConnectError, tlsSessionError } from '../tls-errors'
import { DEFAULT_CONNECT_TIMEOUT_MS } from './stream-client'
import { LINGER_MS, type StreamPeer } from './stream-endpoint'
import { TcpServer } from './tcp-server'

type TcpRelayConfig = z.infer<typeof tcpRelayConfig>

/** Hints that say what is wrong with a Unix upstream's path better than "failed" or "refused". */
const UNIX_PATH_HINTS: ReadonlySet<string> = new Set<ErrorHintId>(['noSocketFile', 'notASocketUnix', 'datagramSocketUnix', 'backlogFullUnix'])

/** How often a reset waits to see its last bytes taken by the kernel before it fires. */
const RESET_POLL_MS = 2

/** One client's way to the upstream. */
interface Link {
  readonly upstream: net.Socket
  /** The TCP connection under it (the same socket for plain TCP); none for a Unix socket. */
  readonly tcp: net.Socket | undefined
  /** Stands for the upstream connection in the queue and writer: never listed as a peer. */
  readonly upPeer: Peer
  readonly upQueue: OutboundQueue
  readonly upWriter: StreamWriter
  readonly toUpstream: FaultPipe
  readonly toClient: FaultPipe
  connected: boolean
  /** The relay reset it (a fault) or the client left: the upstream's close says nothing new. */
  done: boolean
}

export class TcpRelay extends TcpServer<TcpRelayConfig> {
  private readonly links = new Map<string, Link>()
  /** What crosses the relay either way, until the far side has taken it. */
  private readonly forward = new ForwardBuffers(this.ctx.captureBudget)
  /** The random draws of every connection (random latency), from the configured seed. */
  private random = seededRandom(this.config.faults?.seed ?? freshSeed())

  private get upstreamLabel(): string {
    return upstreamLabel(this.config.upstream)
  }

  /** RST toward the upstream, under TLS too; a Unix socket has none and is closed instead. */
  private resetUpstream(link: Link): void {
    if (link.tcp && !link.tcp.destroyed) link.tcp.resetAndDestroy()
    if (!link.upstream.destroyed) link.upstream.destroy()
  }

  /** Nagle off both ways: a piece the relay writes leaves as it was cut. */
  protected override prepare(socket: net.Socket): void {
    socket.setNoDelay(true)
  }

  /** The client stays paused until the upstream answers: what it sends waits in the kernel. */
  protected override onConnection(socket: net.Socket): void {
    this.prepare(socket)
    const peer = this.attach(socket, this.remoteOf(socket))
    peer.outDecoder = this.framing?.createDecoder()
    const upPeer = new Peer(`${peer.id}-upstream`, this.id, upstreamRemote(this.config.upstream))
    // What the upstream says is owed to the client; `borrowed` bytes are copied first.
    const fromUpstream = (bytes: Uint8Array, borrowed: boolean): void => {
      upPeer.counters.bytesIn += bytes.byteLength
      upPeer.counters.chunksIn++
      if (peer.isOpen) peer.queue.owe(peer, borrowed ? this.forward.copy(bytes) : bytes, undefined, now())
    }
    const { upstream, tcp } = dialUpstream(this.config.upstream, this.forward.readBuffer, (bytes) => {
      // Never throws: the socket reads into the same buffer again only once this returns.
      try {
        fromUpstream(bytes, true)
      } catch (err) {
        this.emitError(err, peer.id)
      }
    })
    const limit = this.ctx.limits.outboundLimitBytes
    const faults = this.config.faults
    const link: Link = {
      upstream,
      tcp,
      upPeer,
      upQueue: new OutboundQueue(limit, {
        answer: (_p, payload) => link.toUpstream.push(payload, () => this.forward.giveBack(payload)),
        ready: () => link.toUpstream.held < limit,
        setReading: (on) => {
          if (!socket.destroyed && link.connected) {
            if (on) socket.resume()
            else socket.pause()
          }
          return true
        }
      }),
      upWriter: undefined as unknown as StreamWriter,
      toUpstream: new FaultPipe('upstream', faults, {
        write: (bytes, written) => {
          if (!upstream.destroyed && !upstream.writableEnded) link.upWriter.write(bytes, written)
        },
        note: (note) => this.responderNote(peer, note),
        reset: (note) => this.faultReset(peer, link, note),
        drained: () => link.upQueue.resume()
      }, () => this.random()),
      toClient: new FaultPipe('client', faults, {
        write: (bytes, written) => this.toClient(peer, bytes, written),
        note: (note) => this.responderNote(peer, note),
        reset: (note) => this.faultReset(peer, link, note),
        drained: () => peer.queue.resume()
      }, () => this.random()),
      connected: false,
      done: false
    }
    ;(link as { upWriter: StreamWriter }).upWriter = new StreamWriter(upstream, upPeer, link.upQueue, (bytes, chunks) => {
      upPeer.counters.bytesOut += bytes
      upPeer.counters.chunksOut += chunks
    })
    this.links.set(peer.id, link)
    const timeout = setTimeout(() => {
      upstream.destroy(Object.assign(new Error('connect timed out'), { code: 'ETIMEDOUT' }))
      tcp?.destroy()
    }, DEFAULT_CONNECT_TIMEOUT_MS)
    upstream.once(upstreamReadyEvent(this.config.upstream), () => {
      clearTimeout(timeout)
      link.connected = true
      if (upstream instanceof tls.TLSSocket) this.noteUpstreamSession(peer, upstream)
      if (!socket.destroyed) socket.resume()
    })
    upstream.on('data', (chunk: Buffer) => fromUpstream(chunk, false))
    upstream.on('end', () => {
      if (link.done) return
      // The upstream is done: the client gets FIN once what came before it has been written.
      peer.queue.whenAnswered(() => link.toClient.whenEmpty(() => this.endPeer(peer)))
    })
    let failure: Error | undefined
    upstream.on('error', (err) => {
      failure ??= err
      // With TLS 1.3 a server refuses the relay's certificate only after its side of the handshake
      // is done. The alert that says so, before the server said anything else, is a failed connect
      // all the same, and said as one, now: Node may follow it with 'end', which must not reach
      // the client as a clean FIN. Later (a forged record), the close below says what broke.
      if (link.connected && !link.done && peer.isOpen && upPeer.counters.bytesIn === 0 && isUpstreamTlsFailure(this.config.upstream, err)) {
        link.done = true
        this.upstreamFailed(peer, link, err)
      }
      // A TLS socket whose record layer failed (a forged or corrupted record) is not destroyed by
      // its error: it would stay open reading nothing, and the client with it.
      if (!upstream.destroyed) upstream.destroy()
    })
    upstream.on('close', () => {
      clearTimeout(timeout)
      // A TLS socket that failed its handshake leaves the TCP one under it open.
      if (tcp && tcp !== upstream && !tcp.destroyed) tcp.destroy()
      link.upWriter.stop()
      if (link.done || !peer.isOpen) return
      link.done = true
      if (!link.connected) this.upstreamFailed(peer, link, failure ?? new Error('closed'))
      else if (failure) {
        // The upstream reset (or failed): so does the client, as a real path would show it.
        link.toClient.stop()
        this.sayTlsRefusal(peer, failure)
        void this.resetPeer(peer)
      }
    })
  }

  /** What the handshake with a TLS upstream negotiated, on the client's rows where its bytes start. */
  private noteUpstreamSession(peer: Peer, upstream: tls.TLSSocket): void {
    this.responderNote(peer, { kind: 'upstream-tls', upstream: this.upstreamLabel, tls: sessionInfo(upstream, upstreamTlsName(this.config.upstream)) })
  }

  /** The upstream could not be reached: the client is reset and told why; the relay goes on. */
  private upstreamFailed(peer: StreamPeer, link: Link, err: Error): void {
    link.toUpstream.stop()
    link.toClient.stop()
    const u = this.config.upstream
    const unix = 'path' in u
    const ctx: ErrorContext = { action: 'connectTo', transport: unix ? 'unix' : 'tcp', target: unix ? u.path : this.upstreamLabel }
    // A TLS upstream that fails its handshake says why in TLS terms (self-signed, wrong name...).
    const tlsName = upstreamTlsName(u)
    const base = tlsName !== undefined ? tlsConnectError(err, ctx, tlsName) : fromOsError(err, ctx)
    const code = base.code
    const reason = base.params?.reason ?? code
    let hintId: ErrorHintId = 'relayUpstreamFailed'
    // A Unix path that is wrong in a way of its own (no file, not a socket, a datagram socket, a
    // full queue) is said as such; otherwise the relay's own words for refused and timed out.
    if (unix && base.hintId !== undefined && UNIX_PATH_HINTS.has(base.hintId)) hintId = base.hintId as ErrorHintId
    else if (code === 'ECONNREFUSED') hintId = 'relayUpstreamRefused'
    else if (code === 'ETIMEDOUT') hintId = 'relayUpstreamTimedOut'
    else if (base.hintId?.startsWith('tls')) hintId = base.hintId as ErrorHintId
    const params = { ...base.params, target: ctx.target!, endpoint: this.name, upstream: this.upstreamLabel, reason }
    const error = SocketLabError.of(code, { id: 'relayUpstreamFailed', hintId, params })
    const json: AppError = error.toJSON()
    peer.closeNote = json
    this.emitError(error, peer.id)
    void this.resetPeer(peer)
  }

  /**
   * A TLS upstream that refuses after its handshake (TLS 1.3 refuses a client certificate only
   * then) or sends a record that fails its check says why; a plain reset needs no words beyond the
   * client's own reset.
   */
  private sayTlsRefusal(peer: StreamPeer, err: Error): void {
    const tlsName = upstreamTlsName(this.config.upstream)
    if (tlsName === undefined || !isUpstreamTlsFailure(this.config.upstream, err)) return
    const ctx: ErrorContext = { action: 'connectionWith', transport: 'tcp', target: this.upstreamLabel }
    const error = tlsSessionError(err, ctx, tlsName)
    peer.closeNote = error.toJSON()
    this.emitError(error, peer.id)
  }

  /** One piece for the client: recorded as the chunk out it is, decoded, queued. */
  private toClient(peer: StreamPeer, bytes: Uint8Array, written: (() => void) | undefined): void {
    const s = peer.socket
    if (s.writableEnded || s.destroyed || peer.queue.isClosed) return
    const time = now()
    const seq = this.recordOut(peer, bytes, time)
    if (peer.outDecoder && this.framing) decodeFrames(peer, bytes, seq, time, this, 'out')
    peer.writer.write(bytes, written)
    noteWrite(peer, seq)
  }

  /** What the client sent goes on toward the upstream, through its queue and pipe. */
  protected override received(peer: Peer, bytes: Uint8Array, borrowed = false, landedAt?: number): void {
    super.received(peer, bytes, borrowed, landedAt)
    const link = this.links.get(peer.id)
    if (!link || link.done) return
    // Borrowed bytes are overwritten by the next read: what goes on is the ring's own copy where
    // the read landed there, else a copy in a buffer used again once the upstream has taken it.
    link.upQueue.owe(peer, borrowed ? this.forward.keep(bytes, landedAt) : bytes, undefined, now())
  }

  /** What the upstream said is owed to the client: it goes into the pipe toward it. */
  protected override makeAnswer(peer: Peer, payload: Uint8Array, _meta: FrameMeta | undefined, _time: number | undefined): void {
    const link = this.links.get(peer.id)
    if (link && !link.done && peer.isOpen) link.toClient.push(payload, () => this.forward.giveBack(payload))
  }

  protected override responderReady(peer: Peer): boolean {
    const link = this.links.get(peer.id)
    return !link || link.toClient.held < this.ctx.limits.outboundLimitBytes
  }

  /** The client's queue is full: the upstream, whose bytes fill it, waits. */
  protected override readingForAnswers(peer: StreamPeer, on: boolean): boolean {
    const up = this.links.get(peer.id)?.upstream
    if (up && !up.destroyed) {
      if (on) up.resume()
      else up.pause()
    }
    return true
  }

  /** The client sent FIN: the upstream gets it after what the client sent before it. */
  protected override afterPeerEnd(peer: StreamPeer): void {
    const link = this.links.get(peer.id)
    if (!link) return
    link.upQueue.whenAnswered(() =>
      link.toUpstream.whenEmpty(() => {
        if (!link.upstream.destroyed && !link.upstream.writableEnded) link.upstream.end()
      })
    )
  }

  /**
   * The reset fault fired: once the kernel has taken every byte before it, both sides are reset.
   * The upstream has then received exactly what came before the reset; the client sees ECONNRESET.
   */
  private faultReset(peer: StreamPeer, link: Link, note: RelayNote): void {
    if (link.done) return
    link.done = true
    this.responderNote(peer, note)
    link.toUpstream.stop()
    link.toClient.stop()
    if (!peer.socket.destroyed) peer.socket.pause()
    if (!link.upstream.destroyed) link.upstream.pause()
    const started = performance.now()
    const fire = (): void => {
      const waiting = (link.upPeer.pendingOut > 0 && !link.upstream.destroyed) || (peer.pendingOut > 0 && !peer.socket.destroyed)
      if (waiting && performance.now() - started < LINGER_MS) {
        setTimeout(fire, RESET_POLL_MS)
        return
      }
      this.resetUpstream(link)
      void this.resetPeer(peer)
    }
    fire()
  }

  /** The client's connection is gone: so is its upstream (reset if the client's was). */
  protected override peerClosed(peer: StreamPeer): void {
    super.peerClosed(peer)
    const link = this.links.get(peer.id)
    if (!link) return
    this.links.delete(peer.id)
    const up = link.upstream
    link.done = true
    if (up.destroyed) return
    if (peer.closeReason === 'reset' || peer.closeReason === 'error' || peer.closeReason === 'timeout') {
      link.toUpstream.stop()
      this.resetUpstream(link)
      return
    }
    if (peer.closeReason === 'endpoint-closed') {
      // The relay is stopping: what is queued goes, what is still delayed does not, then FIN.
      link.toUpstream.stop()
      link.toClient.stop()
      up.destroySoon()
      this.cutAfterLinger(up)
      return
    }
    // A graceful close: what is still on its way to the upstream goes, then FIN, then the socket.
    link.toUpstream.whenEmpty(() => {
      if (!up.writableEnded) up.end()
      this.cutAfterLinger(up)
    })
  }

  /** An upstream that does not take what is queued for it is closed anyway once the linger is over. */
  private cutAfterLinger(up: net.Socket): void {
    const cut = setTimeout(() => up.destroy(), LINGER_MS)
    up.once('close', () => clearTimeout(cut))
  }

  /** New faults apply to every open connection from its next chunk on. */
  override update(config: TcpRelayConfig): void {
    const seedChanged = config.faults?.seed !== undefined && config.faults.seed !== this.config.faults?.seed
    super.update(config)
    if (seedChanged) this.random = seededRandom(config.faults!.seed!)
    for (const link of this.links.values()) {
      link.toUpstream.setFaults(config.faults)
      link.toClient.setFaults(config.faults)
    }
  }

  override info(): EndpointInfo {
    const info = super.info()
    info.remote = upstreamRemote(this.config.upstream)
    return info
  }

  override async stop(): Promise<void> {
    await super.stop()
    for (const link of this.links.values()) {
      link.toUpstream.stop()
      link.toClient.stop()
      if (!link.upstream.destroyed) link.upstream.destroy()
    }
    this.links.clear()
  }
}

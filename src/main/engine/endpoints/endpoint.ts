// What every endpoint shares: identity, state, exact counters, the capture, its peers, and the one
// path every chunk in or out goes through (count, capture, event, frames, responder), so no kind
// of socket can forget a step. Answers go through the peer's bounded queue (outbound-queue.ts) like
// every other byte sent.
import type {
  AppError,
  DataEvent,
  Direction,
  FrameEvent,
  CloseReason,
  EndpointConfig,
  EndpointInfo,
  EndpointState,
  PeerEvent,
  PeerInfo,
  ResponderNoteEvent,
  SendResult,
  SendTarget,
  SocketAddress
} from '../../../shared/api'
import { formatHostPort } from '../../../shared/address'
import { upstreamLabel } from '../../../shared/relay-upstream'
import { toAppError } from '../../../shared/errors'
import { SocketLabError } from '../../../shared/errors'
import type { Responder, ResponderNote } from '../../../shared/responders'
import type { ResponderConfig } from '../../../shared/schemas'
import { CaptureStore } from '../capture'
import { now } from '../clock'
import { copyCounters, countIn, countOut, zeroCounters } from '../counters'
import { unknownPeer } from '../errors'
import type { FrameMeta, OutboundQueue } from '../outbound-queue'
import { NO_PREVIEW } from '../preview'
import { createFraming, decodeFrames, type EndpointFraming, type FrameHost } from '../framing'
import { createIdSource } from '../ids'
import type { Peer } from '../peer'
import { compileResponder, PeerResponder, responderContext } from '../responding'
import type { EndpointContext } from './context'

export type LocalAddress = SocketAddress | { path: string }

type ChunkListener = (chunk: { seq: number; peerId: string; dir: 'in' | 'out'; offset: number; time: number; bytes: Uint8Array }) => void

export abstract class Endpoint<C extends EndpointConfig = EndpointConfig> implements FrameHost {
  /** In-process listeners given every chunk whole (see Engine.tapChunks); undefined when none. */
  private taps: ChunkListener[] | undefined

  addTap(listener: ChunkListener): () => void {
    this.taps = [...(this.taps ?? []), listener]
    return () => {
      const rest = (this.taps ?? []).filter((t) => t !== listener)
      this.taps = rest.length > 0 ? rest : undefined
    }
  }

  name: string
  state: EndpointState = 'idle'
  /** When the state last changed, on the engine's clock. */
  stateTime = now()
  error: AppError | undefined
  local: LocalAddress | undefined
  remote: LocalAddress | undefined
  readonly counters = zeroCounters()
  readonly capture: CaptureStore
  protected readonly peers = new Map<string, Peer>()
  protected readonly newPeerId = createIdSource('p')
  protected framing: EndpointFraming | undefined
  /** Extra fields a kind adds to its info (the UDP receive buffer). */
  protected extraInfo: Partial<EndpointInfo> = {}
  /** What the server answers by itself, compiled from `config.responder`; one session per peer. */
  protected responder: Responder | undefined

  constructor(
    readonly id: string,
    public config: C,
    protected readonly ctx: EndpointContext
  ) {
    this.name = config.name ?? defaultName(config)
    this.capture = new CaptureStore(ctx.captureBudget, ctx.captureEvents)
    this.framing = createFraming(config.framing)
    this.responder = compileResponder(responderOf(config), config.framing)
  }

  /** Listen, bind or connect. Rejects with a SocketLabError; the state then says 'error'. */
  abstract start(): Promise<void>
  /** Close every socket of this endpoint; it can start again. Never rejects. */
  abstract stop(): Promise<void>
  /**
   * Queues the bytes for each target, recording each write. Refused when a target's queue has no
   * room, unless `waitMs` lets it wait that long for room.
   */
  abstract send(to: SendTarget | undefined, bytes: Uint8Array, waitMs?: number): Promise<SendResult>
  abstract sendStream(
    to: { peerId: string } | undefined,
    chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>
  ): Promise<{ bytes: number; chunks: number }>
  abstract closePeer(peerId: string, mode: 'graceful' | 'reset'): Promise<PeerInfo>
  abstract endOutput(peerId?: string): Promise<number>
  /**
   * Answer a received chunk or frame through the normal send path. `time` is the received chunk's
   * when the answer goes at once: a stream answers within the same callback, so its out-chunk takes
   * that time instead of reading the clock again.
   */
  protected abstract reply(peer: Peer, bytes: Uint8Array, time: number): void
  /** The queue a peer's bytes wait in: its own on a stream, the socket's on UDP. */
  protected abstract queueOf(peer: Peer): OutboundQueue | undefined

  get isRunning(): boolean {
    return this.state === 'listening' || this.state === 'connected'
  }

  info(): EndpointInfo {
    const info: EndpointInfo = {
      id: this.id,
      name: this.name,
      kind: this.config.kind,
      config: this.config,
      state: this.state,
      counters: copyCounters(this.counters),
      peerCount: this.openPeerCount(),
      captureDroppedBytes: this.capture.droppedBytes,
      pendingOut: this.pendingOut(),
      stateTime: this.stateTime,
      ...this.extraInfo
    }
    if (this.local) info.local = { ...this.local }
    if (this.remote) info.remote = { ...this.remote }
    if (this.error) info.error = this.error
    return info
  }

  listPeers(): PeerInfo[] {
    const out: PeerInfo[] = []
    for (const p of this.peers.values()) if (p.isOpen) out.push(p.info())
    return out
  }

  private pendingOut(): number {
    let n = 0
    for (const p of this.peers.values()) n += p.pendingOut
    return n
  }

  /** Closed peers leave the map at once, so its size is the open count (cheap to poll). */
  protected openPeerCount(): number {
    return this.peers.size
  }

  protected peer(peerId: string): Peer {
    const p = this.peers.get(peerId)
    if (!p || !p.isOpen) throw unknownPeer(this.name)
    return p
  }

  /** Name, framing and responder change while the sockets stay open; the engine validated them. */
  update(config: C): void {
    const framingChanged = config.framing !== this.config.framing
    const framing = framingChanged ? createFraming(config.framing) : this.framing
    const responderChanged = JSON.stringify(responderOf(config)) !== JSON.stringify(responderOf(this.config))
    const responder = responderChanged || framingChanged ? compileResponder(responderOf(config), config.framing) : this.responder
    this.config = config
    if (responderChanged) {
      this.responder = responder
      // Each peer starts afresh with the new responder (or none): what the old one remembered and
      // still had to do is dropped, and answers owed under it are not made any more.
      for (const p of this.peers.values()) this.dropResponder(p)
      for (const p of this.peers.values()) {
        const queue = this.queueOf(p)
        if (!responder) queue?.forgetOwed()
        else queue?.resume()
      }
    }
    if (config.name !== undefined) this.name = config.name
    if (framingChanged) {
      this.framing = framing
      // Frames restart at the next chunk: a half-received frame under the old framing means nothing.
      for (const p of this.peers.values()) p.decoder = framing?.createDecoder()
    }
    this.emitInfo()
  }

  private get answering(): boolean {
    return this.responder !== undefined
  }

  /** The peer's responder session, made on first use; undefined when the endpoint answers nothing. */
  protected responderFor(peer: Peer): PeerResponder | undefined {
    const responder = this.responder
    if (!responder || !peer.isOpen) return undefined
    if (peer.responder) return peer.responder
    const transport = this.config.kind === 'udp' ? 'datagram' : 'stream'
    peer.responder = new PeerResponder(responder, responderContext(transport, this.ctx.files), {
      reply: (bytes, framed, time) => this.responderReply(peer, bytes, framed, time),
      close: () => this.responderClose(peer),
      reset: () => this.responderReset(peer),
      note: (note) => this.responderNote(peer, note),
      resumed: () => this.queueOf(peer)?.resume()
    })
    return peer.responder
  }

  /** The peer left or the responder changed: its session stops, timers included. */
  protected dropResponder(peer: Peer): void {
    peer.responder?.stop()
    peer.responder = undefined
  }

  /** A stream peer was taken up: the responder may speak first (a file sent on connect). */
  protected openResponder(peer: Peer): void {
    try {
      this.responderFor(peer)?.open(now())
    } catch (err) {
      this.emitError(err, peer.id)
    }
  }

  /** The server's user typed `bytes` for one peer's responder (the chat's input()). */
  responderInput(peerId: string, bytes: Uint8Array): PeerInfo {
    const peer = this.peer(peerId)
    const r = this.responderFor(peer)
    if (!r) {
      throw new SocketLabError('EINVAL', `"${this.name}" runs no responder to type for`, 'Choose a responder (chat answers with what you type), or send the bytes with the composer.')
    }
    r.input(bytes)
    return peer.info()
  }

  private responderReply(peer: Peer, bytes: Uint8Array, framed: boolean, time: number | undefined): void {
    if (!peer.isOpen) return
    // The responder's bytes may be shared (a fixed reply): encoding makes new ones, never changes them.
    const framing = framed ? this.framing : undefined
    this.reply(peer, framing ? framing.encode(bytes) : bytes, time ?? now())
  }

  /** A responder's close: FIN after the replies before it (streams; a UDP socket has nothing to close). */
  protected responderClose(_peer: Peer): void {}
  /** A responder's reset: RST now (streams). */
  protected responderReset(_peer: Peer): void {}

  /** Kept in the capture and sent to receivers, like a peer event: a lab checks it either way. */
  protected responderNote(peer: Peer, note: ResponderNote): void {
    if (!this.keepsPeerEvents) return
    const ev: ResponderNoteEvent = { type: 'responder-note', endpointId: this.id, peerId: peer.id, note, time: now() }
    this.capture.noteResponder(ev)
    if (this.ctx.hasSubscribers()) this.ctx.emit(ev)
  }

  setState(state: EndpointState, error?: AppError): void {
    // Kept only on a change, as a window shows it: a row per state the endpoint went through.
    // A default name made from port 0 takes the port the socket got: the address people will type.
    if (this.config.name === undefined) this.name = defaultName(this.config, this.local)
    if (state !== this.state) {
      this.stateTime = now()
      this.capture.noteState(state, error, this.stateTime)
    }
    this.state = state
    this.error = error
    this.emitInfo()
  }

  emitInfo(): void {
    if (this.ctx.hasSubscribers()) this.ctx.emit({ type: 'endpoint', endpoint: this.info() })
  }

  emitError(err: unknown, peerId?: string): void {
    if (!this.ctx.hasSubscribers()) return
    const ev: { type: 'error'; endpointId: string; peerId?: string; error: AppError; time: number } = {
      type: 'error',
      endpointId: this.id,
      error: toAppError(err),
      time: now()
    }
    if (peerId !== undefined) ev.peerId = peerId
    this.ctx.emit(ev)
  }

  /** Whether a peer event has anyone to reach: a window now, or the capture for one that comes later. */
  private get keepsPeerEvents(): boolean {
    return this.capture.enabled || this.ctx.hasSubscribers()
  }

  private peerEvent(ev: PeerEvent): void {
    this.capture.note(ev)
    if (this.ctx.hasSubscribers()) this.ctx.emit(ev)
  }

  protected addPeer(peer: Peer): void {
    peer.decoder = this.framing?.createDecoder()
    this.peers.set(peer.id, peer)
    if (this.keepsPeerEvents) this.peerEvent({ type: 'peer-open', peer: peer.info() })
  }

  protected peerStateChanged(peer: Peer): void {
    if (this.keepsPeerEvents) this.peerEvent({ type: 'peer-state', peer: peer.info(), time: now() })
  }

  protected removePeer(peer: Peer, reason: CloseReason, error?: AppError): void {
    if (peer.state === 'closed') return
    peer.state = 'closed'
    peer.closeReason = reason
    peer.closeError = error
    peer.decoder = undefined
    this.dropResponder(peer)
    this.peers.delete(peer.id)
    if (this.keepsPeerEvents) {
      const ev: PeerEvent & { type: 'peer-close' } = { type: 'peer-close', peer: peer.info(), reason, time: now() }
      if (error) ev.error = error
      this.peerEvent(ev)
    }
  }

  /**
   * Every received chunk, exactly as one read or one datagram delivered it. Borrowed bytes are
   * overwritten after this returns (see socket-reads.ts), so what keeps them gets a copy; `landedAt`
   * says they were read straight into the capture ring.
   */
  protected received(peer: Peer, bytes: Uint8Array, borrowed = false, landedAt?: number): void {
    const n = bytes.byteLength
    const time = now()
    const offset = peer.offsetIn
    const seq = this.capture.append(peer.id, 'in', offset, time, bytes, landedAt)
    peer.offsetIn = offset + n
    countIn(this.counters, n)
    countIn(peer.counters, n)
    // The engine fills in the preview, a copy, only if a receiver takes the event one by one.
    if (this.ctx.wantsData()) this.ctx.emitData(dataEvent(this.id, peer.id, 'in', seq, offset, time, n), bytes)
    this.ctx.countersMoved(this.id)
    const decoding = peer.decoder !== undefined && this.framing !== undefined
    const answering = this.answering
    if (this.taps === undefined && !decoding && !answering) return
    // Taps, frame decoders and queued replies may keep the bytes past this call.
    // A copy, whatever the view: Buffer's slice() would share the memory.
    const kept = borrowed ? new Uint8Array(bytes) : bytes
    if (this.taps !== undefined) for (const tap of this.taps) tap({ seq, peerId: peer.id, dir: 'in', offset, time, bytes: kept })
    if (decoding) {
      decodeFrames(peer, kept, seq, time, this)
      return
    }
    if (answering) this.owe(peer, kept, undefined, time)
  }

  // The endpoint is its own FrameHost: frames are decoded without a closure per chunk.
  wantsEvents(): boolean {
    return this.ctx.wantsData()
  }

  emitFrame(ev: FrameEvent, payload: Uint8Array): void {
    this.ctx.emitData(ev, payload)
  }

  keepsFrames(): boolean {
    return this.capture.enabled
  }

  keepFrame(ev: FrameEvent, payload: Uint8Array): void {
    this.capture.noteFrame(ev, payload)
  }

  answerFrame(peer: Peer, payload: Uint8Array, meta: FrameMeta | undefined, time: number): void {
    if (this.framing && this.answering) this.owe(peer, payload, meta, time)
  }

  frameError(peer: Peer, err: unknown): void {
    this.emitError(err, peer.id)
  }

  /** An answer is owed for a received chunk (or one frame's payload): the peer's queue decides when. */
  private owe(peer: Peer, payload: Uint8Array, meta: FrameMeta | undefined, time: number): void {
    if (!peer.isOpen || peer.state === 'we-ended') return
    this.queueOf(peer)?.owe(peer, payload, meta, time)
  }

  /**
   * Hands one frame (a chunk, a datagram) to the peer's responder, which answers through its
   * timeline. The queue calls it at once, or later as it drains (`time` undefined: answers leave now).
   */
  protected makeAnswer(peer: Peer, payload: Uint8Array, meta: FrameMeta | undefined, time: number | undefined): void {
    if (!peer.isOpen) return
    try {
      this.responderFor(peer)?.frame(payload, meta, time)
    } catch (err) {
      this.emitError(err, peer.id)
    }
  }

  /** Whether the peer's responder can take a frame now: the queue keeps frames owed until it can. */
  protected responderReady(peer: Peer): boolean {
    return peer.responder?.ready ?? true
  }

  /**
   * Records a chunk sent: one write (TCP, Unix) as its queue accepts it, or one datagram (UDP) as
   * the OS takes it. Returns its seq. Counted apart, by countOut, once the kernel has it.
   */
  protected recordOut(peer: Peer, bytes: Uint8Array, time = now()): number {
    const n = bytes.byteLength
    const offset = peer.offsetOut
    const seq = this.capture.append(peer.id, 'out', offset, time, bytes)
    peer.offsetOut = offset + n
    if (this.ctx.wantsData()) this.ctx.emitData(dataEvent(this.id, peer.id, 'out', seq, offset, time, n), bytes)
    if (this.taps !== undefined) for (const tap of this.taps) tap({ seq, peerId: peer.id, dir: 'out', offset, time, bytes })
    return seq
  }

  /** The kernel took `bytes` for the peer, completing `chunks` writes (datagrams). */
  protected countOut(peer: Peer, bytes: number, chunks: number): void {
    countOut(this.counters, bytes, chunks)
    countOut(peer.counters, bytes, chunks)
    this.ctx.countersMoved(this.id)
  }
}

/** One data event, always built with the same fields in the same order (one hidden class). */
function dataEvent(endpointId: string, peerId: string, dir: Direction, seq: number, offset: number, time: number, length: number): DataEvent {
  return { type: 'data', endpointId, peerId, dir, seq, offset, time, length, preview: NO_PREVIEW }
}

/** The responder an endpoint's configuration names, if it is a server's. */
function responderOf(config: EndpointConfig): ResponderConfig | undefined {
  return 'responder' in config ? config.responder : undefined
}

function defaultName(config: EndpointConfig, local?: LocalAddress): string {
  const port = (p: number): number => (p === 0 && local && 'port' in local ? local.port : p)
  switch (config.kind) {
    case 'tcp-server':
      return `TCP server ${formatHostPort(config.host, port(config.port))}`
    case 'tcp-client':
      return `TCP client to ${formatHostPort(config.host, config.port)}`
    case 'tls-server':
      return `TLS server ${formatHostPort(config.host, port(config.port))}`
    case 'tls-client':
      return `TLS client to ${formatHostPort(config.host, config.port)}`
    case 'udp':
      return `UDP ${formatHostPort(config.host, port(config.port))}`
    case 'unix-server':
      return `Unix server ${config.path}`
    case 'unix-client':
      return `Unix client to ${config.path}`
    case 'tcp-relay':
      return `TCP relay ${formatHostPort(config.host, port(config.port))} to ${upstreamLabel(config.upstream)}`
    case 'udp-relay':
      return `UDP relay ${formatHostPort(config.host, port(config.port))} to ${formatHostPort(config.upstream.host, config.upstream.port)}`
  }
}

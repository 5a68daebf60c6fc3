// The registry of endpoints and event pumps. It validates every request before a socket is made,
// routes it to the one endpoint it names, and fans events out to every subscribed receiver.
import type { CapturePage, ChunkBytes, EndpointConfig, EndpointInfo, EngineEvent, PeerInfo, SendResult, SendTarget } from '../../shared/api'
import { isIP } from '../../shared/address'
import { SocketLabError } from '../../shared/errors'
import type { ErrorHintId } from '../../shared/messages/en'
import { endpointConfig, MAX_SEND_BYTES, MAX_SEND_WAIT_MS } from '../../shared/schemas'
import { responderFromAutoReply, withResponder } from '../../shared/legacy-auto-reply'
import { MemoryFileStore } from '../../shared/responders'
import { invalidOptions, unknownEndpoint, type Transport } from './errors'
import type { EndpointContext, EngineLimits } from './endpoints/context'
import type { Endpoint } from './endpoints/endpoint'
import { TcpClient } from './endpoints/tcp-client'
import { TcpServer } from './endpoints/tcp-server'
import { TlsClient } from './endpoints/tls-client'
import { TlsServer } from './endpoints/tls-server'
import { UdpEndpoint } from './endpoints/udp'
import { UnixClient, UnixServer } from './endpoints/unix'
import { TcpRelay } from './endpoints/tcp-relay'
import { UdpRelay } from './endpoints/udp-relay'
import { CaptureBudget } from './capture'
import { createEventBudgets, type EventBudgets } from './capture-events'
import { EventPump, type PumpSource } from './event-pump'
import { checkFramingSpec } from './framing'
import { createIdSource } from './ids'
import { previewOf } from './preview'
import { compileResponder } from './responding'
import { DEFAULT_OUTBOUND_LIMIT } from './outbound-queue'
import type { ChunkListener, Engine, EndpointChange, EngineOptions, EventSink, EventSubscription } from './types'

export const DEFAULT_CAPTURE_LIMIT = 256 * 1024 * 1024
export const DEFAULT_PREVIEW_BYTES = 4096
/** A TLS client gets this long for its handshake (see EngineOptions.tlsHandshakeTimeoutMs). */
export const DEFAULT_TLS_HANDSHAKE_TIMEOUT_MS = 10_000
const MAX_PREVIEW_BYTES = 4096
const DEFAULT_READ_LIMIT = 1000
const MAX_READ_LIMIT = 10_000

function clampPreview(n: number): number {
  return Math.max(16, Math.min(MAX_PREVIEW_BYTES, Math.floor(n)))
}

function parseConfig(config: unknown): EndpointConfig {
  const parsed = endpointConfig.safeParse(config)
  if (!parsed.success) throw invalidOptions(parsed.error, 'endpointOptions')
  if (parsed.data.framing !== undefined) checkFramingSpec(parsed.data.framing)
  const migrated = withResponder(parsed.data)
  if ('responder' in migrated) compileResponder(migrated.responder, migrated.framing)
  return migrated
}

/** Which kinds each live change applies to, and what to say to someone who tries it elsewhere. */
/**
 * Which kinds each live change applies to, and what to say to someone who tries it elsewhere: the
 * change and the kinds are words of the error catalog (`change…`, `kinds…`), as is the hint.
 */
const CHANGE_KINDS: Partial<Record<keyof EndpointChange, { kinds: EndpointConfig['kind'][]; where: string; hint: ErrorHintId }>> = {
  // Only a TCP client has one connection of its own to toggle; a server's peers and UDP have none.
  noDelay: { kinds: ['tcp-client', 'tls-client'], where: 'kindsTcpClient', hint: 'changeNoDelay' },
  recvSize: { kinds: ['tcp-server', 'tcp-client', 'tls-server', 'tls-client', 'unix-server', 'unix-client'], where: 'kindsStream', hint: 'changeRecvSize' },
  closeOnPeerEnd: { kinds: ['tcp-client', 'tls-client', 'unix-client'], where: 'kindsClients', hint: 'changeCloseOnPeerEnd' },
  oneAtATime: { kinds: ['tcp-server', 'tls-server', 'unix-server'], where: 'kindsServers', hint: 'changeOneAtATime' },
  responder: { kinds: ['tcp-server', 'tls-server', 'udp', 'unix-server'], where: 'kindsAnswering', hint: 'changeResponder' },
  autoReply: { kinds: ['tcp-server', 'tls-server', 'udp', 'unix-server'], where: 'kindsAnswering', hint: 'changeResponder' },
  faults: { kinds: ['tcp-relay', 'udp-relay'], where: 'kindsRelay', hint: 'changeFaults' }
}

function checkChange(ep: Endpoint, change: EndpointChange): void {
  for (const key of Object.keys(change) as (keyof EndpointChange)[]) {
    const rule = CHANGE_KINDS[key]
    if (change[key] === undefined || !rule || rule.kinds.includes(ep.config.kind)) continue
    const params = { change: `change_${key}`, where: rule.where, endpointKind: ep.config.kind, endpoint: ep.name }
    throw SocketLabError.of('EINVAL', { id: 'changeNotHere', hintId: rule.hint, params })
  }
}

function createEndpoint(id: string, config: EndpointConfig, ctx: EndpointContext): Endpoint {
  switch (config.kind) {
    case 'tcp-server':
      return new TcpServer(id, config, ctx)
    case 'tcp-client':
      return new TcpClient(id, config, ctx)
    case 'tls-server':
      return new TlsServer(id, config, ctx)
    case 'tls-client':
      return new TlsClient(id, config, ctx)
    case 'udp':
      return new UdpEndpoint(id, config, ctx)
    case 'unix-server':
      return new UnixServer(id, config, ctx)
    case 'unix-client':
      return new UnixClient(id, config, ctx)
    case 'tcp-relay':
      return new TcpRelay(id, config, ctx)
    case 'udp-relay':
      return new UdpRelay(id, config, ctx)
  }
}

export class SocketEngine implements Engine {
  private readonly endpoints = new Map<string, Endpoint>()
  private readonly pumps = new Set<EventPump>()
  /** The same pumps as an array, for the per-event loop: no iterator per event. */
  private pumpList: EventPump[] = []
  private dataPumpList: EventPump[] = []
  private quietPumpList: EventPump[] = []
  private readonly newId = createIdSource('e')
  private readonly limits: EngineLimits
  private readonly budget: CaptureBudget
  private readonly events: EventBudgets
  private readonly ctx: EndpointContext
  private readonly source: PumpSource

  constructor(options: EngineOptions = {}) {
    this.limits = {
      captureLimitBytes: options.captureLimitBytes ?? DEFAULT_CAPTURE_LIMIT,
      previewBytes: clampPreview(options.previewBytes ?? DEFAULT_PREVIEW_BYTES),
      capture: options.capture ?? true,
      outboundLimitBytes: options.outboundLimitBytes ?? DEFAULT_OUTBOUND_LIMIT,
      tlsHandshakeTimeoutMs: options.tlsHandshakeTimeoutMs ?? DEFAULT_TLS_HANDSHAKE_TIMEOUT_MS
    }
    this.budget = new CaptureBudget(this.limits)
    this.events = createEventBudgets(this.limits)
    this.ctx = {
      limits: this.limits,
      captureBudget: this.budget,
      captureEvents: this.events,
      hasSubscribers: () => this.pumpList.length > 0,
      emit: (ev: EngineEvent) => {
        const list = this.pumpList
        for (let i = 0; i < list.length; i++) list[i]!.push(ev)
      },
      wantsData: () => this.dataPumpList.length > 0,
      emitData: (ev, bytes) => {
        const list = this.dataPumpList
        let previewed = false
        for (let i = 0; i < list.length; i++) {
          const pump = list[i]!
          if (!pump.admitData(ev)) continue
          // One copy serves every receiver that takes the event; none is made for a folded one.
          if (!previewed) {
            ev.preview = previewOf(bytes, this.limits.previewBytes)
            previewed = true
          }
          pump.queueData(ev)
        }
      },
      countersMoved: (endpointId: string) => {
        const list = this.quietPumpList
        for (let i = 0; i < list.length; i++) list[i]!.touch(endpointId)
      },
      ownerOf: (transport, at, except) => this.ownerOf(transport, at, except),
      files: options.files ?? new MemoryFileStore()
    }
    this.source = {
      snapshot: () => this.list().map((endpoint) => ({ type: 'endpoint', endpoint }) as EngineEvent),
      counters: (id) => this.endpoints.get(id)?.counters
    }
  }

  private endpoint(endpointId: string): Endpoint {
    const ep = this.endpoints.get(endpointId)
    if (!ep) throw unknownEndpoint(endpointId)
    return ep
  }

  private ownerOf(transport: Transport, at: number | string, except: string): string | undefined {
    for (const ep of this.endpoints.values()) {
      if (ep.id === except || !ep.isRunning || !ep.local) continue
      const local = ep.local
      const kind = ep.config.kind
      const same =
        transport === 'unix'
          ? kind === 'unix-server' && 'path' in local && local.path === at
          : (transport === 'tcp' ? kind === 'tcp-server' || kind === 'tls-server' || kind === 'tcp-relay' : kind === 'udp' || kind === 'udp-relay') && 'port' in local && local.port === at
      if (same) return `this app's endpoint "${ep.name}"`
    }
    return undefined
  }

  list(): EndpointInfo[] {
    return [...this.endpoints.values()].map((ep) => ep.info())
  }

  get(endpointId: string): EndpointInfo {
    return this.endpoint(endpointId).info()
  }

  async open(config: EndpointConfig, start = true): Promise<EndpointInfo> {
    const parsed = parseConfig(config)
    const ep = createEndpoint(this.newId(), parsed, this.ctx)
    this.endpoints.set(ep.id, ep)
    ep.emitInfo()
    if (start) {
      try {
        await ep.start()
      } catch (err) {
        // A form that failed to open leaves nothing behind: the user fixes it and opens again.
        this.endpoints.delete(ep.id)
        this.ctx.emit({ type: 'endpoint-removed', endpointId: ep.id })
        throw err
      }
    }
    return ep.info()
  }

  async start(endpointId: string): Promise<EndpointInfo> {
    const ep = this.endpoint(endpointId)
    await ep.start()
    return ep.info()
  }

  async close(endpointId: string): Promise<EndpointInfo> {
    const ep = this.endpoint(endpointId)
    await ep.stop()
    return ep.info()
  }

  async remove(endpointId: string): Promise<void> {
    const ep = this.endpoint(endpointId)
    await ep.stop()
    this.endpoints.delete(endpointId)
    ep.capture.clear()
    if (this.pumps.size > 0) this.ctx.emit({ type: 'endpoint-removed', endpointId })
  }

  update(endpointId: string, change: EndpointChange): EndpointInfo {
    const ep = this.endpoint(endpointId)
    checkChange(ep, change)
    const { autoReply, ...rest } = change
    // The older spelling names the responder of the same kind; `responder` wins when both come.
    if (autoReply !== undefined && rest.responder === undefined) rest.responder = responderFromAutoReply(autoReply)
    const next: Record<string, unknown> = { ...ep.config }
    for (const [k, v] of Object.entries(rest)) if (v !== undefined) next[k] = v
    if (next.responder === null) delete next.responder
    if (next.faults === null) delete next.faults
    ep.update(parseConfig(next))
    return ep.info()
  }

  peers(endpointId: string): PeerInfo[] {
    return this.endpoint(endpointId).listPeers()
  }

  responderInput(endpointId: string, peerId: string, bytes: Uint8Array): PeerInfo {
    if (!(bytes instanceof Uint8Array)) throw new SocketLabError('EINVAL', 'bytes must be a Uint8Array', 'Encode the typed line to bytes first.')
    return this.endpoint(endpointId).responderInput(peerId, bytes)
  }

  send(endpointId: string, to: SendTarget | undefined, bytes: Uint8Array, options: { waitMs?: number } = {}): Promise<SendResult> {
    const ep = this.endpoint(endpointId)
    if (!(bytes instanceof Uint8Array)) throw SocketLabError.of('EINVAL', { id: 'notBytes' })
    if (bytes.byteLength > MAX_SEND_BYTES) {
      throw SocketLabError.of('EINVAL', { id: 'sendTooLarge', params: { max: MAX_SEND_BYTES } })
    }
    return ep.send(to, bytes, Math.max(0, Math.min(MAX_SEND_WAIT_MS, options.waitMs ?? 0)))
  }

  sendStream(
    endpointId: string,
    to: { peerId: string } | undefined,
    chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>
  ): Promise<{ bytes: number; chunks: number }> {
    return this.endpoint(endpointId).sendStream(to, chunks)
  }

  closePeer(endpointId: string, peerId: string, mode: 'graceful' | 'reset'): Promise<PeerInfo> {
    return this.endpoint(endpointId).closePeer(peerId, mode)
  }

  async endOutput(endpointId: string, peerId?: string): Promise<{ ended: number }> {
    return { ended: await this.endpoint(endpointId).endOutput(peerId) }
  }

  udpMembership(endpointId: string, action: 'join' | 'leave', group: string, iface?: string): EndpointInfo {
    const ep = this.endpoint(endpointId)
    if (!(ep instanceof UdpEndpoint)) {
      throw SocketLabError.of('ENOTSUP', { id: 'notUdp', params: { endpoint: ep.name } })
    }
    if (isIP(group) === 0) throw SocketLabError.of('EINVAL', { id: 'groupNotIp', params: { group } })
    ep.membership(action, group, iface)
    return ep.info()
  }

  readCapture(endpointId: string, fromSeq: number, limit = DEFAULT_READ_LIMIT): CapturePage {
    const n = Math.max(1, Math.min(MAX_READ_LIMIT, Math.floor(limit)))
    return this.endpoint(endpointId).capture.read(Math.max(0, Math.floor(fromSeq)), n)
  }

  tapChunks(endpointId: string, listener: ChunkListener): () => void {
    return this.endpoint(endpointId).addTap(listener)
  }

  readChunk(endpointId: string, seq: number): ChunkBytes {
    const ep = this.endpoint(endpointId)
    const chunk = ep.capture.chunk(seq)
    if (!chunk) throw SocketLabError.of('EUNKNOWN', { id: 'noChunkYet', params: { endpoint: ep.name, seq } })
    return chunk
  }

  setLimits(limits: { captureLimitBytes?: number; previewBytes?: number }): void {
    if (limits.captureLimitBytes !== undefined) {
      if (!(limits.captureLimitBytes >= 0)) throw SocketLabError.of('EINVAL', { id: 'captureLimitBad' })
      this.limits.captureLimitBytes = limits.captureLimitBytes
      this.budget.trim()
      this.events.events.trim()
      this.events.frames.trim()
    }
    if (limits.previewBytes !== undefined) this.limits.previewBytes = clampPreview(limits.previewBytes)
  }

  announce(event: EngineEvent): void {
    this.ctx.emit(event)
  }

  subscribe(sink: EventSink): EventSubscription {
    const pump = new EventPump(sink, this.source, (p) => {
      this.pumps.delete(p)
      this.refreshPumpLists()
    })
    this.pumps.add(pump)
    this.refreshPumpLists()
    return pump
  }

  private refreshPumpLists(): void {
    this.pumpList = [...this.pumps]
    this.dataPumpList = this.pumpList.filter((p) => p.takesData)
    this.quietPumpList = this.pumpList.filter((p) => !p.takesData)
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.endpoints.values()].map((ep) => ep.stop()))
    for (const p of [...this.pumps]) p.close()
    // Node reports a socket closed before libuv has released its handle; the release happens in
    // the loop's close phase, which has passed once an immediate from the next iteration runs.
    await new Promise((r) => setImmediate(r))
    await new Promise((r) => setImmediate(r))
  }
}

// What the rest of the Node side (request handlers, the browser shell, the CLI) may ask of the engine.
import type { AutoReply, RelayFaults, ResponderConfig } from '../../shared/schemas'
import type {
  CapturePage,
  ChunkBytes,
  EndpointConfig,
  EndpointInfo,
  EngineEvent,
  EventBatch,
  PeerInfo,
  SendResult,
  SendTarget
} from '../../shared/api'
import type { FileStore } from '../../shared/responders'

export type ChunkListener = (chunk: ChunkBytes) => void

/** What updateEndpoint may change on a live endpoint. */
export interface EndpointChange {
  name?: string
  framing?: string
  /** A server's responder; null: it answers nothing any more. */
  responder?: ResponderConfig | null
  /** The older spelling: read as `responder` (off is null). */
  autoReply?: AutoReply
  noDelay?: boolean
  recvSize?: number
  closeOnPeerEnd?: boolean
  oneAtATime?: boolean
  /** A relay's faults; null: none. */
  faults?: RelayFaults | null
}

export interface EngineOptions {
  /**
   * Bytes of capture kept, all endpoints together, before the oldest chunk is dropped (256 MiB by
   * default). One budget rather than one per endpoint, so memory stays bounded however many run.
   */
  captureLimitBytes?: number
  /** Bytes of each data event's preview (4 KiB by default, at most 4 KiB). */
  previewBytes?: number
  /** Set false to record counters and events but keep no captured bytes (bench and CLI use). */
  capture?: boolean
  /**
   * Bytes that may wait to be sent to one peer (one UDP socket) before a send is refused and
   * reading stops where an answer is owed: 4 MiB by default (see outbound-queue.ts).
   */
  outboundLimitBytes?: number
  /**
   * How long a TLS server's client may take over its handshake: 10 s by default (Node's own is
   * 120 s, long enough for a client that sends half a record to hold a connection for two minutes).
   */
  tlsHandshakeTimeoutMs?: number
  /** Where file-server responders store uploads and find downloads; in memory by default. */
  files?: FileStore
}

/** Where a pump delivers batches: an Electron window, a WebSocket client, the CLI printer. */
export interface EventSink {
  deliver(batch: EventBatch): void
  /** False once the receiver is gone; the pump then stops and detaches. */
  isOpen(): boolean
  /**
   * True when deliver() has handled the batch by the time it returns (a printer, a test): each
   * delivered batch then counts as acknowledged. A receiver that handles batches later (a window
   * over IPC) leaves this unset and calls ack(); until it does, the pump treats it as lagging.
   */
  autoAck?: boolean
  /**
   * False for a receiver that reads chunks from a tap and wants only the rest (peers, state,
   * errors): the engine then builds no data or frame events for it. Counters stay in every batch.
   */
  dataEvents?: boolean
}

export interface EventSubscription {
  /** The receiver handled every batch up to this number; unacknowledged batches mean it lags. */
  ack(batch: number): void
  /** Deliver what is pending now rather than at the next tick: for a command about to exit. */
  drain(): void
  close(): void
}

export interface Engine {
  list(): EndpointInfo[]
  get(endpointId: string): EndpointInfo
  /** Create an endpoint and, unless start is false, listen, bind or connect it. */
  open(config: EndpointConfig, start?: boolean): Promise<EndpointInfo>
  start(endpointId: string): Promise<EndpointInfo>
  /** Close the sockets; the endpoint stays and can start again. */
  close(endpointId: string): Promise<EndpointInfo>
  remove(endpointId: string): Promise<void>
  /** Changes what may change while the sockets stay open; a change that does not fit the kind is refused. */
  update(endpointId: string, change: EndpointChange): EndpointInfo
  peers(endpointId: string): PeerInfo[]
  /** What the server's user typed for one peer's responder (the chat's input()). */
  responderInput(endpointId: string, peerId: string, bytes: Uint8Array): PeerInfo
  /**
   * Queues the bytes for the target peers (each write recorded at once, counted as the kernel takes
   * it). A peer whose queue has no room refuses it with EAGAIN, unless `waitMs` lets it wait that
   * long for room; nothing already queued is lost either way.
   */
  send(endpointId: string, to: SendTarget | undefined, bytes: Uint8Array, options?: { waitMs?: number }): Promise<SendResult>
  /**
   * Stream many chunks to one TCP or Unix peer (or a client's connection), each waiting for room in
   * the peer's queue: for files and bulk traffic larger than one send may carry. Each chunk is one
   * write, recorded and captured like a send. Resolves once the last chunk is queued.
   */
  sendStream(
    endpointId: string,
    to: { peerId: string } | undefined,
    chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>
  ): Promise<{ bytes: number; chunks: number }>
  closePeer(endpointId: string, peerId: string, mode: 'graceful' | 'reset'): Promise<PeerInfo>
  /** Half-close: end our side of one peer (or of a client's connection) and keep reading. */
  endOutput(endpointId: string, peerId?: string): Promise<{ ended: number }>
  udpMembership(endpointId: string, action: 'join' | 'leave', group: string, iface?: string): EndpointInfo
  readCapture(endpointId: string, fromSeq: number, limit?: number): CapturePage
  readChunk(endpointId: string, seq: number): ChunkBytes
  /**
   * Every chunk of one endpoint, whole and at the moment it is read or written, to a listener in this
   * process (the CLI prints from it, with capture off). Synchronous and uncopied: the listener must
   * copy bytes it keeps. Received chunks reach it before any reply their responder makes.
   */
  tapChunks(endpointId: string, listener: ChunkListener): () => void
  setLimits(limits: { captureLimitBytes?: number; previewBytes?: number }): void
  /** Delivers an event that no socket made (an export's progress) to every receiver, in order with the rest. */
  announce(event: EngineEvent): void
  /** Start pumping event batches to a receiver (at most ~60 a second, sooner past 256 KiB). */
  subscribe(sink: EventSink): EventSubscription
  /** Close every socket and stop every pump; resolves when no handle is left open. */
  closeAll(): Promise<void>
}

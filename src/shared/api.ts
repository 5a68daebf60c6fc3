// The contract between the renderer and the Node side. Every request and every event is declared
// here; Electron IPC, the preload, the browser shell and the renderer are all typed from it, so a
// side that drifts fails to compile. Request shapes come from the zod schemas in ./schemas.
import type { z } from 'zod'
import type { EndpointConfig, EndpointKind, RequestName, requestSchemas } from './schemas'
import type { WorkspaceDocument } from './schemas'
import type { ExportFormat } from './export/capture-file'
import type { ResponderNote } from './responders/types'
import type { MulticastMembership } from './multicast'

export type { EndpointConfig, EndpointKind, RequestName, SendTarget, SettingsPatch } from './schemas'
export type { ComposerDraft, WorkspaceDocument } from './schemas'
export type { ResponderNote } from './responders/types'
export type { MulticastMembership } from './multicast'

/** Every failure reaches the user in this shape: what happened, and what to do about it. */
/** Values an error's message and hint are filled in with: addresses, sizes, names, catalog terms. */
export type ErrorParams = Record<string, string | number>

export interface AppError {
  code: string
  /** English, for the command line and logs; the window writes its own from id and params. */
  message: string
  hint: string
  /** The message's id in the error catalog (src/shared/messages), when it has one. */
  id?: string
  /** The hint's id in the catalog, when it is not the message's id. */
  hintId?: string
  params?: ErrorParams
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError }

export type Transport = 'electron' | 'browser'

export interface AppInfo {
  name: string
  version: string
  transport: Transport
  platform: string
  arch: string
  nodeVersion: string
  electronVersion?: string
}

export type EndpointState = 'idle' | 'opening' | 'listening' | 'connected' | 'closing' | 'closed' | 'error'

export interface SocketAddress {
  address: string
  port: number
  family: 'IPv4' | 'IPv6'
}

/**
 * Exact counts of what crossed the socket. Out counts are what the kernel took: bytes that wait in
 * a peer's queue are not counted until they leave (see `pendingOut`), and a write counts as a chunk
 * once all of it has left.
 */
export interface Counters {
  bytesIn: number
  bytesOut: number
  chunksIn: number
  chunksOut: number
}

export interface EndpointInfo {
  id: string
  name: string
  kind: EndpointKind
  config: EndpointConfig
  state: EndpointState
  /** Where the socket is bound (port 0 resolved to the port got), or the Unix path. */
  local?: SocketAddress | { path: string }
  /** For clients: whom they are connected to. */
  remote?: SocketAddress | { path: string }
  error?: AppError
  counters: Counters
  peerCount: number
  /** Bytes of old capture dropped to stay within the capture limit. */
  captureDroppedBytes: number
  /** UDP: the receive buffer size the OS reports after binding (Linux reports twice the size set). */
  recvBufferSize?: number
  /**
   * UDP: datagrams the OS dropped since the socket opened because its receive buffer was full, read
   * about once a second. Absent where the OS does not tell (Linux does).
   */
  kernelDrops?: number
  /** Bytes accepted for sending that the kernel has not taken yet, all open peers together. */
  pendingOut?: number
  /**
   * When the endpoint entered its state, in epoch milliseconds from the engine's clock (the one
   * every event's time comes from), so a state row sorts among the chunks.
   */
  stateTime?: number
  /**
   * A client whose connection is half closed: 'peer-ended' once the peer sent FIN (a read returned
   * no bytes; we may still send), 'we-ended' once we did. Unset while both directions are open.
   */
  halfClosed?: 'peer-ended' | 'we-ended'
  /** A UDP socket: the address the last datagram came from, the natural target of a reply. */
  lastSender?: SocketAddress
  /** A server serving one client at a time: clients connected and held, not served yet. */
  waitingCount?: number
  /** A UDP socket: the multicast groups it joined, joined again whenever it restarts. */
  multicastGroups?: MulticastMembership[]
  /** TLS: what the handshake negotiated (a client), or the certificate it serves (a server). */
  tls?: TlsInfo
}

/** One certificate as people read it: who, by whom, when, for which names, and its fingerprint. */
export interface TlsCertificateInfo {
  subject: string
  issuer: string
  /** Validity as OpenSSL prints it (`Jan  1 00:00:00 2030 GMT`). */
  validFrom: string
  validTo: string
  /** `DNS:localhost, IP Address:127.0.0.1`, when the certificate lists any. */
  subjectAltNames?: string
  /** SHA-256 of the DER certificate, colon-separated hex. */
  fingerprint256: string
  serialNumber: string
  selfSigned: boolean
}

export interface TlsInfo {
  /** TLSv1.3, TLSv1.2... */
  protocol?: string
  /** The cipher suite's standard name (TLS_AES_256_GCM_SHA384). */
  cipher?: string
  /** The ALPN protocol agreed on, or false when none was. */
  alpn?: string | false
  /** The name sent for SNI and checked against the certificate. */
  servername?: string
  /** Whether the peer's certificate verified against the trusted CAs. */
  authorized?: boolean
  /** Why it did not verify (a client with certificate checks off connects anyway). */
  authorizationError?: string
  /** The peer's certificate first, then its issuers as far as it sent them. */
  peerChain?: TlsCertificateInfo[]
  /** A server: the certificate it presents. */
  certificate?: TlsCertificateInfo
}

/**
 * One address of one of the machine's network interfaces (os.networkInterfaces), offered where a
 * socket binds and where a multicast group is joined.
 */
export interface InterfaceAddress {
  /** The interface's name: lo, eth0, Ethernet 2... */
  name: string
  address: string
  family: 'IPv4' | 'IPv6'
  /** Loopback and the like: never reaches another machine. */
  internal: boolean
  netmask: string
  /** The address with its prefix length, 127.0.0.1/8. */
  cidr: string
  /**
   * What names this interface to join a group on it: the IPv4 address itself, or for IPv6
   * `::%name` (`::%index` on Windows), since an IPv6 interface is chosen by its scope.
   */
  multicastInterface: string
}

export type PeerState = 'open' | 'peer-ended' | 'we-ended' | 'closed'

export type CloseReason = 'fin-peer' | 'fin-local' | 'reset' | 'timeout' | 'error' | 'endpoint-closed'

export interface PeerInfo {
  id: string
  endpointId: string
  /** The peer's address; for Unix sockets a label such as `#3`. */
  remote: SocketAddress | { path: string }
  /** Epoch milliseconds from the engine's clock, like every event's time. */
  since: number
  state: PeerState
  /**
   * A client held by a server that serves one at a time: the kernel completed its handshake, but
   * the program has not taken it up, so nothing is read from it or sent to it yet.
   */
  waiting?: boolean
  counters: Counters
  closeReason?: CloseReason
  /**
   * Bytes accepted for this peer (sends recorded as out chunks, answers) that the kernel has not
   * taken yet: they wait in its bounded queue. On a closed peer, what still waited when it closed,
   * which never left. Always set by the engine.
   */
  pendingOut?: number
  /**
   * A TLS server's client: protocol, cipher and ALPN of its handshake, and the certificate chain
   * it showed when the server asked for one (`authorized` says whether it verified).
   */
  tls?: TlsInfo
}

export type Direction = 'in' | 'out'

/**
 * A data chunk exactly as one read delivered it or one write sent it. An out chunk on a stream is
 * recorded when the write is accepted into the peer's queue, which fixes its place in the stream;
 * the counters count its bytes as the kernel takes them. A UDP datagram is recorded once the OS
 * took it.
 */
export interface DataEvent {
  type: 'data'
  endpointId: string
  peerId: string
  dir: Direction
  /** Monotonic per endpoint, shared by in and out, so the two directions interleave in order. */
  seq: number
  /** Byte offset of this chunk in its peer's stream, per direction. */
  offset: number
  /** Epoch milliseconds with sub-millisecond precision from a monotonic clock. */
  time: number
  length: number
  /** At most the preview size (4 KiB by default); may be empty when a lagging window coalesced. */
  preview: Uint8Array
}

export interface FrameEvent {
  type: 'frame'
  endpointId: string
  peerId: string
  dir: Direction
  /** Sequence number of the chunk that completed the frame. */
  seq: number
  /** Stream offset of the frame's first byte, header included. */
  offset: number
  /** Bytes the frame occupies in the stream: header, payload and trailer (a line's LF, SLIP's escapes). */
  length: number
  /** Bytes before the payload: a length prefix, or the prefix and the JSON header. */
  headerLength: number
  /** Bytes of the payload itself, as the receiving program gets it. */
  payloadLength: number
  time: number
  preview: Uint8Array
  /** json-header: the parsed header (file_name, file_size...). */
  meta?: Record<string, unknown>
}

/** A peer came, changed its half-close state, or went. `time` is when, in epoch milliseconds. */
export type PeerEvent =
  | { type: 'peer-open'; peer: PeerInfo }
  | { type: 'peer-close'; peer: PeerInfo; reason: CloseReason; error?: AppError; time: number }
  /** A peer's state changed while it stays open (half-close: 'peer-ended' or 'we-ended'). */
  | { type: 'peer-state'; peer: PeerInfo; time: number }

/**
 * A server's responder saw something that is not bytes on the wire: an upload stored (name, size,
 * sha256), one cut short, a download, a bye, or input it could not use (`error`, with a code).
 */
export interface ResponderNoteEvent {
  type: 'responder-note'
  endpointId: string
  peerId: string
  note: ResponderNote
  time: number
}

export type EngineEvent =
  | { type: 'endpoint'; endpoint: EndpointInfo }
  | { type: 'endpoint-removed'; endpointId: string }
  | PeerEvent
  | DataEvent
  | FrameEvent
  | {
      type: 'error'
      endpointId?: string
      peerId?: string
      error: AppError
      time: number
      /** The out chunk this error belongs to: a send that the peer answered with a reset, or that failed. */
      seq?: number
    }
  | {
      /** Data events dropped from the stream for a window that lagged; counters stay exact. */
      type: 'coalesced'
      endpointId: string
      chunks: number
      bytes: number
      fromSeq: number
      toSeq: number
      /** When the run began, on the engine's clock. */
      time?: number
    }
  | ResponderNoteEvent
  | { type: 'settings'; settings: Settings }
  /** An export's progress: while it runs (a few times a second at most), then once when it ends. */
  | { type: 'export'; progress: ExportProgress }

export interface EventBatch {
  /** Increases by one per batch, so a gap shows a lost batch. */
  batch: number
  events: EngineEvent[]
  /** Exact counters of every endpoint that changed since the last batch. */
  counters: Record<string, Counters>
}

export type CaptureRecord =
  | { type: 'data'; seq: number; peerId: string; dir: Direction; offset: number; time: number; length: number }
  | { type: 'dropped'; seq: number; bytes: number; chunks: number }
  /** A peer event, in order with the chunks: after chunk seq - 1, before chunk seq. */
  | { type: 'peer'; seq: number; event: PeerEvent }
  /** The endpoint's state changed, placed like a peer event; `time` in epoch milliseconds. */
  | { type: 'state'; seq: number; state: EndpointState; error?: AppError; time: number }
  /** A frame, after chunk seq that completed it; its preview holds at most its first 256 bytes. */
  | { type: 'frame'; seq: number; event: FrameEvent }
  /** A responder's note, placed like a peer event. */
  | { type: 'note'; seq: number; event: ResponderNoteEvent }

export interface CapturePage {
  records: CaptureRecord[]
  /** Where to continue reading from. */
  nextSeq: number
  /** Oldest sequence number still held whole. */
  firstSeq: number
  droppedBytes: number
}

export interface ChunkBytes {
  seq: number
  peerId: string
  dir: Direction
  offset: number
  time: number
  bytes: Uint8Array
}

export interface SendResult {
  bytes: number
  /** Sequence numbers of the out-chunks recorded, one per peer written to. */
  seqs: number[]
}

export interface Settings {
  captureLimitBytes: number
  previewBytes: number
  theme: 'system' | 'light' | 'dark'
  language: 'en' | 'zh-CN'
}

/** The stored workspace; null on a first start. `notice` says when a corrupt file was set aside. */
export interface WorkspaceLoad {
  workspace: WorkspaceDocument | null
  notice?: string
  /** The notice as an error from the catalog, so the window can say it in its language. */
  noticeError?: AppError
}

export type { ExportFormat }

/** How an export is going. */
export interface ExportProgress {
  exportId: string
  state: 'running' | 'done' | 'failed' | 'cancelled'
  /** `bytes`: a peer's bytes saved as they crossed (saveReceived). */
  format: ExportFormat | 'bytes'
  /** Capture records written so far: chunks, peer events, state changes, frames. */
  records: number
  /** Payload bytes of the chunks written so far, of the bytes the capture held when the export began. */
  bytes: number
  totalBytes: number
  /** Bytes of the file written so far. */
  fileBytes: number
  /** Chunks the capture dropped while the export ran, before they were written (shown as dropped). */
  lostChunks: number
  error?: AppError
}

/**
 * An export that started. Where its bytes go depends on the transport: under Electron the user picked
 * a file in a dialog in the main process and the bytes are written there (`path`); the browser shell
 * answers with a URL the window downloads with its session (`url`). Progress and the end come as
 * `export` events with this id. `cancelled` when the user closed the dialog: nothing was written.
 */
export type ExportStarted =
  | { exportId: string; fileName: string; delivery: 'file'; path: string }
  | { exportId: string; fileName: string; delivery: 'download'; url: string }
  | { exportId: string; fileName: string; delivery: 'cancelled' }

/** What each request answers with when it succeeds. */
export interface ResponseMap {
  getAppInfo: AppInfo
  listInterfaces: InterfaceAddress[]
  listEndpoints: EndpointInfo[]
  openEndpoint: EndpointInfo
  startEndpoint: EndpointInfo
  closeEndpoint: EndpointInfo
  removeEndpoint: { removed: true }
  updateEndpoint: EndpointInfo
  listPeers: PeerInfo[]
  responderInput: PeerInfo
  send: SendResult
  closePeer: PeerInfo
  endOutput: { ended: number }
  udpMembership: EndpointInfo
  readCapture: CapturePage
  readChunk: ChunkBytes
  getSettings: Settings
  updateSettings: Settings
  getWorkspace: WorkspaceLoad
  saveWorkspace: { saved: true }
  exportCapture: ExportStarted
  cancelExport: { cancelled: boolean }
  /** Goes like an export: `export` events with its id report progress, and cancelExport stops it. */
  saveReceived: ExportStarted
}

export type RequestOf<K extends RequestName> = z.input<(typeof requestSchemas)[K]>
export type ParsedRequestOf<K extends RequestName> = z.output<(typeof requestSchemas)[K]>
export type ResponseOf<K extends RequestName> = ResponseMap[K]

export type EventListener = (batch: EventBatch) => void
export type Unsubscribe = () => void

/** The whole surface the renderer may use; it never knows which transport carries it. */
export type SocketLabApi = {
  [K in RequestName]: undefined extends RequestOf<K>
    ? (request?: RequestOf<K>) => Promise<Result<ResponseOf<K>>>
    : (request: RequestOf<K>) => Promise<Result<ResponseOf<K>>>
} & {
  /** Receive event batches; the first subscriber tells the Node side the window is ready. */
  subscribe(listener: EventListener): Unsubscribe
}

/** The Node-side implementation: one function per request, given the parsed request. */
export type Handlers = {
  [K in RequestName]: (request: ParsedRequestOf<K>) => Promise<ResponseOf<K>> | ResponseOf<K>
}

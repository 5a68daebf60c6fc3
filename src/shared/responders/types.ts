// The responder contract. A responder is what a server says by itself: given one received frame and
// what it remembers of the peer, it returns actions (reply, close, reset, hold...). It is pure: no
// clock, no randomness, no file system and no network of its own. Time and stored files come in
// through the context, so a test fixes them and the engine supplies the real ones.
import type { AppError, TlsInfo } from '../api'
import type { StructTime } from './local-time'

/** One received frame, as the endpoint's framing delivered it (raw framing: one chunk or datagram). */
export interface ResponderInput {
  /** The frame's payload. Borrowed: a responder that keeps bytes past the call copies them. */
  payload: Uint8Array
  /** What the framing parsed besides the payload: json-header's header object. */
  meta?: Readonly<Record<string, unknown>>
}

/**
 * What to do, in order. Each peer's actions form one timeline: a reply's delay holds back it and
 * everything after it, later frames' actions included, so answers never overtake each other.
 */
export type ResponderAction = ReplyAction | CloseAction | ResetAction | HoldAction | ReleaseAction | NoteAction

export interface ReplyAction {
  type: 'reply'
  /**
   * The bytes to send. Zero bytes are a zero-length datagram on UDP and an empty frame under a
   * framing; on a raw stream they send nothing. Responders may hand the same bytes to many peers
   * (a fixed reply): the engine never modifies them.
   */
  bytes: Uint8Array
  /** Wait this long (0 to MAX_REPLY_DELAY_MS) before sending, counted from the previous action. */
  delayMs?: number
  /**
   * 'framed' (default): encoded with the endpoint's framing, as the frame that prompted it was.
   * 'raw': sent exactly as given; for responders that write a protocol's headers themselves.
   */
  framing?: 'framed' | 'raw'
}

/** Graceful close: FIN once every reply before it has been sent. UDP: nothing to close, ignored. */
export interface CloseAction {
  type: 'close'
}

/** Abort the connection (RST) now; replies still waiting are dropped. UDP: ignored. */
export interface ResetAction {
  type: 'reset'
}

/**
 * Stop reading from the peer and stop delivering frames to this instance until it returns
 * `release` (from `input`). Frames already read wait, in order; the peer's further bytes wait in
 * the kernel, as they do when a lesson's server sits in `input()` instead of `recv()`.
 */
export interface HoldAction {
  type: 'hold'
}

/** End a hold: reading and delivery resume, the frames that waited first. */
export interface ReleaseAction {
  type: 'release'
}

/** Something observable happened that is not bytes on the wire: shown in the log, checked by labs. */
export interface NoteAction {
  type: 'note'
  note: ResponderNote
}

export type ResponderNote =
  /** A whole upload arrived and was stored. */
  | { kind: 'upload'; fileName: string; size: number; sha256: string }
  /** The peer ended its side before the body its header announced was complete; nothing stored. */
  | { kind: 'upload-incomplete'; fileName: string; expected: number; received: number }
  /** A download was asked for: `size` bytes sent, or not found. */
  | { kind: 'download'; fileName: string; found: boolean; size: number }
  /** The conversation ended by its bye word: who said it. */
  | { kind: 'bye'; from: 'peer' | 'server' }
  /** The peer sent something the responder cannot use; what was wrong and what to do. */
  | { kind: 'error'; error: AppError }
  | RelayNote
  /** A relay finished its handshake with a TLS upstream: what it negotiated and whom it reached. */
  | { kind: 'upstream-tls'; upstream: string; tls: TlsInfo }

/** Which of a relay's faults a note is about. */
export type RelayFaultKind = 'split' | 'coalesce' | 'delay' | 'bandwidth' | 'reset-after' | 'reset-on' | 'drop' | 'duplicate' | 'reorder'

/**
 * A relay's fault touched the bytes going `toward` one side, from this row on (shown once per fault
 * and direction until the faults change; a reset, a drop run ends it). `value`: the bytes (split,
 * reset-after), the ms (coalesce, delay: `maxValue` for a random range), bytes a second (bandwidth),
 * or how many datagrams so far (drop, duplicate, reorder); `text` for reset-on.
 */
export interface RelayNote {
  kind: 'relay'
  toward: 'upstream' | 'client'
  fault: RelayFaultKind
  value?: number
  maxValue?: number
  text?: string
}

/** A file server's storage, from the context. Names are checked by the responder before they get here. */
export interface FileStore {
  /** The bytes stored under `name`, or undefined when there is no such file. */
  read(name: string): Uint8Array | undefined
  /** Starts storing `size` bytes under `name`; nothing is visible under the name until commit. */
  create(name: string, size: number): FileWriter
}

export interface FileWriter {
  /** The next bytes, in order. Borrowed: a store that keeps them copies them. */
  write(chunk: Uint8Array): void
  commit(): void
  abort(): void
}

/** Where the time comes from: the engine's real clock, or a fixed one in tests. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number
  /** The local broken-down time of an instant, as C's localtime gives it (zone name and offset included). */
  localtime(epochMs: number): StructTime
}

export interface ResponderContext {
  clock: Clock
  /** 'stream': TCP or Unix, one instance per connection. 'datagram': UDP, one per remote address. */
  transport: 'stream' | 'datagram'
  /** Storage for the file server; others ignore it. */
  files?: FileStore
}

/**
 * One peer's responder. The engine calls `frame` once per received frame, in order, and never
 * again until the previous call returned; never while a hold is in force. Every call returns at
 * most `bound` bytes of replies (see OutputBound).
 */
export interface ResponderInstance {
  /** A stream peer connected, before any frame. */
  open?(ctx: ResponderContext): ResponderAction[]
  frame(input: ResponderInput, ctx: ResponderContext): ResponderAction[]
  /** The peer ended its side (FIN). Without this hook the engine closes our side after the replies owed. */
  end?(ctx: ResponderContext): ResponderAction[]
  /** The person running the server typed something for this peer (the lesson's `input()`). */
  input?(bytes: Uint8Array, ctx: ResponderContext): ResponderAction[]
  /**
   * The peer is gone without a FIN (a reset, the endpoint closing) or the responder was replaced:
   * give back what is held for it (an upload's place in the store). Nothing more is sent.
   */
  stop?(): void
}

/**
 * The most reply bytes one call may produce: `perInputByte` × the input's length + `fixed`
 * (the input is the frame's payload, or the typed bytes for `input`; 0 for `open` and `end`).
 * Framing headers the engine adds to 'framed' replies are not counted.
 */
export interface OutputBound {
  perInputByte: number
  fixed: number
}

/** A validated configuration turned into something that makes one instance per peer. */
export interface Responder {
  readonly kind: ResponderKind
  readonly bound: OutputBound
  /**
   * The framings this responder understands, by kind (see FramingSpec). Undefined: any. The file
   * server parses the lesson's header itself, so it wants 'raw' (or 'json-header' decoded for it).
   */
  readonly framings?: readonly string[]
  createInstance(): ResponderInstance
}

export type ResponderKind = 'echo' | 'upper' | 'fixed' | 'rules' | 'time' | 'chat' | 'command' | 'file-server'

/** Longest delay a reply may ask for. */
export const MAX_REPLY_DELAY_MS = 60_000

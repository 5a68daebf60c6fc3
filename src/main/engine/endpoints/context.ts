// What an endpoint may ask of the engine that owns it, and nothing more: endpoints never see each
// other, so an error in one cannot reach into another.
import type { DataEvent, EngineEvent, FrameEvent } from '../../../shared/api'
import type { FileStore } from '../../../shared/responders'
import type { CaptureBudget } from '../capture'
import type { EventBudgets } from '../capture-events'
import type { Transport } from '../errors'

export interface EngineLimits {
  captureLimitBytes: number
  previewBytes: number
  capture: boolean
  /** Bytes one peer's (one UDP socket's) outbound queue holds; read as each queue is made. */
  outboundLimitBytes: number
  /** How long a TLS server's client may take over its handshake before it is closed. */
  tlsHandshakeTimeoutMs: number
}

export interface EndpointContext {
  /** Live limits: a change in the settings applies to chunks from then on. */
  readonly limits: EngineLimits
  /** One capture budget for the whole engine. */
  readonly captureBudget: CaptureBudget
  /** One count of kept peer events and one of kept frames, for the whole engine. */
  readonly captureEvents: EventBudgets
  /** True when at least one receiver is subscribed, so events are worth building. */
  hasSubscribers(): boolean
  emit(event: EngineEvent): void
  /** True when a receiver wants data and frame events, so they are worth building. */
  wantsData(): boolean
  /**
   * Data and frame events go only to the receivers that want them. The event's preview is left
   * empty: it is copied from `bytes` (which may be borrowed) only if a receiver takes the event one
   * by one rather than folded into a summary.
   */
  emitData(event: DataEvent | FrameEvent, bytes: Uint8Array): void
  /** Counters moved: receivers that take no data events still get them in their next batch. */
  countersMoved(endpointId: string): void
  /** Where file-server responders keep uploads and find downloads: one store for the engine. */
  readonly files: FileStore
  /** Names the engine's own endpoint bound to this port or path, for an EADDRINUSE hint. */
  ownerOf(transport: Transport, portOrPath: number | string, except: string): string | undefined
}

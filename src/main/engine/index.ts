// The socket engine: real TCP, UDP and Unix sockets behind the Engine interface. Request handlers,
// the browser shell and the CLI create one with createEngine and never reach past it.
import { SocketEngine } from './engine'
import type { Engine, EngineOptions } from './types'

export type { Engine, EngineOptions, EventSink, EventSubscription } from './types'
export { DEFAULT_CAPTURE_LIMIT, DEFAULT_PREVIEW_BYTES } from './engine'
export { DEFAULT_OUTBOUND_LIMIT } from './outbound-queue'
export { EMSGSIZE_HINT, UDP_MAX_PAYLOAD_V4, UDP_MAX_PAYLOAD_V6 } from './errors'

export function createEngine(options?: EngineOptions): Engine {
  return new SocketEngine(options)
}

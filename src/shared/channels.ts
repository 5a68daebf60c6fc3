// Names of the Electron IPC channels. One channel per request, derived from the contract's
// request names, plus the event stream and its flow control.
import type { RequestName } from './api'

export const requestChannel = (name: RequestName): string => `socket-lab:request:${name}`

/** Main to renderer: one EventBatch per message. */
export const EVENTS_CHANNEL = 'socket-lab:events'
/** Renderer to main: the window has a listener and may receive batches. */
export const EVENTS_READY_CHANNEL = 'socket-lab:events-ready'
/** Renderer to main: the batch with this number was handled (lets the pump see a lagging window). */
export const EVENTS_ACK_CHANNEL = 'socket-lab:events-ack'

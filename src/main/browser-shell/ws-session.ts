// One WebSocket client of the browser shell: requests go through the same dispatch as Electron IPC,
// and event batches flow once the client subscribes, paced by its acks and the socket's buffer.
import type { RawData, WebSocket } from 'ws'
import type { Handlers, Result } from '../../shared/api'
import { toAppError } from '../../shared/errors'
import { decodeWire, encodeWire, type ClientMessage, type ServerMessage } from '../../shared/wire'
import { dispatch } from '../dispatch'
import type { Engine, EventSubscription } from '../engine/types'

/** The most a client may send in one message: a maximal send request, plus room for its JSON. */
export const MAX_CLIENT_MESSAGE_BYTES = 65 * 1024 * 1024

/**
 * Requests of one window being handled at once, and their bytes. Past either, the session stops
 * reading its socket until answers go out: a page that fires requests without waiting then waits in
 * TCP instead of holding thousands of requests (up to 65 MiB each) in this process.
 */
export const MAX_REQUESTS_IN_FLIGHT = 64
export const MAX_REQUEST_BYTES_IN_FLIGHT = 2 * MAX_CLIENT_MESSAGE_BYTES

const UNENCODABLE_HINT = 'This was not expected: the answer could not be sent to the window. Report it with the steps that led here.'

function isClientMessage(value: unknown): value is ClientMessage {
  if (typeof value !== 'object' || value === null) return false
  const m = value as Record<string, unknown>
  if (m.t === 'req') return Number.isSafeInteger(m.id) && typeof m.name === 'string'
  if (m.t === 'ack') return Number.isSafeInteger(m.batch)
  return m.t === 'subscribe'
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data)
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data
}

export function attachSession(ws: WebSocket, handlers: Handlers, engine: Engine): void {
  let subscription: EventSubscription | undefined
  const send = (message: ServerMessage): void => {
    if (ws.readyState === ws.OPEN) ws.send(encodeWire(message))
  }
  const answer = (id: number, result: Result<unknown>): void => {
    try {
      send({ t: 'res', id, result })
    } catch (err) {
      // A result the wire cannot carry must not become an unhandled rejection (which ends the
      // process), nor leave the request unanswered.
      send({ t: 'res', id, result: { ok: false, error: { code: 'EINTERNAL', message: toAppError(err).message, hint: UNENCODABLE_HINT } } })
    }
  }

  // Requests read past the bound wait here: the socket is paused, so this holds at most what `ws`
  // had already read from it.
  let inFlight = 0
  let inFlightBytes = 0
  const waiting: { id: number; name: string; req: unknown; bytes: number }[] = []
  const full = (): boolean => inFlight >= MAX_REQUESTS_IN_FLIGHT || inFlightBytes >= MAX_REQUEST_BYTES_IN_FLIGHT
  const handle = (id: number, name: string, req: unknown, bytes: number): void => {
    inFlight++
    inFlightBytes += bytes
    void dispatch(handlers, name, req).then((result) => {
      inFlight--
      inFlightBytes -= bytes
      answer(id, result)
      while (waiting.length > 0 && !full()) {
        const next = waiting.shift()!
        handle(next.id, next.name, next.req, next.bytes)
      }
      if (waiting.length === 0 && !full() && ws.isPaused) ws.resume()
    })
  }

  ws.on('message', (data, isBinary) => {
    let message: unknown
    const bytes = toBytes(data)
    try {
      message = isBinary ? decodeWire(bytes) : undefined
    } catch {
      message = undefined
    }
    if (!isClientMessage(message)) {
      ws.close(1003, 'malformed message')
      return
    }
    if (message.t === 'req') {
      const { id, name, req } = message
      if (waiting.length === 0 && !full()) handle(id, name, req, bytes.byteLength)
      else waiting.push({ id, name, req, bytes: bytes.byteLength })
      if (full() && !ws.isPaused) ws.pause()
    } else if (message.t === 'subscribe') {
      subscription?.close()
      subscription = engine.subscribe({
        isOpen: () => ws.readyState === ws.OPEN,
        deliver: (batch) => send({ t: 'events', batch })
      })
    } else {
      subscription?.ack(message.batch)
    }
  })
  ws.on('close', () => subscription?.close())
  ws.on('error', () => subscription?.close())
}

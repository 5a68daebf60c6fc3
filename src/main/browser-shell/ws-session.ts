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
      send({ t: 'res', id, result: { ok: false, error: { ...toAppError(err), code: 'EINTERNAL', hint: UNENCODABLE_HINT } } })
    }
  }

  ws.on('message', (data, isBinary) => {
    let message: unknown
    try {
      message = isBinary ? decodeWire(toBytes(data)) : undefined
    } catch {
      message = undefined
    }
    if (!isClientMessage(message)) {
      ws.close(1003, 'malformed message')
      return
    }
    if (message.t === 'req') {
      const { id, name, req } = message
      void dispatch(handlers, name, req).then((result) => answer(id, result))
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

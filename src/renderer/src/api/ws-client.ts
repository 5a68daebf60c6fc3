// The SocketLabApi over the browser shell's WebSocket: requests matched to answers by id, event
// batches to subscribers (acknowledged, so the server sees a lagging page), reconnection with backoff.
import type { EventBatch, EventListener, RequestName, Result, SocketLabApi } from '../../../shared/api'
import { catalogError } from '../../../shared/errors'
import { requestNames } from '../../../shared/schemas'
import { decodeWire, encodeWire, type ClientMessage, type ServerMessage } from '../../../shared/wire'
import type { ApiConnection, ConnectionStatus } from './connection'

const disconnected: Result<never> = { ok: false, error: catalogError('EDISCONNECTED', { id: 'shellDisconnected' }) }

export function createWebSocketApi(url: string, WebSocketImpl: typeof WebSocket = WebSocket): ApiConnection {
  let ws: WebSocket | undefined
  let status: ConnectionStatus = 'connecting'
  let nextId = 1
  let retryMs = 250
  const pending = new Map<number, (result: Result<unknown>) => void>()
  const queue: Uint8Array<ArrayBuffer>[] = []
  const listeners = new Set<EventListener>()
  const statusListeners = new Set<(s: ConnectionStatus) => void>()

  const setStatus = (next: ConnectionStatus): void => {
    if (next === status) return
    status = next
    for (const l of statusListeners) l(next)
  }

  const post = (message: ClientMessage): void => {
    const frame = encodeWire(message)
    if (ws && ws.readyState === WebSocketImpl.OPEN) ws.send(frame)
    else queue.push(frame)
  }

  const onBatch = (batch: EventBatch): void => {
    for (const l of listeners) l(batch)
    post({ t: 'ack', batch: batch.batch })
  }

  const open = (): void => {
    setStatus('connecting')
    const socket = new WebSocketImpl(url)
    socket.binaryType = 'arraybuffer'
    ws = socket
    socket.onopen = () => {
      retryMs = 250
      setStatus('connected')
      if (listeners.size > 0) socket.send(encodeWire({ t: 'subscribe' }))
      for (const frame of queue.splice(0)) socket.send(frame)
    }
    socket.onmessage = (event: MessageEvent) => {
      const message = decodeWire(new Uint8Array(event.data as ArrayBuffer)) as ServerMessage
      if (message.t === 'res') {
        pending.get(message.id)?.(message.result)
        pending.delete(message.id)
      } else if (message.t === 'events') {
        onBatch(message.batch)
      }
    }
    socket.onclose = () => {
      if (ws !== socket) return
      ws = undefined
      setStatus('disconnected')
      for (const resolve of pending.values()) resolve(disconnected)
      pending.clear()
      queue.length = 0
      setTimeout(open, retryMs)
      retryMs = Math.min(retryMs * 2, 5000)
    }
  }

  const request =
    (name: RequestName) =>
    (req?: unknown): Promise<Result<unknown>> =>
      new Promise((resolve) => {
        const id = nextId++
        pending.set(id, resolve)
        post({ t: 'req', id, name, req })
      })

  const api = Object.fromEntries(requestNames.map((name) => [name, request(name)])) as unknown as SocketLabApi
  api.subscribe = (listener: EventListener) => {
    listeners.add(listener)
    // When not yet open, onopen subscribes for everyone waiting.
    if (listeners.size === 1 && ws?.readyState === WebSocketImpl.OPEN) post({ t: 'subscribe' })
    return () => {
      listeners.delete(listener)
    }
  }

  open()
  return {
    api,
    status: () => status,
    onStatus: (listener) => {
      statusListeners.add(listener)
      return () => statusListeners.delete(listener)
    }
  }
}

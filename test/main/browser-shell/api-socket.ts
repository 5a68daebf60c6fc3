// A WebSocket client of the browser shell as the window is one: same origin, session cookie, the wire
// format, and requests matched to their results by id.
import WebSocket from 'ws'
import type { Result } from '../../../src/shared/api'
import { decodeWire, encodeWire, type ClientMessage, type ServerMessage } from '../../../src/shared/wire'
import type { BrowserShell } from '../../../src/main/browser-shell/server'

export interface ApiSocket {
  ws: WebSocket
  request(name: string, req?: unknown): Promise<Result<unknown>>
  send(message: ClientMessage | Uint8Array): void
  /** Resolves with the close code once the socket has closed. */
  closed: Promise<number>
  close(): Promise<void>
}

export async function openApiSocket(shell: BrowserShell, cookie: string): Promise<ApiSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${shell.port}/api`, { headers: { Origin: `http://127.0.0.1:${shell.port}`, Cookie: cookie } })
  const waiting = new Map<number, (result: Result<unknown>) => void>()
  let nextId = 1
  ws.on('message', (data) => {
    const message = decodeWire(data as Buffer) as ServerMessage
    if (message.t === 'res') waiting.get(message.id)?.(message.result)
  })
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
  ws.on('error', () => undefined)
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  return {
    ws,
    closed,
    request: (name, req) =>
      new Promise((resolve, reject) => {
        const id = nextId++
        const timer = setTimeout(() => reject(new Error(`no answer to ${name} within 10 s`)), 10_000)
        waiting.set(id, (result) => {
          clearTimeout(timer)
          waiting.delete(id)
          resolve(result)
        })
        ws.send(encodeWire({ t: 'req', id, name, req }))
      }),
    send: (message) => ws.send(message instanceof Uint8Array ? message : encodeWire(message)),
    close: async () => {
      if (ws.readyState !== WebSocket.CLOSED) {
        ws.close()
        await closed
      }
    }
  }
}

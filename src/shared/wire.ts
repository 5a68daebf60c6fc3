// The browser shell's WebSocket messages. JSON, with every Uint8Array carried as base64 under a
// marker key, so bytes survive the trip exactly and arrive as Uint8Array again.
import type { EventBatch, Result } from './api'

export type ClientMessage =
  | { t: 'req'; id: number; name: string; req: unknown }
  | { t: 'subscribe' }
  | { t: 'ack'; batch: number }

export type ServerMessage = { t: 'res'; id: number; result: Result<unknown> } | { t: 'events'; batch: EventBatch }

const BYTES_KEY = '$bytes'
const CHUNK = 0x8000

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[])
  }
  return btoa(binary)
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text)
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}

export function encodeWire(message: ClientMessage | ServerMessage): string {
  // The replacer looks at the holder's original value: Node's Buffer (a Uint8Array) has a toJSON
  // that JSON.stringify applies before the replacer sees the value.
  return JSON.stringify(message, function (this: Record<string, unknown>, key: string, value: unknown) {
    const original = this[key]
    return original instanceof Uint8Array ? { [BYTES_KEY]: toBase64(original) } : value
  })
}

export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const record = value as Record<string, unknown>
      const b64 = record[BYTES_KEY]
      if (typeof b64 === 'string' && Object.keys(record).length === 1) return fromBase64(b64)
    }
    return value
  })
}

// The browser shell's WebSocket messages, one binary frame each:
//
//   [u32 LE: length of the JSON] [JSON, UTF-8] [the bytes of every Uint8Array in the message]
//
// Each Uint8Array in the message is replaced in the JSON by {"$b": [offset, length]} into the tail,
// so bytes cross untouched (no base64, no per-byte JSON) and come back as Uint8Array. An object of the
// message's own whose key begins with "$" has one more "$" put before that key on the wire, and taken
// off again on the way in: a JSON header a remote peer sent (a frame's meta) can hold any key, "$b"
// included, and must neither pass for bytes nor break the frame it travels in.
import type { EventBatch, Result } from './api'

export type ClientMessage =
  | { t: 'req'; id: number; name: string; req: unknown }
  | { t: 'subscribe' }
  | { t: 'ack'; batch: number }

export type ServerMessage = { t: 'res'; id: number; result: Result<unknown> } | { t: 'events'; batch: EventBatch }

const BYTES_KEY = '$b'
const ESCAPE = '$'

function needsEscape(record: object): boolean {
  for (const key in record) if (key.startsWith(ESCAPE)) return true
  return false
}

/** A copy with keys renamed, in their order; defineProperty, so a "__proto__" key stays a key. */
function renameKeys(record: Record<string, unknown>, rename: (key: string) => string): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(record)) {
    Object.defineProperty(out, rename(key), { value: record[key], enumerable: true, writable: true, configurable: true })
  }
  return out
}
const utf8Encoder = new TextEncoder()
const utf8Decoder = new TextDecoder()

export function encodeWire(message: ClientMessage | ServerMessage): Uint8Array<ArrayBuffer> {
  const blobs: Uint8Array[] = []
  let tail = 0
  // The replacer looks at the holder's original value: Node's Buffer (a Uint8Array) has a toJSON
  // that JSON.stringify applies before the replacer sees the value.
  const json = JSON.stringify(message, function (this: Record<string, unknown>, key: string, value: unknown) {
    const original = this[key]
    if (!(original instanceof Uint8Array)) {
      const escape = typeof value === 'object' && value !== null && !Array.isArray(value) && needsEscape(value)
      return escape ? renameKeys(value as Record<string, unknown>, (k) => (k.startsWith(ESCAPE) ? ESCAPE + k : k)) : value
    }
    blobs.push(original)
    const ref = { [BYTES_KEY]: [tail, original.byteLength] }
    tail += original.byteLength
    return ref
  })
  const head = utf8Encoder.encode(json)
  const out = new Uint8Array(4 + head.byteLength + tail)
  new DataView(out.buffer).setUint32(0, head.byteLength, true)
  out.set(head, 4)
  let at = 4 + head.byteLength
  for (const blob of blobs) {
    out.set(blob, at)
    at += blob.byteLength
  }
  return out
}

/** Throws on a frame that is not a well-formed message, so a session can refuse it. */
export function decodeWire(frame: Uint8Array): unknown {
  if (frame.byteLength < 4) throw new Error('message too short')
  const jsonLength = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0, true)
  const tailStart = 4 + jsonLength
  if (tailStart > frame.byteLength) throw new Error('message shorter than its header says')
  const tail = frame.subarray(tailStart)
  const revive = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null) return value
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = revive(value[i])
      return value
    }
    const record = value as Record<string, unknown>
    const ref = record[BYTES_KEY]
    if (Array.isArray(ref)) {
      const [offset, length] = ref as [number, number]
      if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > tail.byteLength) {
        throw new Error('message refers to bytes it does not carry')
      }
      // A copy, so a kept preview does not hold the whole message's buffer alive.
      return tail.slice(offset, offset + length)
    }
    for (const key in record) record[key] = revive(record[key])
    return needsEscape(record) ? renameKeys(record, (k) => (k.startsWith(ESCAPE + ESCAPE) ? k.slice(1) : k)) : record
  }
  return revive(JSON.parse(utf8Decoder.decode(frame.subarray(4, tailStart))))
}

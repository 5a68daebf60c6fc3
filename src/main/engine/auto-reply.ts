// The answers a lab server gives by itself: echo, uppercase, or a fixed reply. Pure functions of
// what was received, so the endpoint sends them through its ordinary, counted and captured path.
import type { AutoReply } from '../../shared/schemas'

/** The reply to one received chunk or frame payload, or undefined when nothing is answered. */
export function autoReplyBytes(mode: AutoReply | undefined, received: Uint8Array): Uint8Array | undefined {
  if (!mode) return undefined
  switch (mode.mode) {
    case 'off':
      return undefined
    case 'echo':
      return received
    case 'upper':
      return toUpperAscii(received)
    case 'fixed':
      return mode.bytes
  }
}

/** Uppercases ASCII letters only: every other byte, UTF-8 included, passes through unchanged. */
export function toUpperAscii(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.byteLength)
  for (let i = 0; i < bytes.byteLength; i++) {
    const b = bytes[i]!
    out[i] = b >= 0x61 && b <= 0x7a ? b - 0x20 : b
  }
  return out
}

// What a paced sender sends each time: the same bytes, or bytes made afresh for each send (a
// payload with macros fills in its counter, time and random bytes per send, and may fail to).
import type { AppError } from '../api'

export type MadeBytes = { ok: true; bytes: Uint8Array } | { ok: false; error: AppError }

export type Message = Uint8Array | (() => MadeBytes)

export function makeMessage(message: Message): MadeBytes {
  if (typeof message !== 'function') return { ok: true, bytes: message }
  try {
    return message()
  } catch (err) {
    return { ok: false, error: { code: 'EINVAL', message: err instanceof Error ? err.message : String(err), hint: '' } }
  }
}

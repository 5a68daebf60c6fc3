// The lessons' `conn.send(data.upper())`: Python's bytes.upper() changes ASCII letters only, so
// UTF-8 text (and any other byte) passes through unchanged.
import { z } from 'zod'
import type { Responder } from './types'

export const upperConfig = z.strictObject({ kind: z.literal('upper') })

export function upperAscii(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.byteLength)
  for (let i = 0; i < bytes.byteLength; i++) {
    const b = bytes[i]!
    out[i] = b >= 0x61 && b <= 0x7a ? b - 0x20 : b
  }
  return out
}

export function createUpper(_config: z.infer<typeof upperConfig>): Responder {
  return {
    kind: 'upper',
    bound: { perInputByte: 1, fixed: 0 },
    createInstance: () => ({
      frame: ({ payload }) => [{ type: 'reply', bytes: upperAscii(payload) }]
    })
  }
}

// The same reply to every frame, as the lessons' first server's `conn.send(b'hi')`.
import { z } from 'zod'
import { payloadBytes, payloadSpec } from './payload'
import type { Responder } from './types'

export const fixedConfig = z.strictObject({ kind: z.literal('fixed'), reply: payloadSpec })

export function createFixed(config: z.infer<typeof fixedConfig>): Responder {
  const reply = payloadBytes(config.reply, 'the fixed reply')
  return {
    kind: 'fixed',
    bound: { perInputByte: 0, fixed: reply.byteLength },
    // The reply is shared by every peer and never changed, so no copy per frame.
    createInstance: () => ({ frame: () => [{ type: 'reply', bytes: reply }] })
  }
}

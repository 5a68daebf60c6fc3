// The same reply to every frame, as the lessons' first server's `conn.send(b'hi')`; with macros,
// a reply made afresh each time, its {counter} counting this peer's replies.
import { z } from 'zod'
import { macroFailure, payloadReply, payloadSpec, replyMaxBytes } from './payload'
import type { Responder, ResponderAction } from './types'

export const fixedConfig = z.strictObject({ kind: z.literal('fixed'), reply: payloadSpec })

export function createFixed(config: z.infer<typeof fixedConfig>): Responder {
  const reply = payloadReply(config.reply, 'the fixed reply')
  return {
    kind: 'fixed',
    bound: { perInputByte: 0, fixed: replyMaxBytes(reply) },
    createInstance: () => {
      // The same bytes are shared by every peer and never changed, so no copy per frame.
      if (!reply.fresh) return { frame: () => [{ type: 'reply', bytes: reply.bytes }] }
      let replies = 0
      return {
        frame: (_input, ctx): ResponderAction[] => {
          try {
            const bytes = reply.make(replies + 1, ctx.clock)
            replies++
            return [{ type: 'reply', bytes }]
          } catch (err) {
            return [macroFailure(err)]
          }
        }
      }
    }
  }
}

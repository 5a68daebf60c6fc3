// The lessons' first server: whatever arrives goes back unchanged.
import { z } from 'zod'
import type { Responder } from './types'

export const echoConfig = z.strictObject({ kind: z.literal('echo') })

export function createEcho(_config: z.infer<typeof echoConfig>): Responder {
  return {
    kind: 'echo',
    bound: { perInputByte: 1, fixed: 0 },
    createInstance: () => ({
      // A copy: the payload is borrowed and the reply may wait in a queue.
      frame: ({ payload }) => [{ type: 'reply', bytes: payload.slice() }]
    })
  }
}

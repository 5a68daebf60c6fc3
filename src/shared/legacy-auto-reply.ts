// Before responders, a server answered by itself with `autoReply` (off, echo, upper, fixed bytes).
// Workspace files, API callers and scripts still say so; the engine reads it as the responder of
// the same kind, so one mechanism answers and only `responder` is ever written back.
import { formatHex } from './codec'
import type { ResponderConfig } from './responders/schema'
import type { AutoReply, EndpointConfig } from './schemas'

/** The responder an old auto reply stands for; null for off. Fixed bytes become hex text. */
export function responderFromAutoReply(autoReply: AutoReply): ResponderConfig | null {
  switch (autoReply.mode) {
    case 'off':
      return null
    case 'echo':
      return { kind: 'echo' }
    case 'upper':
      return { kind: 'upper' }
    case 'fixed':
      return { kind: 'fixed', reply: { format: 'hex', text: formatHex(autoReply.bytes) } }
  }
}

/**
 * The configuration with `autoReply` read as `responder`. A `responder` given too wins: it is the
 * newer word, and a file written by a newer version never has both.
 */
export function withResponder(config: EndpointConfig): EndpointConfig {
  if (!('autoReply' in config) || config.autoReply === undefined) return config
  const { autoReply, ...rest } = config
  if (rest.responder !== undefined) return rest
  const responder = responderFromAutoReply(autoReply)
  return responder ? { ...rest, responder } : rest
}

// A lab endpoint's configuration as the engine takes it when the lab runs: the host and port
// asked for, a client aimed at the lab's server it names, and the responder.
import type { EndpointConfig } from '../api'
import type { AutoReply } from '../schemas'
import { payloadBytes } from '../responders/payload'
import type { LabEndpoint } from './types'

export interface LabPlacement {
  /** Host for the lab's servers (127.0.0.1 unless asked). */
  host?: string
  /** Port for this server (0 unless asked). */
  port?: number
  /** Where the endpoint a client connects to was bound. */
  target?: { host: string; port: number }
}

/** The responders the engine answers with today, as its auto reply. */
function autoReplyOf(endpoint: LabEndpoint): AutoReply | undefined {
  const r = endpoint.responder
  if (!r) return undefined
  if (r.kind === 'echo' || r.kind === 'upper') return { mode: r.kind }
  if (r.kind === 'fixed') return { mode: 'fixed', bytes: payloadBytes(r.reply, 'the fixed reply') }
  return undefined
}

/** True when the engine can run this endpoint's responder. */
export function responderRuns(endpoint: LabEndpoint): boolean {
  return endpoint.responder === undefined || autoReplyOf(endpoint) !== undefined
}

export function labEndpointConfig(endpoint: LabEndpoint, placement: LabPlacement = {}): EndpointConfig {
  const c = endpoint.config
  const autoReply = autoReplyOf(endpoint)
  switch (c.kind) {
    case 'tcp-server':
    case 'udp':
      return { ...c, host: placement.host ?? c.host, port: placement.port ?? c.port, ...(autoReply ? { autoReply } : {}) }
    case 'tcp-client':
      return placement.target ? { ...c, host: placement.target.host, port: placement.target.port } : c
    default:
      return c
  }
}

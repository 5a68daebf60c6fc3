// A lab endpoint's configuration as the engine takes it when the lab runs: the host and port
// asked for, a client aimed at the lab's server it names, and the responder.
import type { EndpointConfig } from '../api'
import type { LabEndpoint } from './types'

export interface LabPlacement {
  /** Host for the lab's servers (127.0.0.1 unless asked). */
  host?: string
  /** Port for this server (0 unless asked). */
  port?: number
  /** Where the endpoint a client connects to was bound. */
  target?: { host: string; port: number }
}

/** True when the engine can run this endpoint's responder: every kind runs now. */
export function responderRuns(_endpoint: LabEndpoint): boolean {
  return true
}

export function labEndpointConfig(endpoint: LabEndpoint, placement: LabPlacement = {}): EndpointConfig {
  const c = endpoint.config
  const responder = endpoint.responder
  switch (c.kind) {
    case 'tcp-server':
    case 'udp':
      return { ...c, host: placement.host ?? c.host, port: placement.port ?? c.port, ...(responder ? { responder } : {}) }
    case 'tcp-client':
      return placement.target ? { ...c, host: placement.target.host, port: placement.target.port } : c
    default:
      return c
  }
}

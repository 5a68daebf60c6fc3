// A lab endpoint's configuration as the engine takes it when the lab runs: its servers on the host
// and port asked for, a client aimed at the lab's server it names.
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

export function labEndpointConfig(endpoint: LabEndpoint, placement: LabPlacement = {}): EndpointConfig {
  const c = endpoint.config
  switch (c.kind) {
    case 'tcp-server':
    case 'udp':
      return { ...c, host: placement.host ?? c.host, port: placement.port ?? c.port }
    case 'tcp-client':
      return placement.target ? { ...c, host: placement.target.host, port: placement.target.port } : c
    default:
      return c
  }
}

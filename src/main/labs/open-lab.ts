// Opens a lab's endpoints with the engine: its servers started (the first on the port asked for,
// others on free ones), its manual clients aimed at the server they name and left for the student.
import type { SocketAddress } from '../../shared/api'
import { labEndpointConfig, type Lab, type LabEndpoint } from '../../shared/labs'
import type { Engine } from '../engine'

export interface OpenedLab {
  /** The engine's endpoint id for each role. */
  roles: Record<string, string>
  /** Where each started server listens, as a client reaches it (a server on 0.0.0.0 on loopback). */
  addresses: Record<string, { host: string; port: number }>
}

/**
 * A server that must start again on its own port (the lab restarts it) is opened on that port: the
 * engine gives a port-0 server a new free port each time it starts.
 */
async function openServer(engine: Engine, endpoint: LabEndpoint, host: string | undefined, port: number): Promise<{ id: string; local: SocketAddress }> {
  let info = await engine.open(labEndpointConfig(endpoint, { ...(host ? { host } : {}), port }), true)
  if (endpoint.samePortOnRestart && port === 0) {
    const got = (info.local as SocketAddress).port
    await engine.remove(info.id)
    info = await engine.open(labEndpointConfig(endpoint, { ...(host ? { host } : {}), port: got }), true)
  }
  return { id: info.id, local: info.local as SocketAddress }
}

export async function openLab(engine: Engine, lab: Lab, placement: { host?: string; port?: number } = {}, onOpened?: (endpoint: LabEndpoint, endpointId: string) => void): Promise<OpenedLab> {
  const roles: Record<string, string> = {}
  const addresses: Record<string, { host: string; port: number }> = {}
  let port = placement.port
  for (const endpoint of lab.endpoints.filter((e) => e.start === 'auto')) {
    const { id, local } = await openServer(engine, endpoint, placement.host, port ?? 0)
    port = undefined
    roles[endpoint.role] = id
    onOpened?.(endpoint, id)
    addresses[endpoint.role] = { host: local.address === '0.0.0.0' ? '127.0.0.1' : local.address, port: local.port }
  }
  for (const endpoint of lab.endpoints.filter((e) => e.start === 'manual')) {
    const target = endpoint.connectsTo === undefined ? undefined : addresses[endpoint.connectsTo]
    const info = await engine.open(labEndpointConfig(endpoint, target ? { target } : {}), false)
    roles[endpoint.role] = info.id
    onOpened?.(endpoint, info.id)
  }
  return { roles, addresses }
}

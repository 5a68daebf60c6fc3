// The guided lab the window runs: its endpoints (opened beside the user's own, which it never
// touches), which endpoint plays each role, and the steps done so far, ticked from the same event
// batches the timelines get.
import { create } from 'zustand'
import type { AppError, EndpointConfig, EndpointInfo, EventBatch, SocketLabApi } from '../../../shared/api'
import type { WorkspaceLab } from '../../../shared/schemas'
import { findLab, inLanguage, labEndpointConfig, trackLab, type Lab, type LabLanguage, type LabTracker } from '../../../shared/labs'
import { useAppStore } from './app-store'
import { useUi } from './ui-store'
import { useWorkspace } from './workspace-store'

export interface ActiveLab {
  labId: string
  /** Role to endpoint id, for the endpoints the lab opened. */
  roles: Record<string, string>
  /** Steps done, by id. */
  done: Record<string, true>
}

interface LabState {
  active?: ActiveLab
  /** True while a lab's endpoints are being opened or removed. */
  busy: boolean
  /** What went wrong opening the lab's endpoints, shown in its guide. */
  errors: AppError[]
}

export const useLabs = create<LabState>()(() => ({ busy: false, errors: [] }))

let tracker: LabTracker | undefined

export function activeLab(): Lab | undefined {
  const active = useLabs.getState().active
  return active ? findLab(active.labId) : undefined
}

/** Feeds one event batch to the running lab's steps; ticks the ones it completed. */
export function feedLab(batch: EventBatch): void {
  const active = useLabs.getState().active
  if (!active || !tracker) return
  const completed = tracker.feed(batch.events)
  if (completed.length === 0) return
  const done = { ...active.done }
  for (const step of completed) done[step.id] = true
  useLabs.setState({ active: { ...active, done } })
}

/** The address a client of the lab reaches an endpoint at: a wildcard bind is reached on loopback. */
export function reachableAddress(info: EndpointInfo | undefined): { host: string; port: number } | undefined {
  const local = info?.local
  if (!local || !('port' in local) || local.port === 0) return undefined
  const host = local.address === '0.0.0.0' ? '127.0.0.1' : local.address === '::' ? '::1' : local.address
  return { host, port: local.port }
}

/**
 * A server the lab stops and starts again keeps its port: it is opened anew on the port it got,
 * since a port-0 server gets another free port at each start.
 */
async function reopenOnItsPort(api: SocketLabApi, info: EndpointInfo, config: EndpointConfig, errors: AppError[]): Promise<EndpointInfo> {
  const local = info.local
  if (!local || !('port' in local) || (config.kind !== 'tcp-server' && config.kind !== 'udp') || config.port !== 0) return info
  const removed = await api.removeEndpoint({ endpointId: info.id })
  if (!removed.ok) {
    errors.push(removed.error)
    return info
  }
  const again = await api.openEndpoint({ config: { ...config, port: local.port }, start: true })
  if (again.ok) return again.value
  errors.push(again.error)
  // The port was taken meanwhile: a free one again, so the lab still runs.
  const fallback = await api.openEndpoint({ config, start: true })
  if (fallback.ok) return fallback.value
  errors.push(fallback.error)
  return info
}

async function openLabEndpoints(api: SocketLabApi, lab: Lab, language: LabLanguage): Promise<{ roles: Record<string, string>; errors: AppError[] }> {
  const roles: Record<string, string> = {}
  const infos: Record<string, EndpointInfo> = {}
  const errors: AppError[] = []
  tracker = trackLab(lab)
  for (const ep of lab.endpoints) {
    const target = ep.connectsTo ? reachableAddress(infos[ep.connectsTo]) : undefined
    const config = { ...labEndpointConfig(ep, target ? { target } : {}), name: inLanguage(ep.title, language).slice(0, 120) }
    const opened = await api.openEndpoint({ config, start: false })
    if (!opened.ok) {
      errors.push(opened.error)
      continue
    }
    let info = opened.value
    if (ep.start === 'auto') {
      const started = await api.startEndpoint({ endpointId: info.id })
      if (started.ok) info = ep.samePortOnRestart ? await reopenOnItsPort(api, started.value, config, errors) : started.value
      else errors.push(started.error)
    }
    roles[ep.role] = info.id
    tracker.bind(ep.role, info.id)
    infos[ep.role] = info
    useAppStore.getState().upsertEndpoint(info)
  }
  return { roles, errors }
}

async function removeLabEndpoints(api: SocketLabApi, active: ActiveLab): Promise<AppError[]> {
  const errors: AppError[] = []
  const present = useAppStore.getState().endpoints
  for (const id of Object.values(active.roles)) {
    if (!present[id]) continue
    const r = await api.removeEndpoint({ endpointId: id })
    if (!r.ok && r.error.code !== 'ENOENT') errors.push(r.error)
  }
  return errors
}

/** Opens a lab: its endpoints beside the user's, its guide in the right-hand pane. Another running lab closes first. */
export async function startLab(api: SocketLabApi, lab: Lab, language: LabLanguage): Promise<void> {
  if (useLabs.getState().busy) return
  useLabs.setState({ busy: true, errors: [] })
  const before = useLabs.getState().active
  const removeErrors = before ? await removeLabEndpoints(api, before) : []
  const { roles, errors } = await openLabEndpoints(api, lab, language)
  useLabs.setState({ busy: false, errors: [...removeErrors, ...errors], active: { labId: lab.id, roles, done: {} } })
  const first = roles[lab.endpoints[0]?.role ?? '']
  if (first) useWorkspace.getState().select(first)
  useUi.getState().setRightTab('lab')
}

/** Puts the lab back as it started: its endpoints made again, no step done. */
export async function resetLab(api: SocketLabApi, language: LabLanguage): Promise<void> {
  const lab = activeLab()
  if (lab) await startLab(api, lab, language)
}

/** Ends the lab: its endpoints removed, the user's own left as they are. */
export async function closeLab(api: SocketLabApi): Promise<void> {
  const active = useLabs.getState().active
  if (!active || useLabs.getState().busy) return
  useLabs.setState({ busy: true })
  const errors = await removeLabEndpoints(api, active)
  tracker = undefined
  useLabs.setState({ busy: false, active: undefined, errors })
  if (useUi.getState().rightTab === 'lab') useUi.getState().setRightTab('inspector')
}

/** The running lab as the workspace keeps it. */
export function labDocument(): WorkspaceLab | undefined {
  const active = useLabs.getState().active
  if (!active) return undefined
  const present = useAppStore.getState().endpoints
  const roles = Object.fromEntries(Object.entries(active.roles).filter(([, id]) => present[id]))
  return { id: active.labId, roles, done: Object.keys(active.done) }
}

/** Takes a lab back from a workspace: `ids` maps the saved endpoint ids to the running ones. */
export function restoreLab(saved: WorkspaceLab | undefined, ids: ReadonlyMap<string, string>): void {
  const lab = saved ? findLab(saved.id) : undefined
  if (!saved || !lab) {
    tracker = undefined
    useLabs.setState({ active: undefined, errors: [] })
    return
  }
  const roles: Record<string, string> = {}
  for (const [role, id] of Object.entries(saved.roles)) {
    const now = ids.get(id)
    if (now && lab.endpoints.some((e) => e.role === role)) roles[role] = now
  }
  const known = new Set(lab.steps.map((s) => s.id))
  const done = Object.fromEntries(saved.done.filter((id) => known.has(id)).map((id) => [id, true as const]))
  tracker = trackLab(lab, roles)
  useLabs.setState({ active: { labId: lab.id, roles, done }, errors: [] })
}

/** Forgets the lab without touching endpoints (tests, a window reconnecting to a new engine). */
export function resetLabs(): void {
  tracker = undefined
  useLabs.setState({ active: undefined, busy: false, errors: [] })
}

// Loads the stored workspace when the window connects, restores its endpoints, and saves changes
// (debounced) through getWorkspace / saveWorkspace.
//
// Restoring endpoints: when the engine already has endpoints (a browser page reloaded while
// `socket-lab serve` kept running), they are the truth and only their display options are taken from
// the file. When the engine has none (a fresh start), each saved endpoint is opened again in its saved
// order: servers and UDP sockets are started, on the port they got last time if it is free, else on a
// new one; clients are created but not connected, so a restart never reaches out to a host by itself.
import type { AppError, ComposerDraft, EndpointConfig, EndpointInfo, SocketLabApi, WorkspaceDocument } from '../../../shared/api'
import { WORKSPACE_LIMITS } from '../../../shared/schemas'
import { useAppStore } from './app-store'
import { useFormMemory } from './form-memory'
import { labDocument, restoreLab, useLabs } from './lab-store'
import { isDisplayEncoding, useWorkspace, type DisplayOptions } from './workspace-store'

type SavedEndpoint = WorkspaceDocument['endpoints'][number]

const SAVE_DELAY_MS = 400

/** Endpoints the user opened on port 0: saved as port 0 (with the port they got), whatever port they run on. */
const portZero = new Set<string>()

const isClient = (kind: EndpointConfig['kind']): boolean => kind === 'tcp-client' || kind === 'unix-client'
const hasPortZero = (c: EndpointConfig): boolean => (c.kind === 'tcp-server' || c.kind === 'udp') && c.port === 0

export function notePortZero(endpoint: EndpointInfo): void {
  if (hasPortZero(endpoint.config)) portZero.add(endpoint.id)
}

async function openOne(api: SocketLabApi, config: EndpointConfig, start: boolean): Promise<{ info?: EndpointInfo; error?: AppError }> {
  const opened = await api.openEndpoint({ config, start: false })
  if (!opened.ok) return { error: opened.error }
  if (!start) return { info: opened.value }
  const started = await api.startEndpoint({ endpointId: opened.value.id })
  return started.ok ? { info: started.value } : { info: opened.value, error: started.error }
}

/** Ports that moved on restore (the last one was taken): `host:old` to the new port. */
type Moves = Map<string, number>

async function restoreOne(api: SocketLabApi, saved: SavedEndpoint, moves: Moves): Promise<EndpointInfo | undefined> {
  const { lastPort } = saved
  let config = saved.config
  // A client of a server that had to take a new port follows it there.
  if (config.kind === 'tcp-client' && moves.has(`${config.host}:${config.port}`)) config = { ...config, port: moves.get(`${config.host}:${config.port}`)! }
  const start = !isClient(config.kind)
  if (start && lastPort && hasPortZero(config)) {
    const again = await openOne(api, { ...config, port: lastPort } as EndpointConfig, true)
    if (again.info && !again.error) {
      portZero.add(again.info.id)
      return again.info
    }
    if (again.info) await api.removeEndpoint({ endpointId: again.info.id })
  }
  // A start that fails leaves the endpoint in its error state, shown in the list with its hint.
  const opened = await openOne(api, config, start)
  if (opened.info && hasPortZero(config)) {
    portZero.add(opened.info.id)
    const local = opened.info.local
    if (lastPort && config.kind === 'tcp-server' && local && 'port' in local) moves.set(`${config.host}:${lastPort}`, local.port)
  }
  return opened.info
}

function cleanDisplay(d: SavedEndpoint['display']): DisplayOptions | undefined {
  if (!d) return undefined
  return { encoding: isDisplayEncoding(d.encoding) ? d.encoding : 'utf-8', paused: d.paused }
}

/**
 * Each endpoint's composer as saved. A file from before endpoints had their own holds one draft,
 * shared by all: it goes to the endpoint that was selected, where it was being written; the others
 * start from their own defaults rather than inherit its framing.
 */
function composersOf(doc: WorkspaceDocument, ids: Map<string, string>): Record<string, ComposerDraft> {
  const composers: Record<string, ComposerDraft> = {}
  for (const saved of doc.endpoints) {
    const id = ids.get(saved.id)
    if (id && saved.composer) composers[id] = saved.composer
  }
  const owner = doc.selectedEndpointId ?? doc.endpoints[0]?.id
  const ownerId = owner === undefined ? undefined : ids.get(owner)
  if (doc.draft && ownerId && !doc.endpoints.some((e) => e.composer)) composers[ownerId] = doc.draft
  return composers
}

/** Opens a document's endpoints again in their saved order; returns saved id → new id. */
async function restoreEndpoints(api: SocketLabApi, doc: WorkspaceDocument): Promise<Map<string, string>> {
  const ids = new Map<string, string>()
  const moves: Moves = new Map()
  for (const saved of doc.endpoints) {
    const info = await restoreOne(api, saved, moves)
    if (info) {
      ids.set(saved.id, info.id)
      useAppStore.getState().upsertEndpoint(info)
    }
  }
  return ids
}

/** Puts a document's window state in place: layout, payloads, history, sequences, and per endpoint what was kept. */
function applyDocument(doc: WorkspaceDocument, ids: Map<string, string>, fallbackSelection: string | undefined, notice?: AppError): void {
  const display: Record<string, DisplayOptions> = {}
  for (const saved of doc.endpoints) {
    const id = ids.get(saved.id)
    const d = cleanDisplay(saved.display)
    if (id && d) display[id] = d
  }
  const selected = doc.selectedEndpointId ? ids.get(doc.selectedEndpointId) : undefined
  if (doc.lastUdpPort !== undefined) useFormMemory.setState({ lastUdpPort: doc.lastUdpPort })
  restoreLab(doc.lab, ids)
  useWorkspace.setState({
    loaded: true,
    ...(notice ? { notice } : {}),
    layout: doc.layout,
    savedPayloads: doc.savedPayloads,
    history: doc.history,
    sequences: doc.sequences ?? [],
    display,
    composers: composersOf(doc, ids),
    selectedEndpointId: selected ?? fallbackSelection
  })
}

export async function loadWorkspace(api: SocketLabApi): Promise<void> {
  const got = await api.getWorkspace()
  const doc = got.ok ? got.value.workspace : null
  const notice: AppError | undefined = got.ok
    ? (got.value.noticeError ?? (got.value.notice !== undefined ? { code: 'EWORKSPACE', message: got.value.notice, hint: '' } : undefined))
    : got.error
  const listed = await api.listEndpoints()
  const running = listed.ok ? listed.value : []
  for (const ep of running) useAppStore.getState().upsertEndpoint(ep)

  let ids = new Map<string, string>()
  if (doc && running.length === 0) {
    ids = await restoreEndpoints(api, doc)
  } else if (doc) {
    for (const saved of doc.endpoints) {
      const match = running.find((ep) => ep.id === saved.id && ep.kind === saved.config.kind)
      if (!match) continue
      ids.set(saved.id, match.id)
      if (saved.lastPort !== undefined || hasPortZero(saved.config)) portZero.add(match.id)
    }
  }
  for (const ep of running) if (!ids.has(ep.id)) notePortZero(ep)

  if (doc) applyDocument(doc, ids, running[0]?.id, notice)
  else useWorkspace.setState({ loaded: true, ...(notice ? { notice } : {}), selectedEndpointId: useWorkspace.getState().selectedEndpointId ?? running[0]?.id })
}

/**
 * Replaces the window's workspace with an imported one, once the user said so: every current
 * endpoint is removed (its connections closed), then the document's endpoints are opened as on a
 * fresh start. Returns the errors of removals that failed; the import goes on without them.
 */
export async function replaceWorkspace(api: SocketLabApi, doc: WorkspaceDocument): Promise<AppError[]> {
  const errors: AppError[] = []
  for (const id of [...useAppStore.getState().order]) {
    const removed = await api.removeEndpoint({ endpointId: id })
    if (!removed.ok) errors.push(removed.error)
    portZero.delete(id)
  }
  const ids = await restoreEndpoints(api, doc)
  applyDocument(doc, ids, ids.values().next().value)
  return errors
}

function savedConfig(ep: EndpointInfo): EndpointConfig {
  // The engine keeps a responder (its bytes as text), never the older autoReply: saved as it is.
  let config = ep.config
  if (portZero.has(ep.id) && (config.kind === 'tcp-server' || config.kind === 'udp')) config = { ...config, port: 0 }
  return config
}

function formMemory(): Pick<WorkspaceDocument, 'lastUdpPort'> {
  const port = useFormMemory.getState().lastUdpPort
  return port !== undefined ? { lastUdpPort: port } : {}
}

export function buildDocument(): WorkspaceDocument {
  const { endpoints, order } = useAppStore.getState()
  const ws = useWorkspace.getState()
  const saved: SavedEndpoint[] = []
  for (const id of order.slice(0, WORKSPACE_LIMITS.endpoints)) {
    const ep = endpoints[id]
    if (!ep) continue
    const entry: SavedEndpoint = { id, config: savedConfig(ep) }
    if (portZero.has(id) && ep.local && 'port' in ep.local && ep.local.port > 0) entry.lastPort = ep.local.port
    const d = ws.display[id]
    if (d) entry.display = d
    // A draft too long to keep is left out rather than cut: half a payload would be sent as if whole.
    const composer = ws.composers[id]
    if (composer && composer.text.length <= WORKSPACE_LIMITS.payloadChars) entry.composer = composer
    saved.push(entry)
  }
  const doc: WorkspaceDocument = {
    version: 1,
    endpoints: saved,
    savedPayloads: ws.savedPayloads,
    history: ws.history,
    ...(ws.sequences.length > 0 ? { sequences: ws.sequences } : {}),
    ...formMemory(),
    layout: ws.layout
  }
  if (ws.selectedEndpointId && endpoints[ws.selectedEndpointId]) doc.selectedEndpointId = ws.selectedEndpointId
  const lab = labDocument()
  if (lab) doc.lab = lab
  return doc
}

/** What of the endpoints a save depends on; counters change every batch and must not cause saves. */
function endpointsKey(): string {
  const { endpoints, order } = useAppStore.getState()
  return JSON.stringify(order.map((id) => [id, endpoints[id]?.config, endpoints[id]?.local]))
}

export function startAutosave(api: SocketLabApi): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  let lastKey = endpointsKey()
  let dirty = false
  const save = async (): Promise<void> => {
    if (timer) clearTimeout(timer)
    timer = undefined
    dirty = false
    const result = await api.saveWorkspace({ workspace: buildDocument() })
    // A change made while this save was on its way has its own save scheduled; it stays 'saving'.
    useWorkspace.setState({ saveError: result.ok ? undefined : result.error, saving: dirty })
  }
  const schedule = (): void => {
    if (!useWorkspace.getState().loaded) return
    dirty = true
    if (!useWorkspace.getState().saving) useWorkspace.setState({ saving: true })
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => void save(), SAVE_DELAY_MS)
  }
  // A window closed within the delay still saves: the request leaves before the page goes.
  const onHide = (): void => {
    if (timer) void save()
  }
  window.addEventListener('pagehide', onHide)
  const offWorkspace = useWorkspace.subscribe((s, prev) => {
    if (s.saveError !== prev.saveError || s.notice !== prev.notice || s.saving !== prev.saving) return
    schedule()
  })
  const offMemory = useFormMemory.subscribe(schedule)
  // A lab's ticks are kept too; `busy` flips while its endpoints open, which is no change to save.
  const offLabs = useLabs.subscribe((s, prev) => {
    if (s.active !== prev.active) schedule()
  })
  const offApp = useAppStore.subscribe((s, prev) => {
    if (s.endpoints === prev.endpoints && s.order === prev.order) return
    // What was kept for an endpoint that is gone must not come back on one that gets its id later.
    if (s.order !== prev.order) {
      const gone = prev.order.filter((id) => !s.endpoints[id])
      if (gone.length > 0) useWorkspace.getState().forget(gone)
    }
    const key = endpointsKey()
    if (key === lastKey) return
    lastKey = key
    schedule()
  })
  return () => {
    window.removeEventListener('pagehide', onHide)
    offWorkspace()
    offApp()
    offMemory()
    offLabs()
    if (timer) clearTimeout(timer)
  }
}

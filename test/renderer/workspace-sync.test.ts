import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EndpointConfig, EndpointInfo, WorkspaceDocument } from '../../src/shared/api'
import { WORKSPACE_LIMITS, workspaceDocument } from '../../src/shared/schemas'
import { useAppStore } from '../../src/renderer/src/store/app-store'
import { defaultDraft, useWorkspace } from '../../src/renderer/src/store/workspace-store'
import { buildDocument, loadWorkspace, startAutosave } from '../../src/renderer/src/store/workspace-sync'
import { endpoint, fakeApi, ok, resetStores } from './helpers'

/** A file written before each endpoint had its own composer: one draft, shared by all. */
const saved: WorkspaceDocument = {
  version: 1,
  endpoints: [
    { id: 'old1', config: { kind: 'tcp-server', host: '127.0.0.1', port: 0 }, lastPort: 41000, display: { encoding: 'gbk', paused: false } },
    { id: 'old2', config: { kind: 'tcp-client', host: '127.0.0.1', port: 41000 } }
  ],
  savedPayloads: [{ name: 'hi', mode: 'text', text: 'hi', encoding: 'utf-8', lineEnding: 'none', framing: 'raw', checksum: 'none' }],
  history: [],
  layout: { sidebar: 300, inspector: 500, composer: 250 },
  selectedEndpointId: 'old2',
  draft: { mode: 'hex', text: '01 02 ff', encoding: 'utf-8', lineEnding: 'none', framing: 'len:2', checksum: 'crc16-modbus' }
}

function engineFake(taken: number[] = [], doc: WorkspaceDocument = saved) {
  let n = 0
  const opened: { config: EndpointConfig; start?: boolean }[] = []
  const infos = new Map<string, EndpointInfo>()
  const api = fakeApi({
    getWorkspace: () => ok({ workspace: doc }),
    listEndpoints: () => ok([]),
    openEndpoint: (req: { config: EndpointConfig; start?: boolean }) => {
      opened.push(req)
      const info = endpoint({ id: `e${++n}`, kind: req.config.kind, config: req.config, state: 'idle', local: undefined })
      infos.set(info.id, info)
      return ok(info)
    },
    startEndpoint: ({ endpointId }: { endpointId: string }) => {
      const info = infos.get(endpointId)!
      const port = 'port' in info.config ? info.config.port : 0
      if (taken.includes(port)) return Promise.resolve({ ok: false, error: { code: 'EADDRINUSE', message: 'taken', hint: '' } })
      return ok({ ...info, state: 'listening', local: { address: '127.0.0.1', port: port || 45000, family: 'IPv4' } })
    },
    removeEndpoint: () => ok({ removed: true })
  })
  return { api, opened }
}

describe('workspace sync', () => {
  beforeEach(() => {
    resetStores()
    useWorkspace.setState({ loaded: false })
  })
  afterEach(() => vi.useRealTimers())

  it('restores endpoints on a fresh engine: servers on their last port, clients not connected', async () => {
    const { api, opened } = engineFake()
    await loadWorkspace(api)
    expect(opened.map((o) => [o.config.kind, 'port' in o.config ? o.config.port : undefined])).toEqual([
      ['tcp-server', 41000],
      ['tcp-client', 41000]
    ])
    const ws = useWorkspace.getState()
    expect(ws.loaded).toBe(true)
    expect(ws.layout).toEqual(saved.layout)
    expect(ws.savedPayloads).toEqual(saved.savedPayloads)
    expect(ws.display).toEqual({ e1: { encoding: 'gbk', paused: false } })
    expect(ws.selectedEndpointId).toBe('e2')
    // The one shared draft of an older file is the selected endpoint's; the other starts fresh.
    expect(ws.composers).toEqual({ e2: saved.draft })
    expect(useAppStore.getState().endpoints.e2!.state).toBe('idle')
    // Saved again as port 0 with the port it got, so the next start tries that port first.
    expect(buildDocument().endpoints[0]).toMatchObject({ config: { port: 0 }, lastPort: 41000 })
  })

  it('falls back to a new port when the last one is taken, and its client follows', async () => {
    const { api, opened } = engineFake([41000])
    await loadWorkspace(api)
    expect(opened.map((o) => ('port' in o.config ? o.config.port : undefined))).toEqual([41000, 0, 45000])
    expect(useAppStore.getState().endpoints.e2!.local).toMatchObject({ port: 45000 })
  })

  it('adopts the endpoints of an engine that kept running', async () => {
    const running = endpoint({ id: 'old1' })
    const openEndpoint = vi.fn()
    await loadWorkspace(fakeApi({ getWorkspace: () => ok({ workspace: saved }), listEndpoints: () => ok([running]), openEndpoint }))
    expect(openEndpoint).not.toHaveBeenCalled()
    expect(useWorkspace.getState().display).toEqual({ old1: { encoding: 'gbk', paused: false } })
  })

  it('says when the stored file was set aside, and starts fresh', async () => {
    await loadWorkspace(fakeApi({ getWorkspace: () => ok({ workspace: null, notice: 'moved to x.corrupt-1' }), listEndpoints: () => ok([]) }))
    expect(useWorkspace.getState()).toMatchObject({ loaded: true, notice: { code: 'EWORKSPACE', message: 'moved to x.corrupt-1' }, savedPayloads: [] })
  })

  it('saves changes after a short delay, and never before the workspace was loaded', async () => {
    vi.useFakeTimers()
    const saveWorkspace = vi.fn((_req: { workspace: WorkspaceDocument }) => ok({ saved: true as const }))
    const stop = startAutosave(fakeApi({ saveWorkspace }))
    useWorkspace.getState().setLayout({ sidebar: 333 })
    await vi.advanceTimersByTimeAsync(1000)
    expect(saveWorkspace).not.toHaveBeenCalled()
    useWorkspace.setState({ loaded: true })
    useWorkspace.getState().setLayout({ sidebar: 334 })
    expect(useWorkspace.getState().saving).toBe(true)
    await vi.advanceTimersByTimeAsync(1000)
    expect(saveWorkspace).toHaveBeenCalledTimes(1)
    expect(saveWorkspace.mock.calls[0]![0]).toMatchObject({ workspace: { layout: { sidebar: 334 } } })
    expect(useWorkspace.getState().saving).toBe(false)
    stop()
  })

  it("keeps each endpoint's unsent draft: typing saves it, and one too long to keep is left out whole", async () => {
    vi.useFakeTimers()
    const saveWorkspace = vi.fn((_req: { workspace: WorkspaceDocument }) => ok({ saved: true as const }))
    useAppStore.getState().upsertEndpoint(endpoint({ id: 'a' }))
    useAppStore.getState().upsertEndpoint(endpoint({ id: 'b', config: { kind: 'tcp-server', host: '127.0.0.1', port: 0, framing: 'json-header' } }))
    useWorkspace.setState({ loaded: true })
    const stop = startAutosave(fakeApi({ saveWorkspace }))
    useWorkspace.getState().setComposer('a', { text: 'GET / HTTP/1.0\\r\\n\\r\\n', lineEnding: 'crlf' }, defaultDraft())
    useWorkspace.getState().setComposer('b', { text: 'upload' }, defaultDraft('json-header'))
    await vi.advanceTimersByTimeAsync(1000)
    expect(saveWorkspace).toHaveBeenCalledTimes(1)
    const doc = saveWorkspace.mock.calls[0]![0].workspace
    expect(doc.endpoints.map((e) => e.composer)).toEqual([
      { ...defaultDraft(), text: 'GET / HTTP/1.0\\r\\n\\r\\n', lineEnding: 'crlf' },
      { ...defaultDraft('json-header'), text: 'upload' }
    ])
    // The one shared draft of older files is not written any more.
    expect(doc.draft).toBeUndefined()
    expect(workspaceDocument.safeParse(doc).success).toBe(true)
    useWorkspace.getState().setComposer('a', { text: 'x'.repeat(WORKSPACE_LIMITS.payloadChars + 1) }, defaultDraft())
    await vi.advanceTimersByTimeAsync(1000)
    expect(saveWorkspace).toHaveBeenCalledTimes(2)
    expect(saveWorkspace.mock.calls[1]![0].workspace.endpoints.map((e) => e.composer?.text)).toEqual([undefined, 'upload'])
    stop()
  })

  it("gives each restored endpoint its own composer back, whatever the old shared draft said", async () => {
    const doc: WorkspaceDocument = {
      ...saved,
      endpoints: [
        { ...saved.endpoints[0]!, composer: { ...defaultDraft('json-header'), text: 'file header' } },
        { ...saved.endpoints[1]!, composer: { ...defaultDraft(), mode: 'text', text: 'ls -l' } }
      ]
    }
    expect(workspaceDocument.safeParse(doc).success).toBe(true)
    const { api } = engineFake([], doc)
    await loadWorkspace(api)
    expect(useWorkspace.getState().composers).toEqual({ e1: doc.endpoints[0]!.composer, e2: doc.endpoints[1]!.composer })
  })

  it('restores sequences, reads a file without any as none, and saves them only once there are some', async () => {
    const { api } = engineFake()
    useWorkspace.setState({ sequences: [{ name: 'stale', loops: 1, steps: [] }] })
    await loadWorkspace(api)
    // The file has no sequences field: the window holds none, and writes none back.
    expect(useWorkspace.getState().sequences).toEqual([])
    expect(buildDocument()).not.toHaveProperty('sequences')

    const name = useWorkspace.getState().addSequence('Sequence')
    expect(useWorkspace.getState().addSequence('Sequence')).toBe('Sequence 2')
    useWorkspace.getState().updateSequence(name, { loops: 3, steps: [{ kind: 'saved', name: 'hi', delayMs: 250 }] })
    expect(useWorkspace.getState().renameSequence('Sequence 2', name)).toBe(false)
    expect(useWorkspace.getState().renameSequence(name, '  login  ')).toBe(true)
    const doc = buildDocument()
    expect(workspaceDocument.parse(doc)).toEqual(doc)
    expect(doc.sequences).toEqual([
      { name: 'login', loops: 3, steps: [{ kind: 'saved', name: 'hi', delayMs: 250 }] },
      { name: 'Sequence 2', loops: 1, steps: [] }
    ])

    resetStores()
    useWorkspace.setState({ loaded: false })
    const again = engineFake([], doc)
    await loadWorkspace(again.api)
    expect(useWorkspace.getState().sequences).toEqual(doc.sequences)
  })

  it('takes a file written before endpoints had their own composers, rather than setting it aside', () => {
    const older = JSON.parse(JSON.stringify(saved)) as unknown
    const parsed = workspaceDocument.safeParse(older)
    expect(parsed.success).toBe(true)
  })

  it("forgets a removed endpoint's composer and display, so an endpoint that later gets its id starts fresh", () => {
    useWorkspace.setState({ loaded: true })
    useAppStore.getState().upsertEndpoint(endpoint({ id: 'a' }))
    const stop = startAutosave(fakeApi({ saveWorkspace: () => ok({ saved: true as const }) }))
    useWorkspace.getState().setComposer('a', { framing: 'json-header' }, defaultDraft())
    useWorkspace.getState().setDisplay('a', { encoding: 'hex' })
    useAppStore.getState().applyBatch({ batch: 1, events: [{ type: 'endpoint-removed', endpointId: 'a' }], counters: {} })
    expect(useWorkspace.getState().composers).toEqual({})
    expect(useWorkspace.getState().display).toEqual({})
    stop()
  })
})

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dispatch } from '../../src/main/dispatch'
import { createHandlers } from '../../src/main/handlers'
import type { Engine } from '../../src/main/engine/types'
import { openSettingsStore } from '../../src/main/settings-store'
import { WORKSPACE_FILE, openWorkspaceStore } from '../../src/main/workspace-store'
import type { WorkspaceDocument } from '../../src/shared/api'

const doc = (over: Partial<WorkspaceDocument> = {}): WorkspaceDocument => ({
  version: 1,
  endpoints: [{ id: 'e1', config: { kind: 'tcp-server', host: '127.0.0.1', port: 0, framing: 'line' }, lastPort: 40000 }],
  savedPayloads: [{ name: 'hi', mode: 'escaped', text: 'hello\\n', encoding: 'utf-8', lineEnding: 'none', framing: 'raw', checksum: 'none' }],
  history: [],
  layout: { sidebar: 280, inspector: 420, composer: 220 },
  ...over
})

describe('workspace store', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'socket-lab-ws-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('starts empty and keeps what was saved across a reopen', async () => {
    const store = await openWorkspaceStore(dir)
    expect(store.load()).toEqual({ workspace: null })
    await store.save(doc())
    const again = await openWorkspaceStore(dir)
    expect(again.load().workspace).toEqual(doc())
  })

  it('writes atomically and leaves no temp file behind, even for saves that overlap', async () => {
    const store = await openWorkspaceStore(dir)
    await Promise.all([1, 2, 3, 4, 5].map((n) => store.save(doc({ selectedEndpointId: `e${n}` }))))
    expect(readdirSync(dir)).toEqual([WORKSPACE_FILE])
    expect(JSON.parse(readFileSync(join(dir, WORKSPACE_FILE), 'utf8')).selectedEndpointId).toBe('e5')
  })

  it('sets a corrupt file aside, says where, and starts fresh', async () => {
    writeFileSync(join(dir, WORKSPACE_FILE), '{"version": 1, "endpoints": [')
    const store = await openWorkspaceStore(dir)
    const loaded = store.load()
    expect(loaded.workspace).toBeNull()
    expect(loaded.notice).toMatch(/moved to .*workspace\.json\.corrupt-/)
    expect(readdirSync(dir).some((f) => f.startsWith(`${WORKSPACE_FILE}.corrupt-`))).toBe(true)
  })

  it('sets aside a file that parses but breaks the schema', async () => {
    writeFileSync(join(dir, WORKSPACE_FILE), JSON.stringify({ ...doc(), layout: { sidebar: -5 } }))
    const store = await openWorkspaceStore(dir)
    expect(store.load().workspace).toBeNull()
    expect(store.load().notice).toBeTruthy()
  })

  it('is reached through the request handlers, validated and bounded', async () => {
    const handlers = createHandlers({
      engine: {} as Engine,
      settings: await openSettingsStore(),
      transport: 'browser',
      workspace: await openWorkspaceStore(dir)
    })
    expect(await dispatch(handlers, 'saveWorkspace', { workspace: doc() })).toEqual({ ok: true, value: { saved: true } })
    expect(await dispatch(handlers, 'getWorkspace', undefined)).toEqual({ ok: true, value: { workspace: doc() } })
    const tooMany = doc({ history: Array.from({ length: 51 }, () => doc().savedPayloads[0]!).map(({ name: _n, ...d }) => d) })
    const refused = await dispatch(handlers, 'saveWorkspace', { workspace: tooMany })
    expect(refused.ok).toBe(false)
    const fixedReply = doc({
      endpoints: [{ id: 'e1', config: { kind: 'udp', host: '127.0.0.1', port: 0, autoReply: { mode: 'fixed', bytes: Uint8Array.of(1) } } }]
    })
    expect((await dispatch(handlers, 'saveWorkspace', { workspace: fixedReply })).ok).toBe(false)
  })

  it('without a folder keeps the workspace in memory', async () => {
    const store = await openWorkspaceStore()
    await store.save(doc())
    expect(store.load().workspace).toEqual(doc())
  })
})

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dispatch } from '../../src/main/dispatch'
import { createHandlers } from '../../src/main/handlers'
import { createEngine } from '../../src/main/engine'
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
    for (let round = 0; round < 30; round++) {
      // Ids of different lengths, so bytes of two writes mixed in one file would not parse.
      const ids = Array.from({ length: 8 }, (_, i) => `e${round}-${'x'.repeat((round * 8 + i) % 13)}`)
      await Promise.all(ids.map((id) => store.save(doc({ selectedEndpointId: id }))))
      expect(readdirSync(dir)).toEqual([WORKSPACE_FILE])
      expect(JSON.parse(readFileSync(join(dir, WORKSPACE_FILE), 'utf8'))).toEqual(doc({ selectedEndpointId: ids[7] }))
      expect(store.load().workspace).toEqual(doc({ selectedEndpointId: ids[7] }))
    }
  })

  it('a save resolves only once its document, or a newer one, is on disk; a failed one keeps the last saved', async () => {
    const store = await openWorkspaceStore(dir)
    await store.save(doc({ selectedEndpointId: 'saved' }))
    const path = join(dir, WORKSPACE_FILE)
    rmSync(path)
    mkdirSync(path)
    const attempts = await Promise.allSettled([store.save(doc({ selectedEndpointId: 'b' })), store.save(doc({ selectedEndpointId: 'c' }))])
    for (const attempt of attempts) {
      expect(attempt.status).toBe('rejected')
      const err = (attempt as PromiseRejectedResult).reason as { code: string; message: string; hint: string }
      expect(err.message).toMatch(/could not save the workspace to .*workspace\.json/)
      expect(err.hint).toMatch(/writable/)
    }
    expect(store.load().workspace?.selectedEndpointId).toBe('saved')
    expect(readdirSync(dir)).toEqual([WORKSPACE_FILE])

    rmdirSync(path)
    await store.save(doc({ selectedEndpointId: 'd' }))
    expect(JSON.parse(readFileSync(path, 'utf8')).selectedEndpointId).toBe('d')
    expect(store.load().workspace?.selectedEndpointId).toBe('d')
  })

  it('keeps the notice about a set-aside file until a new file is written', async () => {
    writeFileSync(join(dir, WORKSPACE_FILE), '{"version": 1, "endpoints": [')
    const store = await openWorkspaceStore(dir)
    const aside = readdirSync(dir).find((f) => f.startsWith(`${WORKSPACE_FILE}.corrupt-`))!
    mkdirSync(join(dir, WORKSPACE_FILE))
    await expect(store.save(doc())).rejects.toMatchObject({ code: expect.stringMatching(/^E[A-Z]+$/) })
    expect(store.load()).toMatchObject({ workspace: null, notice: expect.stringContaining(aside) })
    // The window says it in its language from the catalog id; the path is kept as it is.
    expect(store.load().noticeError).toMatchObject({ code: 'EWORKSPACE', id: 'workspaceSetAside', params: { path: expect.stringContaining(aside) } })
    rmdirSync(join(dir, WORKSPACE_FILE))
    await store.save(doc())
    expect(store.load()).toEqual({ workspace: doc() })
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

  it('reads a file an older version wrote with autoReply, and the engine opens it as the responder of the same kind', async () => {
    const old = { ...doc(), endpoints: [{ id: 'e1', config: { kind: 'tcp-server', host: '127.0.0.1', port: 0, autoReply: { mode: 'upper' } } }] }
    writeFileSync(join(dir, WORKSPACE_FILE), JSON.stringify(old))
    const loaded = (await openWorkspaceStore(dir)).load().workspace
    expect(loaded?.endpoints[0]?.config).toEqual(old.endpoints[0]!.config)
    const engine = createEngine()
    try {
      const opened = await engine.open(loaded!.endpoints[0]!.config, false)
      expect(opened.config).toEqual({ kind: 'tcp-server', host: '127.0.0.1', port: 0, responder: { kind: 'upper' } })
      // Saved again, it says responder: the older word is never written.
      const saved = doc({ endpoints: [{ id: opened.id, config: opened.config }] })
      await (await openWorkspaceStore(dir)).save(saved)
      expect(readFileSync(join(dir, WORKSPACE_FILE), 'utf8')).not.toContain('autoReply')
    } finally {
      await engine.closeAll()
    }
  })

  it('without a folder keeps the workspace in memory', async () => {
    const store = await openWorkspaceStore()
    await store.save(doc())
    expect(store.load().workspace).toEqual(doc())
  })
})

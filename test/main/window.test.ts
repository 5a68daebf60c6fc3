import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { APP_ENTRY_URL, APP_SCHEME } from '../../src/main/app-protocol'
import { CONTENT_SECURITY_POLICY } from '../../src/main/csp'
import { requestChannel } from '../../src/shared/channels'
import { requestNames } from '../../src/shared/schemas'
import type { FakeBrowserWindow, FakeState } from '../helpers/electron-fake'
import { fakeElectron } from '../helpers/fake-electron-state'

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting for the app to start')
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('desktop shell (electron mocked)', () => {
  let fake: FakeState
  let win: FakeBrowserWindow

  beforeAll(async () => {
    fake = await fakeElectron()
    await import('../../src/main/index')
    await until(() => fake.windows.length === 1 && fake.ipcHandlers.size === requestNames.length)
    win = fake.windows[0]!
  })

  it('creates the window with isolation, sandbox and no node integration', () => {
    const prefs = win.options.webPreferences as Record<string, unknown>
    expect(prefs.contextIsolation).toBe(true)
    expect(prefs.sandbox).toBe(true)
    expect(prefs.nodeIntegration).toBe(false)
    expect(prefs.webSecurity).toBe(true)
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.js$/)
  })

  it('writes the three security options as literals in the source', () => {
    const source = readFileSync(join(__dirname, '../../src/main/index.ts'), 'utf8')
    expect(source).toMatch(/contextIsolation:\s*true\b/)
    expect(source).toMatch(/sandbox:\s*true\b/)
    expect(source).toMatch(/nodeIntegration:\s*false\b/)
  })

  it('loads its own files from the app scheme, not file:// and not a remote page', () => {
    expect(win.loaded).toEqual({ url: APP_ENTRY_URL })
  })

  it('makes the app scheme standard and secure before the app is ready, and answers it after', () => {
    // The fake throws, as Electron does, when either call comes at the wrong time.
    expect(fake.privilegedSchemes).toEqual([{ scheme: APP_SCHEME, privileges: expect.objectContaining({ standard: true, secure: true }) }])
    expect(fake.privilegedSchemes[0]!.privileges).not.toHaveProperty('bypassCSP')
    expect([...fake.protocolHandlers.keys()]).toEqual([APP_SCHEME])
  })

  it('the app scheme answers the renderer page with the policy, and nothing outside it', async () => {
    const handler = fake.protocolHandlers.get(APP_SCHEME)!
    const page = await handler(new Request(APP_ENTRY_URL))
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(await page.text()).toBe(readFileSync(join(__dirname, '../../src/renderer/index.html'), 'utf8'))
    // Under test the main bundle is src/main, so the folder served is src/renderer; its parent holds
    // src/main/index.ts, which must stay out of reach.
    for (const url of [`${APP_SCHEME}://app/..%2fmain%2findex.ts`, `${APP_SCHEME}://other/index.html`]) {
      const refused = await handler(new Request(url))
      expect(refused.status, url).toBe(403)
      expect(await refused.text()).not.toContain('BrowserWindow')
    }
  })

  it('loads the dev server page when electron-vite dev says where it is', async () => {
    const { createMainWindow } = await import('../../src/main/index')
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173/'
    try {
      const dev = createMainWindow() as unknown as FakeBrowserWindow
      expect(dev.loaded).toEqual({ url: 'http://localhost:5173/' })
      dev.destroy()
    } finally {
      delete process.env.ELECTRON_RENDERER_URL
    }
  })

  it('adds a strict Content-Security-Policy to every response', () => {
    expect(fake.headersReceived).toBeDefined()
    let headers: Record<string, string[]> | undefined
    fake.headersReceived!({ responseHeaders: { 'X-Other': ['1'] } }, (r) => (headers = r.responseHeaders))
    expect(headers?.['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY])
    expect(headers?.['X-Other']).toEqual(['1'])
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'")
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval/)
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'")
  })

  it('the page itself carries the same policy in a meta tag', () => {
    const html = readFileSync(join(__dirname, '../../src/renderer/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]
    expect(meta).toBeDefined()
    expect(meta).toContain("script-src 'self'")
    expect(meta).not.toMatch(/unsafe-inline|unsafe-eval/)
  })

  it('denies window.open', () => {
    expect(win.webContents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' })
  })

  it('prevents navigation away from the app', () => {
    let prevented = false
    win.webContents.emit('will-navigate', { preventDefault: () => (prevented = true) }, 'https://example.com')
    expect(prevented).toBe(true)
  })

  it('denies every permission request and check', () => {
    let granted: boolean | undefined
    fake.permissionRequestHandler?.(win.webContents, 'media', (g) => (granted = g))
    expect(granted).toBe(false)
    expect(fake.permissionCheckHandler?.(win.webContents, 'notifications')).toBe(false)
  })

  it('answers contract requests from the window through the real handlers', async () => {
    const handler = fake.ipcHandlers.get(requestChannel('getAppInfo'))!
    const result = (await handler({ sender: win.webContents, senderFrame: win.webContents.mainFrame } as never)) as {
      ok: boolean
      value: { transport: string; name: string }
    }
    expect(result.ok).toBe(true)
    expect(result.value).toMatchObject({ name: 'Socket Lab', transport: 'electron' })
  })

  it('saves received bytes where the main process\u2019s save dialog says, and nowhere when it is cancelled', async () => {
    const event = { sender: win.webContents, senderFrame: win.webContents.mainFrame } as never
    const call = async <T,>(name: Parameters<typeof requestChannel>[0], request: unknown): Promise<T> => {
      const handler = fake.ipcHandlers.get(requestChannel(name))! as (e: unknown, r: unknown) => Promise<unknown>
      const r = (await handler(event, request)) as { ok: boolean; value: T; error?: unknown }
      expect(r.ok, JSON.stringify(r.error)).toBe(true)
      return r.value
    }
    const server = await call<{ id: string; local: { port: number } }>('openEndpoint', { config: { kind: 'tcp-server', host: '127.0.0.1', port: 0 } })
    const client = await call<{ id: string }>('openEndpoint', { config: { kind: 'tcp-client', host: '127.0.0.1', port: server.local.port } })
    await call('send', { endpointId: client.id, bytes: new TextEncoder().encode('lecture notes') })
    let peers: { id: string; counters: { bytesIn: number } }[] = []
    await until(() => {
      void call<typeof peers>('listPeers', { endpointId: server.id }).then((p) => (peers = p))
      return peers[0]?.counters.bytesIn === 13
    })
    const dir = mkdtempSync(join(tmpdir(), 'socket-lab-save-'))
    try {
      const chosen = join(dir, 'notes.txt')
      fake.saveDialogAnswer = { canceled: false, filePath: chosen }
      const started = await call<{ delivery: string; path: string }>('saveReceived', { endpointId: server.id, peerId: peers[0]!.id, offset: 8, fileName: '../../etc/notes.txt' })
      expect(started).toMatchObject({ delivery: 'file', path: chosen })
      // The dialog offers the sender's name, reduced to a file name, in the Downloads folder.
      expect(fake.saveDialogs.at(-1)!.defaultPath).toBe(join(tmpdir(), 'notes.txt'))
      await until(() => existsSync(chosen))
      expect(readFileSync(chosen, 'utf8')).toBe('notes')

      fake.saveDialogAnswer = { canceled: true }
      expect(await call('saveReceived', { endpointId: server.id, peerId: peers[0]!.id })).toMatchObject({ delivery: 'cancelled' })
      expect(readdirSync(dir)).toEqual(['notes.txt'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('closes every socket before quitting', async () => {
    const open = fake.ipcHandlers.get(requestChannel('openEndpoint'))! as (e: unknown, r: unknown) => Promise<unknown>
    const event = { sender: win.webContents, senderFrame: win.webContents.mainFrame } as never
    const opened = (await open(event, { config: { kind: 'tcp-server', host: '127.0.0.1', port: 0 } })) as {
      ok: boolean
      value: { state: string; id: string }
    }
    expect(opened.ok).toBe(true)
    expect(opened.value.state).toBe('listening')

    const { app } = (await import('electron')) as unknown as { app: NodeJS.EventEmitter }
    let prevented = false
    app.emit('before-quit', { preventDefault: () => (prevented = true) })
    expect(prevented).toBe(true)
    await until(() => fake.quitCalls === 1)
    const list = (await fake.ipcHandlers.get(requestChannel('listEndpoints'))!(event)) as {
      value: { state: string }[]
    }
    expect(list.value.every((ep) => ep.state === 'closed')).toBe(true)
  })
})

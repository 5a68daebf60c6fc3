import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startBrowserShell, type BrowserShell } from '../../../src/main/browser-shell/server'
import { createEngine } from '../../../src/main/engine'
import type { Engine } from '../../../src/main/engine/types'
import { createHandlers } from '../../../src/main/handlers'
import { openSettingsStore } from '../../../src/main/settings-store'
import { openWorkspaceStore } from '../../../src/main/workspace-store'
import type { EventBatch } from '../../../src/shared/api'
import { decodeWire, encodeWire, type ServerMessage } from '../../../src/shared/wire'

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** Resolves with the HTTP status the upgrade was refused with, or 101 when it opened. */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers })
    ws.on('open', () => {
      ws.close()
      resolve(101)
    })
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.on('error', () => resolve(-1))
  })
}

describe('browser shell', () => {
  let shell: BrowserShell
  let engine: Engine
  let dir: string
  let cookie: string
  let wsUrl: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'socket-lab-shell-'))
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Socket Lab</title>')
    engine = createEngine()
    const handlers = createHandlers({ engine, settings: await openSettingsStore(), transport: 'browser', workspace: await openWorkspaceStore() })
    shell = await startBrowserShell({ host: '127.0.0.1', port: 0, rendererDir: dir, engine, handlers })
    cookie = `socket_lab_${shell.port}=${shell.token}`
    wsUrl = `ws://127.0.0.1:${shell.port}/api`
  })

  afterAll(async () => {
    await shell.close()
    await engine.closeAll()
    rmSync(dir, { recursive: true, force: true })
  })

  it('prints a loopback URL that carries the token', () => {
    expect(shell.url).toBe(`http://127.0.0.1:${shell.port}/?token=${shell.token}`)
    expect(shell.token.length).toBeGreaterThanOrEqual(32)
  })

  it('refuses a request without a token', async () => {
    const r = await get(shell.port, '/')
    expect(r.status).toBe(403)
    expect(r.body).not.toContain('Socket Lab</title>')
  })

  it('refuses a wrong token in the URL and in the cookie', async () => {
    expect((await get(shell.port, '/?token=wrong')).status).toBe(403)
    // One character off: the last one swapped for a different one.
    const last = shell.token.at(-1) === 'A' ? 'B' : 'A'
    expect((await get(shell.port, `/?token=${shell.token.slice(0, -1)}${last}`)).status).toBe(403)
    expect((await get(shell.port, '/', { Cookie: `socket_lab_${shell.port}=nope` })).status).toBe(403)
  })

  it('trades the URL token for an HttpOnly SameSite=Strict cookie, then serves the app', async () => {
    const first = await get(shell.port, `/?token=${shell.token}`)
    expect(first.status).toBe(302)
    expect(first.headers.location).toBe('/')
    const setCookie = String(first.headers['set-cookie'])
    expect(setCookie).toContain(`socket_lab_${shell.port}=${shell.token}`)
    expect(setCookie).toMatch(/HttpOnly/)
    expect(setCookie).toMatch(/SameSite=Strict/)

    const page = await get(shell.port, '/', { Cookie: cookie })
    expect(page.status).toBe(200)
    expect(page.body).toContain('Socket Lab</title>')
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'")
  })

  it('refuses a Host header that is not this server (DNS rebinding)', async () => {
    const r = await get(shell.port, '/', { Cookie: cookie, Host: `evil.example:${shell.port}` })
    expect(r.status).toBe(403)
  })

  it('never serves a file outside the renderer folder', async () => {
    const r = await get(shell.port, '/..%2f..%2f..%2fetc%2fpasswd', { Cookie: cookie })
    expect([403, 404]).toContain(r.status)
    expect(r.body).not.toContain('root:')
  })

  it('refuses a WebSocket upgrade without the token', async () => {
    expect(await upgradeStatus(wsUrl, { Origin: `http://127.0.0.1:${shell.port}` })).toBe(403)
  })

  it('refuses a WebSocket upgrade with a wrong token', async () => {
    expect(await upgradeStatus(wsUrl, { Origin: `http://127.0.0.1:${shell.port}`, Cookie: `socket_lab_${shell.port}=bad` })).toBe(403)
  })

  it('refuses a WebSocket upgrade from a foreign Origin even with the token', async () => {
    expect(await upgradeStatus(wsUrl, { Origin: 'http://evil.example', Cookie: cookie })).toBe(403)
    expect(await upgradeStatus(wsUrl, { Cookie: cookie })).toBe(403)
  })

  it('carries the API over the WebSocket from the served origin', async () => {
    const ws = new WebSocket(wsUrl, { headers: { Origin: `http://127.0.0.1:${shell.port}`, Cookie: cookie } })
    const messages: ServerMessage[] = []
    ws.on('message', (data) => messages.push(decodeWire(data as Buffer) as ServerMessage))
    await new Promise((resolve, reject) => {
      ws.once('open', resolve)
      ws.once('error', reject)
    })
    ws.send(encodeWire({ t: 'subscribe' }))
    ws.send(encodeWire({ t: 'req', id: 1, name: 'getAppInfo', req: undefined }))
    ws.send(encodeWire({ t: 'req', id: 2, name: 'openEndpoint', req: { config: { kind: 'tcp-server', host: '127.0.0.1', port: 70000 } } }))
    ws.send(encodeWire({ t: 'req', id: 3, name: 'openEndpoint', req: { config: { kind: 'tcp-server', host: '127.0.0.1', port: 0 } } }))
    const byId = (id: number) => messages.find((m) => m.t === 'res' && m.id === id) as Extract<ServerMessage, { t: 'res' }> | undefined
    const deadline = Date.now() + 5000
    const sawEndpointEvent = () =>
      messages.some((m) => m.t === 'events' && (m.batch as EventBatch).events.some((e) => e.type === 'endpoint' && e.endpoint.state === 'listening'))
    while ((!byId(1) || !byId(2) || !byId(3) || !sawEndpointEvent()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    ws.close()

    expect(byId(1)?.result).toMatchObject({ ok: true, value: { name: 'Socket Lab', transport: 'browser' } })
    expect(byId(2)?.result).toMatchObject({ ok: false, error: { code: 'EINVAL' } })
    const opened = byId(3)?.result as { ok: true; value: { local: { port: number } } }
    expect(opened.ok).toBe(true)
    expect(opened.value.local.port).toBeGreaterThan(0)
    expect(sawEndpointEvent()).toBe(true)
  })

  it('will not bind a non-loopback address unless allowed', async () => {
    await expect(
      startBrowserShell({ host: '0.0.0.0', port: 0, rendererDir: dir, engine, handlers: createHandlers({ engine, settings: await openSettingsStore(), transport: 'browser', workspace: await openWorkspaceStore() }) })
    ).rejects.toMatchObject({ code: 'EINVAL' })
  })
})

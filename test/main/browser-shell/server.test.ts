import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startBrowserShell } from '../../../src/main/browser-shell/server'
import { createHandlers } from '../../../src/main/handlers'
import { openSettingsStore } from '../../../src/main/settings-store'
import { openWorkspaceStore } from '../../../src/main/workspace-store'
import type { EventBatch } from '../../../src/shared/api'
import { decodeWire, encodeWire, type ServerMessage } from '../../../src/shared/wire'
import { APP_MARKER, get, openSession, startShell, type ShellUnderTest } from './shell-fixture'

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
  let t: ShellUnderTest
  let cookie: string
  let wsUrl: string
  let origin: string

  beforeAll(async () => {
    t = await startShell()
    cookie = await openSession(t.shell)
    wsUrl = `ws://127.0.0.1:${t.shell.port}/api`
    origin = `http://127.0.0.1:${t.shell.port}`
  })

  afterAll(async () => {
    await t.stop()
  })

  it('prints a loopback URL that carries the token', () => {
    expect(t.shell.url).toBe(`http://127.0.0.1:${t.shell.port}/?token=${t.shell.token}`)
    expect(t.shell.token.length).toBeGreaterThanOrEqual(32)
  })

  it('refuses a request without a token', async () => {
    const r = await get(t.shell.port, '/')
    expect(r.status).toBe(403)
    expect(r.body).not.toContain(APP_MARKER)
  })

  it('refuses a wrong token in the URL and a wrong session in the cookie', async () => {
    expect((await get(t.shell.port, '/?token=wrong')).status).toBe(403)
    // One character off: the last one swapped for a different one.
    const last = t.shell.token.at(-1) === 'A' ? 'B' : 'A'
    expect((await get(t.shell.port, `/?token=${t.shell.token.slice(0, -1)}${last}`)).status).toBe(403)
    expect((await get(t.shell.port, '/', { Cookie: `socket_lab_${t.shell.port}=nope` })).status).toBe(403)
  })

  it('trades the URL token for a session in an HttpOnly SameSite=Strict cookie, then serves the app', async () => {
    const first = await get(t.shell.port, `/?token=${t.shell.token}`)
    expect(first.status).toBe(302)
    expect(first.headers.location).toBe('/')
    const setCookie = String(first.headers['set-cookie'])
    expect(setCookie).toMatch(new RegExp(`^socket_lab_${t.shell.port}=[A-Za-z0-9_-]{43};`))
    expect(setCookie).toMatch(/HttpOnly/)
    expect(setCookie).toMatch(/SameSite=Strict/)

    const page = await get(t.shell.port, '/', { Cookie: setCookie.split(';')[0]! })
    expect(page.status).toBe(200)
    expect(page.body).toContain(APP_MARKER)
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'")
  })

  it('never puts the token in a cookie, and never takes it for a session', async () => {
    const first = await get(t.shell.port, `/?token=${t.shell.token}`)
    expect(String(first.headers['set-cookie'])).not.toContain(t.shell.token)
    const tokenAsCookie = `socket_lab_${t.shell.port}=${t.shell.token}`
    expect((await get(t.shell.port, '/', { Cookie: tokenAsCookie })).status).toBe(403)
    expect(await upgradeStatus(wsUrl, { Origin: origin, Cookie: tokenAsCookie })).toBe(403)
  })

  it('gives each browser that presents the token a session of its own', async () => {
    const sessions = [await openSession(t.shell), await openSession(t.shell), await openSession(t.shell)]
    expect(new Set(sessions).size).toBe(3)
    for (const session of sessions) expect((await get(t.shell.port, '/', { Cookie: session })).status).toBe(200)
  })

  it('answers nothing with content to a request without a session', async () => {
    const port = t.shell.port
    const tokenAsCookie = `socket_lab_${port}=${t.shell.token}`
    const otherShell = await startShell()
    const foreignSession = (await openSession(otherShell.shell)).replace(`socket_lab_${otherShell.shell.port}`, `socket_lab_${port}`)
    await otherShell.stop()
    for (const path of ['/', '/index.html', '/assets/app.js', '//', '/api', '/?token=', '/?token=wrong', '/favicon.ico']) {
      const headerSets: Record<string, string>[] = [{}, { Cookie: tokenAsCookie }, { Cookie: foreignSession }, { Cookie: `socket_lab_${port}=` }]
      for (const headers of headerSets) {
        for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'OPTIONS']) {
          const r = await get(port, path, headers, method)
          expect([400, 403], `${method} ${path} ${JSON.stringify(headers)}`).toContain(r.status)
          expect(r.body).not.toContain(APP_MARKER)
        }
      }
    }
  })

  it('forgets its sessions when it stops', async () => {
    const first = await startShell()
    const port = first.shell.port
    const session = await openSession(first.shell)
    expect((await get(port, '/', { Cookie: session })).status).toBe(200)
    await first.stop()
    // The same port again, as a restarted `serve --port N` would have it.
    const second = await startShell({ port })
    try {
      expect((await get(port, '/', { Cookie: session })).status).toBe(403)
      expect(await upgradeStatus(`ws://127.0.0.1:${port}/api`, { Origin: `http://127.0.0.1:${port}`, Cookie: session })).toBe(403)
    } finally {
      await second.stop()
    }
  })

  it('refuses a Host header that is not this server (DNS rebinding)', async () => {
    const r = await get(t.shell.port, '/', { Cookie: cookie, Host: `evil.example:${t.shell.port}` })
    expect(r.status).toBe(403)
  })

  it('never serves a file outside the renderer folder', async () => {
    const r = await get(t.shell.port, '/..%2f..%2f..%2fetc%2fpasswd', { Cookie: cookie })
    expect([403, 404]).toContain(r.status)
    expect(r.body).not.toContain('root:')
  })

  it('refuses a WebSocket upgrade without a session', async () => {
    expect(await upgradeStatus(wsUrl, { Origin: origin })).toBe(403)
  })

  it('refuses a WebSocket upgrade with a wrong session', async () => {
    expect(await upgradeStatus(wsUrl, { Origin: origin, Cookie: `socket_lab_${t.shell.port}=bad` })).toBe(403)
  })

  it('refuses a WebSocket upgrade from another Origin even with a session', async () => {
    for (const other of ['http://evil.example', 'null', `http://localhost:${t.shell.port}`, `https://127.0.0.1:${t.shell.port}`, `http://127.0.0.1:${t.shell.port + 1}`, `http://127.0.0.1:${t.shell.port}/`]) {
      expect(await upgradeStatus(wsUrl, { Origin: other, Cookie: cookie }), other).toBe(403)
    }
    expect(await upgradeStatus(wsUrl, { Cookie: cookie })).toBe(403)
    expect(await upgradeStatus(wsUrl, { Origin: origin, Cookie: cookie })).toBe(101)
  })

  it('carries the API over the WebSocket from the served origin', async () => {
    const ws = new WebSocket(wsUrl, { headers: { Origin: origin, Cookie: cookie } })
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
    const engine = t.engine
    await expect(
      startBrowserShell({
        host: '0.0.0.0',
        port: 0,
        rendererDir: t.dir,
        engine,
        handlers: createHandlers({ engine, settings: await openSettingsStore(), transport: 'browser', workspace: await openWorkspaceStore() })
      })
    ).rejects.toMatchObject({ code: 'EINVAL' })
  })
})

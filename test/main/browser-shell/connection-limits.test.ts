// Connections that never finish a request (slowloris) are closed after the header timeout, and there
// are never more of them than the cap; a window's WebSocket stays open through all of it.
import { connect, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { openApiSocket } from './api-socket'
import { rawExchange } from './raw-http'
import { APP_MARKER, get, openSession, startShell, type ShellUnderTest } from './shell-fixture'

interface Held {
  socket: Socket
  closed: boolean
}

/** A connection that sends `bytes` and then nothing more. */
function hold(port: number, bytes: string): Promise<Held> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    const held: Held = { socket, closed: false }
    socket.on('error', () => undefined)
    // Reading, so that the shell's close is seen.
    socket.resume()
    socket.on('close', () => (held.closed = true))
    socket.on('connect', () => {
      if (bytes) socket.write(bytes)
      resolve(held)
    })
  })
}

async function until(condition: () => boolean, what: string, waitMs = 10_000): Promise<void> {
  const end = Date.now() + waitMs
  while (!condition() && Date.now() < end) await new Promise((r) => setTimeout(r, 20))
  if (!condition()) throw new Error(`not ${what} within ${waitMs} ms`)
}

describe('browser shell connection limits', () => {
  let t: ShellUnderTest | undefined
  const held: Held[] = []

  afterEach(async () => {
    for (const h of held.splice(0)) h.socket.destroy()
    await t?.stop()
    t = undefined
  })

  it('closes connections that send nothing or never finish their headers', async () => {
    t = await startShell({ limits: { headersTimeoutMs: 1000 } })
    const partial = `GET / HTTP/1.1\r\nHost: 127.0.0.1:${t.shell.port}\r\nX-Slow: `
    held.push(await hold(t.shell.port, ''), await hold(t.shell.port, partial))
    // A client that trickles a header byte now and then is still closed.
    const trickler = await hold(t.shell.port, partial)
    held.push(trickler)
    const trickle = setInterval(() => trickler.socket.write('a'), 100)
    try {
      await until(() => held.every((h) => h.closed), 'closed')
    } finally {
      clearInterval(trickle)
    }
    expect(held.map((h) => h.closed)).toEqual([true, true, true])
  })

  it('holds at most the cap of connections without a session, and a window keeps working', async () => {
    const maxStrangers = 8
    // A long header timeout, so that only the cap can close anything here.
    t = await startShell({ limits: { headersTimeoutMs: 60_000, maxStrangers } })
    const shell = t.shell
    const cookie = await openSession(shell)
    const api = await openApiSocket(shell, cookie)

    const partial = `GET / HTTP/1.1\r\nHost: 127.0.0.1:${shell.port}\r\nX-Slow: `
    for (let i = 0; i < 100; i++) held.push(await hold(shell.port, i % 2 ? partial : ''))
    await until(() => held.filter((h) => !h.closed).length === maxStrangers, `down to ${maxStrangers} open`)
    // The first ones stay until their time is up; every later one was turned away.
    expect(held.slice(0, maxStrangers).every((h) => !h.closed)).toBe(true)
    expect(held.slice(maxStrangers).every((h) => h.closed)).toBe(true)

    // The window's WebSocket is not a stranger: it is answered all along.
    expect(await api.request('getAppInfo')).toMatchObject({ ok: true })
    expect(await api.request('openEndpoint', { config: { kind: 'tcp-server', host: '127.0.0.1', port: 0 } })).toMatchObject({ ok: true })

    // Once the strangers leave, new connections are served again.
    for (const h of held.slice(0, maxStrangers)) h.socket.destroy()
    await until(() => held.every((h) => h.closed), 'all closed')
    const page = await rawExchange(shell.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${shell.port}\r\nCookie: ${cookie}\r\n\r\n`)
    expect(page.status).toBe(200)
    await api.close()
  })

  it('does not count a connection that showed a session', async () => {
    t = await startShell({ limits: { headersTimeoutMs: 60_000, maxStrangers: 2 } })
    const cookie = await openSession(t.shell)
    // WebSockets that were let in, one after another: more of them than the cap.
    const sockets = []
    for (let i = 0; i < 4; i++) sockets.push(await openApiSocket(t.shell, cookie))
    for (const s of sockets) expect(await s.request('getAppInfo')).toMatchObject({ ok: true })
    expect((await get(t.shell.port, '/', { Cookie: cookie })).body).toContain(APP_MARKER)
    for (const s of sockets) await s.close()
  })

  it('keeps a WebSocket open long past every HTTP timeout', async () => {
    t = await startShell({ limits: { headersTimeoutMs: 200, keepAliveTimeoutMs: 200 } })
    const api = await openApiSocket(t.shell, await openSession(t.shell))
    // Ten times the header and keep-alive timeouts, and many of Node's checks for late requests.
    await new Promise((r) => setTimeout(r, 2000))
    expect(api.ws.readyState).toBe(api.ws.OPEN)
    expect(await api.request('getAppInfo')).toMatchObject({ ok: true })
    await api.close()
  })
})

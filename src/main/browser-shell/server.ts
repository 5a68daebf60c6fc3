// The browser shell: the same engine and handlers as the desktop app, the built renderer over HTTP and
// the API over a WebSocket. Nothing is answered without the token, and no WebSocket is accepted from
// another origin. Loopback only unless the caller explicitly allows otherwise.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import type { Handlers } from '../../shared/api'
import { formatHostPort, isLoopbackHost } from '../../shared/address'
import { SocketLabError } from '../../shared/errors'
import { CONTENT_SECURITY_POLICY } from '../csp'
import type { Engine } from '../engine/types'
import { serveStatic } from './static-files'
import { cookieName, createToken, readCookie, tokenCookie, tokenMatches } from './token'
import { MAX_CLIENT_MESSAGE_BYTES, attachSession } from './ws-session'

export interface BrowserShellOptions {
  host: string
  port: number
  /** Folder of the built renderer (index.html and assets). */
  rendererDir: string
  engine: Engine
  handlers: Handlers
  /** Required to bind anything but loopback: the shell drives real sockets on this machine. */
  allowRemote?: boolean
  /** Fixed token (tests); random by default. */
  token?: string
}

export interface BrowserShell {
  /** The URL to open, token included. */
  url: string
  origin: string
  port: number
  token: string
  close(): Promise<void>
}

export const WS_PATH = '/api'

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin'
}

const FORBIDDEN_TEXT =
  'Forbidden. Open the URL that `socket-lab serve` printed: it carries the access token.\n'

export async function startBrowserShell(options: BrowserShellOptions): Promise<BrowserShell> {
  const { host, rendererDir, engine, handlers } = options
  if (!isLoopbackHost(host) && !options.allowRemote) {
    throw new SocketLabError(
      'EINVAL',
      `refusing to serve on ${host}: it is not a loopback address`,
      'Anyone who reaches that address could open sockets from this machine. Use 127.0.0.1 and an SSH tunnel, or pass --allow-remote if you really mean it.'
    )
  }
  const token = options.token ?? createToken()
  let port = options.port
  const allowedHosts = (): Set<string> =>
    new Set([formatHostPort(host, port), `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`])

  const hostAllowed = (req: IncomingMessage): boolean =>
    // A wildcard bind is reachable under any name; loopback binds answer only to loopback names,
    // which keeps DNS-rebinding pages out.
    host === '0.0.0.0' || host === '::' || allowedHosts().has(req.headers.host ?? '')

  const authorised = (req: IncomingMessage): boolean => tokenMatches(token, readCookie(req, cookieName(port)))

  const forbid = (res: ServerResponse): void => {
    res.writeHead(403, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end(FORBIDDEN_TEXT)
  }

  const server = createServer((req, res) => {
    if (!hostAllowed(req) || (req.method !== 'GET' && req.method !== 'HEAD')) return forbid(res)
    const url = new URL(req.url ?? '/', 'http://shell.invalid')
    const given = url.searchParams.get('token')
    if (given !== null) {
      if (!tokenMatches(token, given)) return forbid(res)
      // Trade the token in the URL for a cookie, so it leaves the address bar and the history.
      url.searchParams.delete('token')
      res
        .writeHead(302, { ...SECURITY_HEADERS, 'Set-Cookie': tokenCookie(port, token), Location: url.pathname + url.search })
        .end()
      return
    }
    if (!authorised(req)) return forbid(res)
    void serveStatic(rendererDir, url.pathname, res, SECURITY_HEADERS)
  })

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES })
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://shell.invalid').pathname
    const origin = req.headers.origin
    const sameOrigin = origin !== undefined && origin === `http://${req.headers.host ?? ''}`
    if (path !== WS_PATH || !hostAllowed(req) || !authorised(req) || !sameOrigin) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => attachSession(ws, handlers, engine))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port
  const origin = `http://${formatHostPort(host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host, port)}`

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: async () => {
      for (const client of wss.clients) client.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

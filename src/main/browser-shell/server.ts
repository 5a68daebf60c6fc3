// The browser shell: the same engine and handlers as the desktop app, the built renderer over HTTP and
// the API over a WebSocket. Nothing is answered without a session, which only the printed token buys,
// and no WebSocket is accepted from another origin. Loopback only unless the caller explicitly allows
// otherwise. Whatever bytes arrive, the answer is a status code or a closed socket.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import type { Handlers } from '../../shared/api'
import { formatHostPort } from '../../shared/address'
import { SocketLabError } from '../../shared/errors'
import { CONTENT_SECURITY_POLICY } from '../csp'
import type { Engine } from '../engine/types'
import { serveStatic } from './static-files'
import { DOWNLOAD_PATH, type Downloads } from './downloads'
import { guardConnections } from './connection-guard'
import { describeRefusal, resolveLoopback } from './loopback'
import { parseRequestTarget } from './request-target'
import { cookieName, readCookieValues, sessionCookie } from './cookies'
import { createSessionStore } from './sessions'
import { createToken, tokenMatches } from './token'
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
  limits?: Partial<ShellLimits>
  /** The one-time download URLs the handlers hand out for exports and saves (the same object). */
  downloads?: Downloads
}

export interface ShellLimits {
  /** How long a client may take to send a request's headers (and a request without a body). */
  headersTimeoutMs: number
  /** How long an idle keep-alive connection stays open between two requests. */
  keepAliveTimeoutMs: number
  /** Connections that have not shown the token or a session yet, at most; more are closed at once. */
  maxStrangers: number
}

export const DEFAULT_LIMITS: ShellLimits = {
  // Seconds, not Node's minute: a browser sends its headers at once, and every connection that
  // waits holds a file descriptor the engine's sockets need.
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  // A browser opens six connections a host; a few windows and tabs stay far below this.
  maxStrangers: 64
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
const BAD_TARGET_TEXT = 'Bad request: the target must be a path on this server, such as /index.html.\n'
const GONE_DOWNLOAD_TEXT = 'This download is gone: each download link works once, within a minute. Save again in the window.\n'

/** A request that went wrong after all: answered with 500 when nothing was sent yet, else cut off. */
function failed(res: ServerResponse): void {
  if (res.headersSent) res.destroy()
  else {
    res.shouldKeepAlive = false
    res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Internal error.\n')
  }
}

/** Answers on the bare socket, then closes it whether or not the client ever closes its side. */
function closeWith(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy())
}

export async function startBrowserShell(options: BrowserShellOptions): Promise<BrowserShell> {
  const { host, rendererDir, engine, handlers } = options
  // Without --allow-remote, listen on the loopback address the host resolved to, never on the name.
  let bindAddress = host
  if (!options.allowRemote) {
    const check = await resolveLoopback(host)
    if (!check.ok) {
      const { message, hint } = describeRefusal(host, check)
      throw new SocketLabError('EINVAL', message, hint)
    }
    bindAddress = check.address
  }
  const token = options.token ?? createToken()
  let port = options.port
  // The name given is not among them unless remote clients were allowed: a name can be made to point at
  // loopback by whoever owns it, and be sent by their pages (DNS rebinding).
  const allowedHosts = (): Set<string> =>
    new Set([formatHostPort(bindAddress, port), `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`])

  const hostAllowed = (req: IncomingMessage): boolean => {
    // One Host header, naming this server. (Node keeps the first of several; a second one is no
    // browser's doing.) A wildcard bind is reachable under any name; loopback binds answer only to
    // loopback names, which keeps DNS-rebinding pages out.
    const hosts = req.headersDistinct.host
    if (hosts?.length !== 1) return false
    return bindAddress === '0.0.0.0' || bindAddress === '::' || allowedHosts().has(hosts[0]!)
  }

  const sessions = createSessionStore()
  const authorised = (req: IncomingMessage): boolean =>
    readCookieValues(req.headers.cookie, cookieName(port)).some((secret) => sessions.accepts(secret))

  const answer = (res: ServerResponse, status: number, text: string): void => {
    // Refusals close the connection: a client that is refused has no reason to keep it open.
    res.shouldKeepAlive = false
    res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end(text)
  }
  const forbid = (res: ServerResponse): void => answer(res, 403, FORBIDDEN_TEXT)

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    if (!hostAllowed(req) || (req.method !== 'GET' && req.method !== 'HEAD')) return forbid(res)
    const target = parseRequestTarget(req.url)
    if (!target) return answer(res, 400, BAD_TARGET_TEXT)
    const given = target.query.get('token')
    if (given !== null) {
      if (!tokenMatches(token, given)) return forbid(res)
      guard.trust(req.socket)
      // Trade the token in the URL for a session of this browser's own, so the token leaves the
      // address bar and the history and never sits in a cookie. Always to "/": the path as sent
      // could make a Location that leads off this server ("//host").
      res.writeHead(302, { ...SECURITY_HEADERS, 'Set-Cookie': sessionCookie(port, sessions.open()), Location: '/' }).end()
      return
    }
    if (!authorised(req)) return forbid(res)
    guard.trust(req.socket)
    if (target.path.startsWith(DOWNLOAD_PATH)) {
      // Only a GET fetches it: a HEAD would use the one time up and get nothing.
      if (req.method !== 'GET' || !options.downloads?.serve(target.path.slice(DOWNLOAD_PATH.length), res, SECURITY_HEADERS)) return answer(res, 404, GONE_DOWNLOAD_TEXT)
      return
    }
    serveStatic(rendererDir, target.path, res, SECURITY_HEADERS).catch(() => failed(res))
  }

  const limits = { ...DEFAULT_LIMITS, ...options.limits }
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      // Only GETs are served: a request is whole once its headers are.
      requestTimeout: limits.headersTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // How often Node looks for requests over their time; its default of 30 s would let a slow
      // client hold its connection for half a minute past the timeout.
      connectionsCheckingInterval: Math.max(100, Math.min(1000, limits.headersTimeoutMs / 4))
    },
    (req, res) => {
      try {
        onRequest(req, res)
      } catch {
        failed(res)
      }
    }
  )
  const guard = guardConnections(server, limits.maxStrangers)

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES })
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const target = parseRequestTarget(req.url)
    if (!target) return closeWith(socket, '400 Bad Request')
    const origin = req.headers.origin
    const sameOrigin = origin !== undefined && origin === `http://${req.headers.host ?? ''}`
    if (target.path !== WS_PATH || !hostAllowed(req) || !authorised(req) || !sameOrigin) {
      return closeWith(socket, '403 Forbidden')
    }
    guard.trust(req.socket)
    wss.handleUpgrade(req, socket, head, (ws) => attachSession(ws, handlers, engine))
  }
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // From here the socket is ours alone: the HTTP server no longer listens for its errors, and a
    // client that resets it must not take the process down.
    socket.on('error', () => socket.destroy())
    try {
      onUpgrade(req, socket, head)
    } catch {
      socket.destroy()
    }
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, bindAddress, () => {
      server.off('error', reject)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port
  const origin = `http://${formatHostPort(bindAddress === '0.0.0.0' ? '127.0.0.1' : bindAddress === '::' ? '::1' : bindAddress, port)}`

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: async () => {
      options.downloads?.clear()
      for (const client of wss.clients) client.terminate()
      wss.close()
      server.closeAllConnections()
      sessions.clear()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

// The desktop window loads the built renderer from a scheme of its own, socket-lab://app/, instead of
// file://. A file:// page shares its origin with every file on the disk; this one has an origin of its
// own, and the handler below answers only files under the renderer folder. It is plain Node (the web
// Request and Response), so it is tested without Electron; index.ts registers it.
import { lstat, readFile } from 'node:fs/promises'
import { extname, isAbsolute, relative, resolve, sep } from 'node:path'
import { CONTENT_SECURITY_POLICY } from './csp'

export const APP_SCHEME = 'socket-lab'
export const APP_HOST = 'app'
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

/**
 * Registered before the app is ready. Standard: relative URLs, a real origin and web storage work as
 * under http. Secure: the page is a secure context, like https. Fetch and CORS support: the built page
 * loads its script as a module (`<script type="module" crossorigin>`), which is fetched in CORS mode.
 * Nothing that would loosen the page's rules (bypassCSP, service workers) is granted.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } as const

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm'
}

export function mimeType(file: string): string {
  return MIME[extname(file).toLowerCase()] ?? 'application/octet-stream'
}

function refuse(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' }
  })
}

/** The file under root a request names, or why there is none. */
function fileFor(root: string, url: URL): { file: string } | { status: number; text: string } {
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { status: 403, text: 'forbidden: not this app' }
  let path: string
  try {
    path = decodeURIComponent(url.pathname)
  } catch {
    return { status: 400, text: 'bad path' }
  }
  // The URL parser already folded `..` segments; these are the ones smuggled in encoded (%2F, %5C)
  // or as a NUL, which no file name here contains.
  if (path.includes('\0')) return { status: 400, text: 'bad path' }
  const file = resolve(root, `.${path === '/' || path === '' ? '/index.html' : path}`)
  const inside = relative(root, file)
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return { status: 403, text: 'forbidden: outside the app' }
  return { file }
}

/** Answers socket-lab://app/<path> with the file at <path> under rendererDir, and nothing else. */
export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  const root = resolve(rendererDir)
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'method not allowed')
    let url: URL
    try {
      url = new URL(request.url)
    } catch {
      return refuse(400, 'bad url')
    }
    const found = fileFor(root, url)
    if (!('file' in found)) return refuse(found.status, found.text)
    try {
      // lstat: a link is not followed, so one planted in the folder cannot point out of it. (lstat,
      // unlike realpath, also works inside the packaged app's asar archive.)
      const info = await lstat(found.file)
      if (!info.isFile()) return refuse(404, 'not found')
      const body = request.method === 'HEAD' ? null : await readFile(found.file)
      return new Response(body, {
        status: 200,
        headers: {
          'Content-Type': mimeType(found.file),
          'Content-Length': String(info.size),
          'Content-Security-Policy': CONTENT_SECURITY_POLICY,
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'no-cache'
        }
      })
    } catch {
      return refuse(404, 'not found')
    }
  }
}

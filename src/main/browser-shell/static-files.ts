// Serves the built renderer. Only files under its folder, never a path that escapes it.
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json'
}

export async function serveStatic(root: string, urlPath: string, res: ServerResponse, headers: Record<string, string>): Promise<void> {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    res.writeHead(400, headers).end('bad path')
    return
  }
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '')
  const full = normalize(join(root, relative))
  if (full !== root && !full.startsWith(root.endsWith(sep) ? root : root + sep)) {
    res.writeHead(403, headers).end('forbidden')
    return
  }
  try {
    const info = await stat(full)
    if (!info.isFile()) throw new Error('not a file')
    res.writeHead(200, {
      ...headers,
      'Content-Type': MIME[extname(full)] ?? 'application/octet-stream',
      'Content-Length': String(info.size),
      'Cache-Control': 'no-cache'
    })
    createReadStream(full).pipe(res)
  } catch {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('not found')
  }
}

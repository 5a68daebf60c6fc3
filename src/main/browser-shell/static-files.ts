// Serves the built renderer. Only files under its folder, never a path that escapes it.
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { pipeline } from 'node:stream'

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
  const size = await stat(full).then(
    (info) => (info.isFile() ? info.size : undefined),
    () => undefined
  )
  if (size === undefined) {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('not found')
    return
  }
  res.writeHead(200, {
    ...headers,
    'Content-Type': MIME[extname(full)] ?? 'application/octet-stream',
    'Content-Length': String(size),
    'Cache-Control': 'no-cache'
  })
  // pipeline, not pipe: a read that fails after the headers went out closes the response (its length
  // can no longer be kept) instead of throwing, and a client that leaves mid-file closes the file.
  pipeline(createReadStream(full), res, () => undefined)
}

// A real browser shell on 127.0.0.1, port 0, serving a tiny renderer folder, and a way to get a
// session the way a browser does: present the URL's token once and keep the cookie it is traded for.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDownloads } from '../../../src/main/browser-shell/downloads'
import { startBrowserShell, type BrowserShell, type BrowserShellOptions } from '../../../src/main/browser-shell/server'
import { createEngine } from '../../../src/main/engine'
import type { Engine } from '../../../src/main/engine/types'
import { createHandlers } from '../../../src/main/handlers'
import { openSettingsStore } from '../../../src/main/settings-store'
import { openWorkspaceStore } from '../../../src/main/workspace-store'

export const APP_MARKER = 'Socket Lab</title>'

export interface ShellUnderTest {
  shell: BrowserShell
  engine: Engine
  dir: string
  stop(): Promise<void>
}

export async function startShell(options: Partial<BrowserShellOptions> = {}): Promise<ShellUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'socket-lab-shell-'))
  writeFileSync(join(dir, 'index.html'), `<!doctype html><title>${APP_MARKER}`)
  const engine = options.engine ?? createEngine()
  const downloads = options.downloads ?? createDownloads()
  const handlers =
    options.handlers ?? createHandlers({ engine, settings: await openSettingsStore(), transport: 'browser', workspace: await openWorkspaceStore(), exports: downloads })
  let shell: BrowserShell
  try {
    shell = await startBrowserShell({ host: '127.0.0.1', port: 0, rendererDir: dir, engine, handlers, downloads, ...options })
  } catch (err) {
    await engine.closeAll()
    rmSync(dir, { recursive: true, force: true })
    throw err
  }
  return {
    shell,
    engine,
    dir,
    stop: async () => {
      await shell.close()
      await engine.closeAll()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

export interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

export function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, method, agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** The `name=value` pair of the cookie a browser keeps after opening the printed URL. */
export async function openSession(shell: BrowserShell): Promise<string> {
  const reply = await get(shell.port, `/?token=${shell.token}`)
  if (reply.status !== 302) throw new Error(`the token was not accepted: ${reply.status}`)
  const setCookie = reply.headers['set-cookie']
  const first = Array.isArray(setCookie) ? setCookie[0] : setCookie
  if (!first) throw new Error('no cookie came with the token')
  return first.split(';')[0]!
}

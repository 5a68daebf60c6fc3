import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP_ENTRY_URL, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from '../../src/main/app-protocol'
import { CONTENT_SECURITY_POLICY } from '../../src/main/csp'

describe('the app protocol handler', () => {
  let base: string
  let handle: (request: Request) => Promise<Response>
  const get = (url: string, init?: RequestInit): Promise<Response> => handle(new Request(url, init))

  beforeAll(() => {
    // base/renderer is what is served; base/secret.txt and base/renderer-other sit right beside it.
    base = mkdtempSync(join(tmpdir(), 'socket-lab-protocol-'))
    const root = join(base, 'renderer')
    mkdirSync(join(root, 'assets'), { recursive: true })
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Socket Lab</title>')
    writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)')
    writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}')
    writeFileSync(join(root, 'assets', 'logo.svg'), '<svg/>')
    writeFileSync(join(root, 'assets', 'font.woff2'), Uint8Array.of(0x77, 0x4f, 0x46, 0x32))
    writeFileSync(join(root, 'assets', 'blob.xyz'), 'x')
    writeFileSync(join(base, 'secret.txt'), 'the secret')
    mkdirSync(join(base, 'renderer-other'))
    writeFileSync(join(base, 'renderer-other', 'index.html'), 'the neighbour')
    handle = createAppProtocolHandler(root)
  })
  afterAll(() => rmSync(base, { recursive: true, force: true }))

  it('registers a standard, secure scheme', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true })
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('bypassCSP')
    expect(APP_ENTRY_URL).toBe('socket-lab://app/index.html')
  })

  it('answers the renderer files with their bytes, MIME type and the Content-Security-Policy', async () => {
    const cases: [string, string, string][] = [
      ['socket-lab://app/index.html', 'text/html; charset=utf-8', '<!doctype html><title>Socket Lab</title>'],
      ['socket-lab://app/', 'text/html; charset=utf-8', '<!doctype html><title>Socket Lab</title>'],
      ['socket-lab://app/assets/index-abc.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
      ['socket-lab://app/assets/index-abc.css?v=2#x', 'text/css; charset=utf-8', 'body{}'],
      ['socket-lab://app/assets/logo.svg', 'image/svg+xml', '<svg/>'],
      ['socket-lab://app/assets/blob.xyz', 'application/octet-stream', 'x'],
      ['socket-lab://app/assets/%69ndex-abc.js', 'text/javascript; charset=utf-8', 'console.log(1)']
    ]
    for (const [url, type, body] of cases) {
      const res = await get(url)
      expect(res.status, url).toBe(200)
      expect(res.headers.get('content-type'), url).toBe(type)
      expect(res.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(await res.text(), url).toBe(body)
    }
    const font = await get('socket-lab://app/assets/font.woff2')
    expect(font.headers.get('content-type')).toBe('font/woff2')
    expect(new Uint8Array(await font.arrayBuffer())).toEqual(Uint8Array.of(0x77, 0x4f, 0x46, 0x32))
    const head = await get(APP_ENTRY_URL, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-length')).toBe('40')
  })

  it('refuses every path that escapes the renderer folder', async () => {
    const escapes = [
      'socket-lab://app/..%2fsecret.txt',
      'socket-lab://app/..%2Fsecret.txt',
      'socket-lab://app/assets/..%2f..%2fsecret.txt',
      'socket-lab://app/..%5csecret.txt',
      'socket-lab://app/%2e%2e%2fsecret.txt',
      'socket-lab://app/..%2frenderer-other/index.html',
      'socket-lab://app/assets%2f..%2f..%2fsecret.txt'
    ]
    for (const url of escapes) {
      const res = await get(url)
      // A backslash is a separator on Windows only; elsewhere it is part of a name that is not there.
      expect(res.status, url).toBe(url.includes('%5c') && process.platform !== 'win32' ? 404 : 403)
      const text = await res.text()
      expect(text, url).not.toContain('secret')
      expect(text, url).not.toContain('neighbour')
    }
    // Dot segments the URL parser folds stay inside: /../secret.txt is /secret.txt, which is not there.
    for (const url of ['socket-lab://app/..', 'socket-lab://app/%2e%2e', 'socket-lab://app/assets/..']) {
      expect(await (await get(url)).text(), url).toBe('<!doctype html><title>Socket Lab</title>')
    }
    expect((await get('socket-lab://app/../secret.txt')).status).toBe(404)
    expect((await get('socket-lab://app/assets/../../../secret.txt')).status).toBe(404)
    // An absolute path is a path under the folder, not one on the disk.
    expect((await get(`socket-lab://app/${join(base, 'secret.txt')}`)).status).toBe(404)
  })

  it('refuses other hosts, other schemes, bad encodings, NULs, folders and methods other than GET and HEAD', async () => {
    expect((await get('socket-lab://evil/index.html')).status).toBe(403)
    expect((await get('socket-lab://app.evil/index.html')).status).toBe(403)
    expect((await get('socket-lab://app:8080/index.html')).status).toBe(403)
    expect((await get('https://app/index.html')).status).toBe(403)
    expect((await get('socket-lab://app/%E0%A4%A')).status).toBe(400)
    expect((await get('socket-lab://app/index.html%00.png')).status).toBe(400)
    expect((await get('socket-lab://app/assets')).status).toBe(404)
    expect((await get('socket-lab://app/assets/')).status).toBe(404)
    expect((await get('socket-lab://app/missing.js')).status).toBe(404)
    expect((await get(APP_ENTRY_URL, { method: 'POST', body: 'x' })).status).toBe(405)
  })

  it('does not follow a link planted inside the folder out of it', async () => {
    const link = join(base, 'renderer', 'assets', 'link.txt')
    try {
      symlinkSync(join(base, 'secret.txt'), link)
    } catch {
      return expect.fail('could not make a symlink in the temp folder')
    }
    const res = await get('socket-lab://app/assets/link.txt')
    expect(res.status).toBe(404)
    expect(await res.text()).not.toContain('secret')
  })
})

// Saved bytes in the browser shell: a one-time download URL, served only to a session, streamed
// from the capture, gone after one fetch or a minute.
import { randomBytes } from 'node:crypto'
import { request } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { contentDisposition, createDownloads } from '../../../src/main/browser-shell/downloads'
import type { ExportStarted } from '../../../src/shared/api'
import { portOf, record, sha256, waitFor } from '../engine/helpers'
import { openApiSocket } from './api-socket'
import { openSession, startShell, type ShellUnderTest } from './shell-fixture'

function fetchBytes(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      const parts: Buffer[] = []
      res.on('data', (c: Buffer) => parts.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }))
    })
    req.on('error', reject)
    req.end()
  })
}

let t: ShellUnderTest | undefined

afterEach(async () => {
  await t?.stop()
  t = undefined
})

async function received(shell: ShellUnderTest, body: Uint8Array): Promise<{ server: string; peer: string }> {
  const server = await shell.engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0 })
  const client = await shell.engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: portOf(server) })
  for (let at = 0; at < body.byteLength; at += 100_000) await shell.engine.send(client.id, undefined, body.subarray(at, at + 100_000), { waitMs: 5000 })
  await waitFor(() => shell.engine.get(server.id).counters.bytesIn === body.byteLength, 'the upload', 10_000)
  return { server: server.id, peer: shell.engine.peers(server.id)[0]!.id }
}

describe('browser shell downloads', () => {
  it('streams saved bytes to the session once, under the sender\u2019s file name, and to nobody else', async () => {
    t = await startShell()
    const body = randomBytes(2 * 1024 * 1024 + 5)
    const { server, peer } = await received(t, body)
    const cookie = await openSession(t.shell)
    const api = await openApiSocket(t.shell, cookie)
    const r = await api.request('saveReceived', { endpointId: server, peerId: peer, fileName: '讲义 "1".pdf' })
    await api.close()
    expect(r.ok).toBe(true)
    const started = (r as { value: ExportStarted }).value
    expect(started).toMatchObject({ delivery: 'download', fileName: '讲义 -1-.pdf' })
    const url = (started as { url: string }).url
    expect(url).toMatch(/^\/download\/[A-Za-z0-9_-]{24}$/)

    expect((await fetchBytes(t.shell.port, url)).status).toBe(403)
    expect((await fetchBytes(t.shell.port, url, { Cookie: 'socket_lab_1=forged' })).status).toBe(403)
    const rec = record(t.engine)
    const got = await fetchBytes(t.shell.port, url, { Cookie: cookie })
    expect(got.status).toBe(200)
    expect(got.headers['content-type']).toBe('application/octet-stream')
    expect(got.headers['content-disposition']).toBe(contentDisposition('讲义 -1-.pdf'))
    expect(got.headers['cache-control']).toBe('no-store')
    expect(sha256(got.body)).toBe(sha256(body))
    await waitFor(() => rec.of('export').find((e) => e.progress.exportId === started.exportId && e.progress.state === 'done'), 'the save reported done')

    const again = await fetchBytes(t.shell.port, url, { Cookie: cookie })
    expect(again.status).toBe(404)
    expect(again.body.toString()).toMatch(/works once/)
  })

  it('lets a link that nobody fetched expire, and reports the save failed with why', async () => {
    t = await startShell({ downloads: createDownloads(100) })
    const { server, peer } = await received(t, randomBytes(1000))
    const rec = record(t.engine)
    const cookie = await openSession(t.shell)
    const api = await openApiSocket(t.shell, cookie)
    const r = (await api.request('saveReceived', { endpointId: server, peerId: peer })) as { ok: true; value: ExportStarted & { url: string } }
    await api.close()
    const end = await waitFor(() => rec.of('export').find((e) => e.progress.exportId === r.value.exportId && e.progress.state !== 'running'), 'the expired save')
    expect(end.progress).toMatchObject({ state: 'failed', error: { code: 'ETIMEDOUT' } })
    expect((await fetchBytes(t.shell.port, r.value.url, { Cookie: cookie })).status).toBe(404)
  })

  it('names the file for old and new browsers alike', () => {
    expect(contentDisposition('report.pdf')).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`)
    expect(contentDisposition('讲义 (1).txt')).toBe(`attachment; filename="__ (1).txt"; filename*=UTF-8''%E8%AE%B2%E4%B9%89%20%281%29.txt`)
  })
})

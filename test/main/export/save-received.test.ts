// The saveReceived request: a frame's payload, a range of chunks or a whole stream, saved to a file
// exactly as the bytes crossed, with progress; checked before anyone is asked where to save.
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dispatch } from '../../../src/main/dispatch'
import { createEngine, type Engine } from '../../../src/main/engine'
import { fileDelivery } from '../../../src/main/export/export-file'
import { savedFileName, type ExportDelivery } from '../../../src/main/export/export-jobs'
import { createHandlers } from '../../../src/main/handlers'
import { openSettingsStore } from '../../../src/main/settings-store'
import { openWorkspaceStore } from '../../../src/main/workspace-store'
import type { ExportProgress, ExportStarted, Handlers, Result } from '../../../src/shared/api'
import { portOf, record, sha256, tempDir, waitFor } from '../engine/helpers'

let engine: Engine
let dir: { path: string; remove: () => Promise<void> }

beforeEach(async () => {
  dir = await tempDir()
})

afterEach(async () => {
  await engine.closeAll()
  await dir.remove()
})

async function handlers(exports?: ExportDelivery): Promise<Handlers> {
  return createHandlers({ engine, settings: await openSettingsStore(), transport: 'electron', workspace: await openWorkspaceStore(), ...(exports ? { exports } : {}) })
}

/** A TCP server that received `body` from a client in many reads; answers its id and the peer's. */
async function upload(body: Uint8Array, pieces = 64): Promise<{ server: string; peer: string; client: string }> {
  const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, name: 'files' })
  const client = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: portOf(server) })
  const size = Math.ceil(body.byteLength / pieces)
  for (let at = 0; at < body.byteLength; at += size) await engine.send(client.id, undefined, body.subarray(at, at + size), { waitMs: 5000 })
  await waitFor(() => engine.get(server.id).counters.bytesIn === body.byteLength, 'every byte at the server', 10_000)
  return { server: server.id, peer: engine.peers(server.id)[0]!.id, client: client.id }
}

const progressOf = (rec: ReturnType<typeof record>, exportId: string): ExportProgress[] =>
  rec.of('export').map((e) => e.progress).filter((p) => p.exportId === exportId)

describe('the saveReceived request', () => {
  it('saves a whole multi-chunk stream whose sha256 equals what was sent, and reports progress to the end', async () => {
    engine = createEngine()
    const body = randomBytes(3 * 1024 * 1024 + 17)
    const { server, peer } = await upload(body)
    const chunks = engine.get(server).counters.chunksIn
    expect(chunks).toBeGreaterThan(1)
    const rec = record(engine)
    const h = await handlers(fileDelivery(async (name) => join(dir.path, name)))
    const r = (await dispatch(h, 'saveReceived', { endpointId: server, peerId: peer, fileName: 'lecture.mp4' })) as Result<ExportStarted>
    expect(r).toMatchObject({ ok: true, value: { delivery: 'file', fileName: 'lecture.mp4' } })
    const started = (r as { value: ExportStarted }).value
    const end = await waitFor(() => progressOf(rec, started.exportId).find((p) => p.state !== 'running'), 'the end of the save', 20_000)
    expect(end).toMatchObject({ state: 'done', format: 'bytes', bytes: body.byteLength, totalBytes: body.byteLength, fileBytes: body.byteLength, records: chunks })
    expect(sha256(readFileSync(join(dir.path, 'lecture.mp4')))).toBe(sha256(body))
    expect(readdirSync(dir.path)).toEqual(['lecture.mp4'])
  }, 30_000)

  it('saves a range across chunk boundaries (a frame\u2019s payload) byte for byte, and the bytes we sent', async () => {
    engine = createEngine()
    const body = randomBytes(200_000)
    const { server, peer, client } = await upload(body, 20)
    const h = await handlers(fileDelivery(async (name) => join(dir.path, name)))
    const rec = record(engine)
    const r = (await dispatch(h, 'saveReceived', { endpointId: server, peerId: peer, offset: 9_999, length: 150_001 })) as { ok: true; value: ExportStarted }
    expect(r.value.fileName).toMatch(/^socket-lab-files-\d{8}-\d{6}-received-9999-160000\.bin$/)
    await waitFor(() => progressOf(rec, r.value.exportId).find((p) => p.state === 'done'), 'the range saved')
    expect(sha256(readFileSync(join(dir.path, r.value.fileName)))).toBe(sha256(body.subarray(9_999, 160_000)))

    // A client's connection is its one peer; what it sent saves the same way.
    const sent = (await dispatch(h, 'saveReceived', { endpointId: client, peerId: engine.peers(client)[0]!.id, dir: 'out' })) as { ok: true; value: ExportStarted }
    expect(sent.ok).toBe(true)
    await waitFor(() => progressOf(rec, sent.value.exportId).find((p) => p.state === 'done'), 'the sent bytes saved')
    expect(sha256(readFileSync(join(dir.path, sent.value.fileName)))).toBe(sha256(body))
  })

  it('refuses a malformed request, a range past the end, a peer with nothing, and asks no one where to save', async () => {
    engine = createEngine()
    const { server, peer } = await upload(new Uint8Array(1000).fill(7), 4)
    let asked = 0
    const h = await handlers(fileDelivery(async (name) => (asked++, join(dir.path, name))))
    for (const request of [
      {},
      { endpointId: server },
      { endpointId: server, peerId: peer, length: 0 },
      { endpointId: server, peerId: peer, offset: -1 },
      { endpointId: server, peerId: peer, offset: 1.5 },
      { endpointId: server, peerId: peer, dir: 'sideways' },
      { endpointId: server, peerId: peer, path: '/etc/passwd' },
      { endpointId: server, peerId: peer, fileName: 'x'.repeat(300) }
    ]) {
      expect(await dispatch(h, 'saveReceived', request), JSON.stringify(request)).toMatchObject({ ok: false, error: { code: 'EINVAL' } })
    }
    expect(await dispatch(h, 'saveReceived', { endpointId: server, peerId: peer, offset: 900, length: 101 })).toMatchObject({
      ok: false,
      error: { code: 'ERANGE', message: expect.stringContaining('only 1000 bytes') }
    })
    expect(await dispatch(h, 'saveReceived', { endpointId: server, peerId: peer, offset: 1000 })).toMatchObject({ ok: false, error: { code: 'ERANGE' } })
    expect(await dispatch(h, 'saveReceived', { endpointId: server, peerId: peer, dir: 'out' })).toMatchObject({ ok: false, error: { code: 'ENODATA' } })
    expect(await dispatch(h, 'saveReceived', { endpointId: server, peerId: 'p404' })).toMatchObject({ ok: false, error: { code: 'ENODATA' } })
    expect(await dispatch(h, 'saveReceived', { endpointId: 'e404', peerId: peer })).toMatchObject({ ok: false, error: { code: 'EUNKNOWN' } })
    expect(await dispatch(await handlers(), 'saveReceived', { endpointId: server, peerId: peer })).toMatchObject({ ok: false, error: { code: 'ENOTSUP' } })
    expect(asked).toBe(0)
    expect(readdirSync(dir.path)).toEqual([])
  })

  it('says which bytes the capture let go instead of saving a file with a hole', async () => {
    // The capture keeps at least two 1 MiB slabs: send three times that.
    const size = 6 * 1024 * 1024
    engine = createEngine({ captureLimitBytes: 64 * 1024 })
    const { server, peer } = await upload(randomBytes(size), 48)
    const h = await handlers(fileDelivery(async (name) => join(dir.path, name)))
    const r = await dispatch(h, 'saveReceived', { endpointId: server, peerId: peer })
    expect(r).toMatchObject({ ok: false, error: { code: 'EDROPPED', message: expect.stringMatching(/no longer holds bytes 0\u2013\d+/), hint: expect.stringContaining('capture') } })
    // The newest bytes are still there to save.
    const tail = (await dispatch(h, 'saveReceived', { endpointId: server, peerId: peer, offset: size - 1000 })) as Result<ExportStarted>
    expect(tail.ok).toBe(true)
  })

  it('offers the sender\u2019s file name reduced to a plain, safe name', () => {
    expect(savedFileName('../../etc/passwd', 'f.bin')).toBe('passwd')
    expect(savedFileName('C:\\\\Users\\\\a\\\\report 2024.pdf', 'f.bin')).toBe('report 2024.pdf')
    expect(savedFileName('讲义.txt', 'f.bin')).toBe('讲义.txt')
    expect(savedFileName('a\u0000b<>|.txt', 'f.bin')).toBe('a-b-.txt')
    expect(savedFileName('..', 'f.bin')).toBe('f.bin')
    expect(savedFileName(undefined, 'f.bin')).toBe('f.bin')
  })
})

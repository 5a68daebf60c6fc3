// The exportCapture request as a window makes it: validated, delivered where the transport puts
// files, reported through `export` events, cancellable, and never leaving half a file behind.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dispatch } from '../../../src/main/dispatch'
import { createEngine, type Engine } from '../../../src/main/engine'
import { fileDelivery, openExportFile } from '../../../src/main/export/export-file'
import type { ExportDelivery, ExportOutput } from '../../../src/main/export/export-jobs'
import { createHandlers } from '../../../src/main/handlers'
import { openSettingsStore } from '../../../src/main/settings-store'
import { openWorkspaceStore } from '../../../src/main/workspace-store'
import type { ExportProgress, ExportStarted, Handlers, Result } from '../../../src/shared/api'
import { portOf, record, tempDir, text, waitFor } from '../engine/helpers'
import { problems, udpDatagrams } from '../../shared/export/tshark'

let engine: Engine
let dir: { path: string; remove: () => Promise<void> }

beforeEach(async () => {
  engine = createEngine()
  dir = await tempDir()
})

afterEach(async () => {
  await engine.closeAll()
  await dir.remove()
})

async function handlers(exports?: ExportDelivery): Promise<Handlers> {
  return createHandlers({ engine, settings: await openSettingsStore(), transport: 'electron', workspace: await openWorkspaceStore(), ...(exports ? { exports } : {}) })
}

async function udpTraffic(): Promise<string> {
  const udp = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0, name: 'lab: UDP/echo' })
  await engine.send(udp.id, { host: '127.0.0.1', port: portOf(udp) }, text('ping'))
  await waitFor(() => engine.get(udp.id).counters.chunksIn === 1, 'the datagram')
  return udp.id
}

const progressOf = (rec: ReturnType<typeof record>, exportId: string): ExportProgress[] =>
  rec.of('export').map((e) => e.progress).filter((p) => p.exportId === exportId)

describe('the exportCapture request', () => {
  it('writes the file the user picked and reports its progress to its end', async () => {
    const id = await udpTraffic()
    const rec = record(engine)
    let suggested = ''
    const h = await handlers(fileDelivery(async (name) => ((suggested = name), join(dir.path, 'chosen.pcapng'))))
    const result = (await dispatch(h, 'exportCapture', { format: 'pcapng' })) as Result<ExportStarted>
    expect(result.ok).toBe(true)
    const started = (result as { value: ExportStarted }).value
    expect(started).toMatchObject({ delivery: 'file', path: join(dir.path, 'chosen.pcapng') })
    // A name any file system takes, from the endpoint's name.
    expect(suggested).toMatch(/^socket-lab-lab-UDP-echo-\d{8}-\d{6}\.pcapng$/)
    expect(started.fileName).toBe(suggested)
    const end = await waitFor(() => progressOf(rec, started.exportId).find((p) => p.state !== 'running'), 'the end of the export')
    expect(end).toMatchObject({ state: 'done', format: 'pcapng', bytes: 8, totalBytes: 8, lostChunks: 0 })
    expect(end.records).toBeGreaterThanOrEqual(2)
    expect(end.fileBytes).toBe(readFileSync(join(dir.path, 'chosen.pcapng')).byteLength)
    expect(progressOf(rec, started.exportId)[0]!.state).toBe('running')
    expect(readdirSync(dir.path)).toEqual(['chosen.pcapng'])
    const file = join(dir.path, 'chosen.pcapng')
    expect(problems(file)).toEqual([])
    expect(udpDatagrams(file).map((d) => d.payload.toString())).toEqual(['ping', 'ping'])
    void id
  }, 60_000)

  it('writes only a filtered view when asked: one direction, text in any case, and no events with a text filter', async () => {
    const udp = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0 })
    for (const word of ['Ping', 'pong', 'PING again']) await engine.send(udp.id, { host: '127.0.0.1', port: portOf(udp) }, text(word))
    await waitFor(() => engine.get(udp.id).counters.chunksIn === 3, 'the datagrams')
    const rec = record(engine)
    const h = await handlers(fileDelivery(async () => join(dir.path, 'view.jsonl')))
    const result = (await dispatch(h, 'exportCapture', { format: 'jsonl', endpointIds: [udp.id], view: { dir: 'in', text: 'ping' } })) as { ok: true; value: ExportStarted }
    expect(result.ok).toBe(true)
    await waitFor(() => progressOf(rec, result.value.exportId).find((p) => p.state === 'done'), 'the end of the export')
    const lines = readFileSync(join(dir.path, 'view.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { dir?: string; text?: string; event: string })
    expect(lines.map((l) => [l.event, l.dir, l.text])).toEqual([
      ['data', 'in', 'Ping'],
      ['data', 'in', 'PING again']
    ])
    // A pcapng keeps whole connections: a view is refused, with what to do instead.
    const refused = (await dispatch(h, 'exportCapture', { format: 'pcapng', view: { dir: 'in' } })) as { ok: false; error: { code: string; hint: string } }
    expect(refused.ok).toBe(false)
    expect(refused.error.code).toBe('EINVAL')
    expect(refused.error.hint).toMatch(/text, CSV or JSON Lines/)
  })

  it('refuses what the schema does not allow: an unknown format, no endpoints, a path from the page', async () => {
    await udpTraffic()
    const h = await handlers(fileDelivery(async () => join(dir.path, 'x.pcapng')))
    const bad = [{ format: 'xml' }, { format: 'csv', endpointIds: [] }, { format: 'csv', path: '/etc/passwd' }, { format: 'pcapng', timeResolution: 'ms' }, {}]
    for (const request of bad) {
      const r = await dispatch(h, 'exportCapture', request)
      expect(r).toMatchObject({ ok: false, error: { code: 'EINVAL' } })
    }
    expect(readdirSync(dir.path)).toEqual([])
  })

  it('says so when the transport has nowhere to put a file, when there is nothing to export, and for an unknown endpoint', async () => {
    expect(await dispatch(await handlers(), 'exportCapture', { format: 'csv' })).toMatchObject({ ok: false, error: { code: 'ENOTSUP' } })
    const h = await handlers(fileDelivery(async () => join(dir.path, 'x.csv')))
    expect(await dispatch(h, 'exportCapture', { format: 'csv' })).toMatchObject({ ok: false, error: { code: 'ENOENT' } })
    expect(await dispatch(h, 'exportCapture', { format: 'csv', endpointIds: ['e404'] })).toMatchObject({ ok: false, error: { code: 'EUNKNOWN' } })
    await udpTraffic()
    expect(await dispatch(h, 'exportCapture', { format: 'csv', encoding: 'klingon' })).toMatchObject({ ok: false, error: { code: 'EINVAL', message: expect.stringContaining('klingon') } })
    expect(readdirSync(dir.path)).toEqual([])
  })

  it('writes nothing when the user cancels the save dialog', async () => {
    await udpTraffic()
    const rec = record(engine)
    const h = await handlers(fileDelivery(async () => undefined))
    const r = (await dispatch(h, 'exportCapture', { format: 'text' })) as { ok: true; value: ExportStarted }
    expect(r.value.delivery).toBe('cancelled')
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(rec.of('export')).toEqual([])
    expect(readdirSync(dir.path)).toEqual([])
  })

  it('cancels a running export, and reports a failed one, leaving nothing behind either time', async () => {
    await udpTraffic()
    const rec = record(engine)
    const aborted: string[] = []
    let release!: () => void
    const blocked = new Promise<void>((r) => (release = r))
    const output = (name: string, write: () => Promise<void>): ExportOutput => ({ write, finish: async () => expect.fail('must not finish'), abort: async () => void aborted.push(name) })
    let which = 0
    const delivery: ExportDelivery = {
      async deliver(_name, _mime, run) {
        const n = ++which
        void run(n === 1 ? output('blocked', () => blocked) : output('full disk', async () => Promise.reject(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }))))
        return { delivery: 'file', path: `/nowhere/${n}` }
      }
    }
    const h = await handlers(delivery)
    const first = (await dispatch(h, 'exportCapture', { format: 'jsonl' })) as { ok: true; value: ExportStarted }
    expect(await dispatch(h, 'cancelExport', { exportId: first.value.exportId })).toEqual({ ok: true, value: { cancelled: true } })
    release()
    const end = await waitFor(() => progressOf(rec, first.value.exportId).find((p) => p.state !== 'running'), 'the cancelled end')
    expect(end.state).toBe('cancelled')
    expect(end.error).toBeUndefined()
    expect(await dispatch(h, 'cancelExport', { exportId: first.value.exportId })).toEqual({ ok: true, value: { cancelled: false } })

    const second = (await dispatch(h, 'exportCapture', { format: 'jsonl' })) as { ok: true; value: ExportStarted }
    const failed = await waitFor(() => progressOf(rec, second.value.exportId).find((p) => p.state !== 'running'), 'the failed end')
    expect(failed).toMatchObject({ state: 'failed', error: { code: 'ENOSPC', message: 'no space left on device' } })
    expect(aborted).toEqual(['blocked', 'full disk'])
  })

  it('runs a few exports at once and refuses more until one ends', async () => {
    await udpTraffic()
    let release!: () => void
    const blocked = new Promise<void>((r) => (release = r))
    const delivery: ExportDelivery = {
      async deliver(_name, _mime, run) {
        void run({ write: () => blocked, finish: async () => undefined, abort: async () => undefined })
        return { delivery: 'download', url: '/exports/x' }
      }
    }
    const h = await handlers(delivery)
    for (let i = 0; i < 4; i++) expect((await dispatch(h, 'exportCapture', { format: 'csv' })).ok).toBe(true)
    expect(await dispatch(h, 'exportCapture', { format: 'csv' })).toMatchObject({ ok: false, error: { code: 'EBUSY' } })
    release()
    await waitFor(async () => (await dispatch(h, 'exportCapture', { format: 'csv' })).ok, 'room for another export')
  })
})

describe('an export file', () => {
  it('replaces the chosen file only once whole, and leaves no partial file when it fails', async () => {
    const path = join(dir.path, 'capture.csv')
    writeFileSync(path, 'old')
    const failing = await openExportFile(path)
    await failing.write(text('half of it'))
    await failing.abort()
    expect(readFileSync(path, 'utf8')).toBe('old')
    expect(readdirSync(dir.path)).toEqual(['capture.csv'])
    const whole = await openExportFile(path)
    await whole.write(text('new, '))
    await whole.write(text('whole'))
    expect(readFileSync(path, 'utf8')).toBe('old')
    await whole.finish()
    expect(readFileSync(path, 'utf8')).toBe('new, whole')
    expect(readdirSync(dir.path)).toEqual(['capture.csv'])
  })

  it('says which path it cannot write to', async () => {
    const path = join(dir.path, 'missing', 'capture.csv')
    await expect(openExportFile(path)).rejects.toMatchObject({ code: 'ENOENT', message: expect.stringContaining(path) })
    expect(existsSync(join(dir.path, 'missing'))).toBe(false)
  })
})

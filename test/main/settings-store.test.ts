import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, openSettingsStore } from '../../src/main/settings-store'

describe('settings store', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'socket-lab-settings-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('starts from defaults and persists an update across reopening', async () => {
    const store = await openSettingsStore(dir)
    expect(store.get()).toEqual(DEFAULT_SETTINGS)
    await store.update({ language: 'zh-CN', captureLimitBytes: 64 * 1024 * 1024 })
    const again = await openSettingsStore(dir)
    expect(again.get()).toMatchObject({ language: 'zh-CN', captureLimitBytes: 64 * 1024 * 1024, theme: 'system' })
    // Written atomically: no temp file is left beside it.
    expect(readdirSync(dir)).toEqual(['settings.json'])
  })

  it('sets a corrupt file aside, says so, and uses defaults', async () => {
    writeFileSync(join(dir, 'settings.json'), '{"theme": "dark", oops')
    const store = await openSettingsStore(dir)
    expect(store.get()).toEqual(DEFAULT_SETTINGS)
    expect(store.notice).toMatch(/could not be read/)
    const aside = readdirSync(dir).find((f) => f.startsWith('settings.json.corrupt-'))
    expect(aside).toBeDefined()
    expect(readFileSync(join(dir, aside!), 'utf8')).toContain('oops')
  })

  it('keeps valid fields and replaces invalid ones with defaults', async () => {
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ theme: 'dark', language: 'klingon', previewBytes: -1 }))
    const store = await openSettingsStore(dir)
    expect(store.get()).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark' })
  })
})

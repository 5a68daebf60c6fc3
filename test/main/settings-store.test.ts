import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, rmdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, openSettingsStore } from '../../src/main/settings-store'
import type { SettingsPatch } from '../../src/shared/api'

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

  // Patches of different lengths, so that two writes landing in one file would leave a tail behind.
  const patchFor = (round: number, i: number): SettingsPatch => ({
    previewBytes: 16 + ((round * 7919 + i * 104729) % 4000),
    theme: (['dark', 'light', 'system'] as const)[(round + i) % 3],
    language: (round * 8 + i) % 5 < 2 ? 'zh-CN' : 'en'
  })

  it('keeps a parseable file equal to the last state through many rounds of concurrent updates', async () => {
    const store = await openSettingsStore(dir)
    for (let round = 0; round < 60; round++) {
      const patches = Array.from({ length: 8 }, (_, i) => patchFor(round, i))
      const results = await Promise.all(patches.map((p) => store.update(p)))
      // Updates apply in the order they were made: the last one answered with everything before it.
      expect(results[7]).toEqual({ ...DEFAULT_SETTINGS, ...patches.reduce((a, p) => ({ ...a, ...p }), {}) })
      const onDisk = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as unknown
      expect(onDisk).toEqual(store.get())
      expect(onDisk).toEqual(results[7])
    }
    expect(readdirSync(dir)).toEqual(['settings.json'])
  })

  it('a write that fails rejects with a clear error, keeps the last saved state and leaves no temp file', async () => {
    const store = await openSettingsStore(dir)
    const saved = await store.update({ theme: 'dark' })
    // The file's place taken by a directory: the rename over it fails, whoever runs the test.
    rmSync(join(dir, 'settings.json'))
    mkdirSync(join(dir, 'settings.json'))
    const attempts = await Promise.allSettled([store.update({ theme: 'light' }), store.update({ language: 'zh-CN' })])
    for (const attempt of attempts) {
      expect(attempt.status).toBe('rejected')
      const err = (attempt as PromiseRejectedResult).reason as { code: string; message: string; hint: string }
      expect(err.code).toMatch(/^E[A-Z]+$/)
      expect(err.message).toContain(join(dir, 'settings.json'))
      expect(err.message).toMatch(/could not save the settings/)
      expect(err.hint).toMatch(/writable/)
    }
    expect(store.get()).toEqual(saved)
    expect(readdirSync(dir)).toEqual(['settings.json'])

    // Once the place is free again, the next update starts from the saved state, not the failed ones.
    rmdirSync(join(dir, 'settings.json'))
    expect(await store.update({ previewBytes: 512 })).toEqual({ ...saved, previewBytes: 512 })
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({ ...saved, previewBytes: 512 })
  })

  it('a folder that cannot be made fails the update and keeps the state', async () => {
    const folder = join(dir, 'inner')
    const store = await openSettingsStore(folder)
    writeFileSync(folder, 'a file where the folder should be')
    await expect(store.update({ theme: 'dark' })).rejects.toMatchObject({ code: expect.stringMatching(/^E[A-Z]+$/), hint: expect.stringMatching(/writable/) })
    expect(store.get()).toEqual(DEFAULT_SETTINGS)
    expect(readdirSync(dir)).toEqual(['inner'])
  })
})

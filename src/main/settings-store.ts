// User settings, kept in memory and persisted as JSON in the app's data folder.
import { join } from 'node:path'
import { z } from 'zod'
import type { Settings, SettingsPatch } from '../shared/api'
import { createSerialQueue, loadJson, saveJson } from './json-file'

export const DEFAULT_SETTINGS: Settings = {
  captureLimitBytes: 256 * 1024 * 1024,
  previewBytes: 4096,
  theme: 'system',
  language: 'en'
}

const storedSettings = z.object({
  captureLimitBytes: z.number().int().positive().catch(DEFAULT_SETTINGS.captureLimitBytes),
  previewBytes: z.number().int().min(16).max(4096).catch(DEFAULT_SETTINGS.previewBytes),
  theme: z.enum(['system', 'light', 'dark']).catch(DEFAULT_SETTINGS.theme),
  language: z.enum(['en', 'zh-CN']).catch(DEFAULT_SETTINGS.language)
})

export interface SettingsStore {
  get(): Settings
  update(patch: SettingsPatch): Promise<Settings>
  /** Set when the stored file could not be read and defaults are in use. */
  readonly notice?: string
}

/** A store backed by `settings.json` in dir; with no dir, settings live in memory only. */
export async function openSettingsStore(dir?: string): Promise<SettingsStore> {
  const path = dir ? join(dir, 'settings.json') : undefined
  let current = { ...DEFAULT_SETTINGS }
  let notice: string | undefined
  if (path) {
    const loaded = await loadJson(path, (raw) => storedSettings.parse(raw), current)
    current = loaded.value
    if (loaded.setAside) notice = `The settings file could not be read; it was moved to ${loaded.setAside} and defaults are used.`
  }
  // Updates run one at a time, each on top of the one before. `current` only changes once the file
  // holds the new settings, so a failed write leaves memory and disk agreeing on the old ones.
  const serial = createSerialQueue()
  return {
    get: () => ({ ...current }),
    update(patch) {
      return serial(async () => {
        const next = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) }
        if (path) await saveJson(path, next, 'theSettings')
        current = next
        return { ...current }
      })
    },
    ...(notice ? { notice } : {})
  }
}

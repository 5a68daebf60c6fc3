// Starts `socket-lab serve` as a real process (built CLI, port 0, a fresh config folder) and hands the
// test the URL it printed.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test as base } from '@playwright/test'
import { serveWithConfig } from './serve-process'

export interface ServedShell {
  url: string
  origin: string
}

export async function startServe(): Promise<ServedShell & { stop(): Promise<void> }> {
  const configDir = mkdtempSync(join(tmpdir(), 'socket-lab-e2e-'))
  const served = await serveWithConfig(configDir)
  return {
    url: served.url,
    origin: new URL(served.url).origin,
    stop: async () => {
      await served.stop()
      rmSync(configDir, { recursive: true, force: true })
    }
  }
}

export const test = base.extend<object, { shell: ServedShell }>({
  shell: [
    // Playwright reads the fixtures a function needs from its first parameter; this one needs none.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const shell = await startServe()
      await use(shell)
      await shell.stop()
    },
    { scope: 'worker' }
  ]
})

export { expect } from '@playwright/test'

// The same smoke against the built desktop app, wherever an Electron runtime is installed.
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'

function electronBinary(): { path?: string; reason?: string } {
  try {
    // The electron package exports the path of its runtime, or throws when the runtime is missing.
    const path = require('electron') as unknown as string
    if (typeof path === 'string' && existsSync(path)) return { path }
    return { reason: `the Electron runtime is not installed at ${String(path)}` }
  } catch (err) {
    return { reason: `the Electron runtime is not installed (${(err as Error).message.split('\n')[0]})` }
  }
}

const runtime = electronBinary()

test.describe('desktop app smoke', () => {
  test.skip(!runtime.path, `Skipped: ${runtime.reason ?? ''}. It downloads on first \`npm start\` where the internet is reachable; the browser-shell smoke covers the renderer here.`)

  test('the window loads, the bridge connects and app info is shown', async () => {
    const app = await electron.launch({ executablePath: runtime.path!, args: [join(__dirname, '..', '..')] })
    try {
      const page = await app.firstWindow()
      await expect(page.getByRole('heading', { name: 'Socket Lab' })).toBeVisible()
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected')
      await expect(page.getByTestId('app-info-transport')).toHaveText('Electron window')
      const exposed = await page.evaluate(() => Object.keys((window as unknown as { socketLab: object }).socketLab).length)
      expect(exposed).toBeGreaterThan(10)
      const hasRequire = await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)
      expect(hasRequire).toBe('undefined')
      mkdirSync('test-results/screenshots', { recursive: true })
      await page.screenshot({ path: 'test-results/screenshots/electron-smoke.png' })
    } finally {
      await app.close()
    }
  })
})

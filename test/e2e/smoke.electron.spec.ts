// The same smoke against the built desktop app, wherever an Electron runtime is installed.
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'

function electronBinary(): { path?: string; reason?: string } {
  // Read where the electron package keeps its runtime instead of requiring it: requiring it starts a
  // download when the runtime is missing.
  const pkg = join(__dirname, '..', '..', 'node_modules', 'electron')
  const pathFile = join(pkg, 'path.txt')
  if (!existsSync(pathFile)) return { reason: 'the Electron runtime is not installed (node_modules/electron/path.txt is missing)' }
  const path = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(path) ? { path } : { reason: `the Electron runtime is not installed at ${path}` }
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
      const exposed = await page.evaluate(() => Object.keys((globalThis as unknown as { socketLab: object }).socketLab).length)
      expect(exposed).toBeGreaterThan(10)
      const hasRequire = await page.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require)
      expect(hasRequire).toBe('undefined')
      mkdirSync('test-results/screenshots', { recursive: true })
      await page.screenshot({ path: 'test-results/screenshots/electron-smoke.png' })
    } finally {
      await app.close()
    }
  })
})

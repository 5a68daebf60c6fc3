import { createRequire } from 'node:module'
import { defineConfig } from '@playwright/test'

// The browser: CHROMIUM_PATH when set (`npm test` sets it to the one it found or installed), else the
// first Chromium or Chrome scripts/lib/find-chromium.cjs finds here (a system one, then Playwright's
// own). Playwright downloads nothing by itself.
const { findChromium } = createRequire(__filename)('./scripts/lib/find-chromium.cjs') as {
  findChromium(): { path: string } | undefined
}
const chromiumPath = process.env.CHROMIUM_PATH || findChromium()?.path

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/playwright',
  timeout: 30_000,
  retries: 0,
  workers: 1,
  reporter: process.env.PW_REPORTER === 'json' ? [['list'], ['json', { outputFile: 'test-results/playwright.json' }]] : 'list',
  use: {
    launchOptions: {
      ...(chromiumPath ? { executablePath: chromiumPath } : {}),
      // Without the background-networking flags Chromium keeps trying to reach the internet.
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run'
      ]
    }
  },
  projects: [
    { name: 'browser', testMatch: /.*\.browser\.spec\.ts/ },
    { name: 'electron', testMatch: /.*\.electron\.spec\.ts/ }
  ]
})

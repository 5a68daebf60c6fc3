import { existsSync } from 'node:fs'
import { defineConfig } from '@playwright/test'

// Playwright does not download browsers here: use the system Chromium (CHROMIUM_PATH, default
// /usr/bin/chromium) when it exists, else whatever Playwright has installed itself.
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/playwright',
  timeout: 30_000,
  retries: 0,
  workers: 1,
  reporter: process.env.PW_REPORTER === 'json' ? [['list'], ['json', { outputFile: 'test-results/playwright.json' }]] : 'list',
  use: {
    launchOptions: {
      ...(existsSync(chromiumPath) ? { executablePath: chromiumPath } : {}),
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

// Steps the playground tests share: open endpoints through the New menu, pick one, send from the
// composer, read the timeline, and save screenshots in light and dark.
import { mkdirSync } from 'node:fs'
import { expect, type Locator, type Page } from '@playwright/test'

export const SCREENSHOTS = 'test-results/screenshots'

export type KindLabel = 'TCP server' | 'TCP client' | 'UDP socket' | 'Unix server' | 'Unix client'

/** Opens an endpoint with the form's defaults (plus any field changes) and returns its sidebar item. */
export async function newEndpoint(page: Page, kind: KindLabel, fields: Record<string, string> = {}): Promise<Locator> {
  const before = await page.getByTestId('endpoint-item').count()
  await page.getByTestId('new-endpoint').click()
  await page.getByRole('menuitem', { name: kind, exact: true }).click()
  const form = page.getByTestId('endpoint-form')
  await expect(form).toBeVisible()
  for (const [label, value] of Object.entries(fields)) await form.getByLabel(label, { exact: true }).fill(value)
  await form.getByTestId('endpoint-form-submit').click()
  await expect(form).toHaveCount(0)
  await expect(page.getByTestId('endpoint-item')).toHaveCount(before + 1)
  const item = page.getByTestId('endpoint-item').nth(await indexOfNewest(page, before))
  return item
}

async function indexOfNewest(page: Page, before: number): Promise<number> {
  // The sidebar groups servers before clients, so the newest is not always last: find the selected one.
  const items = page.getByTestId('endpoint-item')
  for (let i = 0; i < before + 1; i++) if ((await items.nth(i).getAttribute('aria-current')) === 'true') return i
  return before
}

/** The port an endpoint got, read from its sidebar item (`127.0.0.1:40123`). */
export async function portOf(item: Locator): Promise<number> {
  await expect(item.getByTestId('endpoint-address')).toHaveText(/:\d+$/)
  const text = (await item.getByTestId('endpoint-address').textContent()) ?? ''
  return Number(text.split(':').pop())
}

export async function send(page: Page, mode: 'escaped' | 'text' | 'hex' | 'base64', text: string): Promise<void> {
  await page.getByTestId('composer-mode').selectOption(mode)
  const box = page.getByTestId('composer-text')
  await box.fill(text)
  await expect(page.getByTestId('composer-preview')).toBeVisible()
  await box.press('Control+Enter')
  await expect(page.getByTestId('composer').getByTestId('error-note')).toHaveCount(0)
}

/** Timeline rows whose preview contains `text`. */
export function rows(page: Page, text: string | RegExp): Locator {
  return page.getByTestId('timeline-row').filter({ has: page.getByTestId('timeline-preview').filter({ hasText: text }) })
}

export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    await page.screenshot({ path: `${SCREENSHOTS}/${name}-${colorScheme}.png` })
  }
  await page.emulateMedia({ colorScheme: 'light' })
}

/** Screenshots in light and dark, in English and then in Chinese; the window is left in English. */
export async function shootInBothLanguages(page: Page, name: string): Promise<void> {
  await shoot(page, `${name}-en`)
  await page.getByTestId('language-select').selectOption('zh-CN')
  await expect(page.getByRole('heading', { name: '端点', exact: true })).toBeVisible()
  await shoot(page, `${name}-zh`)
  await page.getByTestId('language-select').selectOption('en')
  await expect(page.getByRole('heading', { name: 'Endpoints', exact: true })).toBeVisible()
}

/** Fails the test on any error the page logs. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (err) => errors.push(err.message))
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text())
  })
  return errors
}

/** Opens the window and waits until it shows the engine's endpoints (none, or the list). */
export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected')
  await expect(page.getByTestId('endpoints-empty').or(page.getByTestId('endpoint-list'))).toBeVisible()
}

/** Removes every endpoint through the window, so the next test starts from an empty engine. */
export async function removeAll(page: Page): Promise<void> {
  const items = page.getByTestId('endpoint-item')
  for (let n = await items.count(); n > 0; n--) {
    await items.first().click()
    await page.getByTestId('endpoint-header').getByRole('button', { name: /^(Remove|删除)$/ }).click()
    await expect(items).toHaveCount(n - 1)
  }
  await workspaceSaved(page)
}

/** Waits until the window has written its workspace (saves are debounced). */
export async function workspaceSaved(page: Page): Promise<void> {
  await expect(page.getByTestId('status-bar')).toHaveAttribute('data-workspace-saved', 'true')
}

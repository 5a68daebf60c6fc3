import { mkdirSync } from 'node:fs'
import { expect, test } from './shell-fixture'

test.describe('browser shell smoke', () => {
  test('the app loads, the bridge connects and app info is shown', async ({ page, shell }) => {
    const pageErrors: string[] = []
    page.on('pageerror', (err) => pageErrors.push(err.message))
    page.on('console', (msg) => {
      if (msg.type() === 'error') pageErrors.push(msg.text())
    })

    await page.goto(shell.url)
    // The token went into a cookie and out of the address bar.
    await expect(page).toHaveURL(`${shell.origin}/`)
    await expect(page.getByRole('heading', { name: 'Socket Lab', exact: true })).toBeVisible()
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected')
    await expect(page.getByTestId('app-info-transport')).toHaveText('Browser shell')
    await expect(page.getByTestId('app-info-version')).toHaveText(/^\d+\.\d+\.\d+/)
    await expect(page.getByTestId('endpoints-empty')).toBeVisible()

    mkdirSync('test-results/screenshots', { recursive: true })
    await page.screenshot({ path: 'test-results/screenshots/smoke-empty.png' })

    await page.getByRole('button', { name: 'New TCP server' }).click()
    await page.getByTestId('endpoint-form-submit').click()
    const address = page.getByTestId('endpoint-address')
    await expect(address).toHaveText(/^127\.0\.0\.1:\d+$/)
    const port = Number((await address.textContent())!.split(':')[1])
    expect(port).toBeGreaterThan(0)
    await page.screenshot({ path: 'test-results/screenshots/smoke-endpoint.png' })

    expect(pageErrors).toEqual([])
  })

  test('a page without the token gets nothing', async ({ page, shell }) => {
    const response = await page.goto(`${shell.origin}/`)
    expect(response?.status()).toBe(403)
    await expect(page.getByRole('heading', { name: 'Socket Lab', exact: true })).toHaveCount(0)
  })
})

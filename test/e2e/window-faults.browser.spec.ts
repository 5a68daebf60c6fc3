// Faults people met in the window, each replayed through the browser shell against real sockets.
import { createServer, type Server } from 'node:net'
import { expect, test } from './shell-fixture'
import { newEndpoint, openApp, removeAll, send, shoot, watchErrors } from './playground-helpers'

/** A port held by a plain Node server, so a Create on it fails with EADDRINUSE. */
async function holdPort(): Promise<{ port: number; server: Server }> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('no port')
  return { port: address.port, server }
}

test.describe('window faults', () => {
  test.setTimeout(60_000)

  test.beforeEach(async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 })
  })

  test.afterEach(async ({ page }) => {
    await removeAll(page)
  })

  test('Escape closes the New-endpoint dialog after a failed Create, and the focus goes back to New', async ({ page, shell }) => {
    const errors = watchErrors(page)
    const held = await holdPort()
    try {
      await openApp(page, shell.url)
      const form = page.getByTestId('endpoint-form')
      // A client form with no server to fill it from: the empty port is not red before anything is typed.
      await page.getByTestId('new-endpoint').click()
      await page.getByRole('menuitem', { name: 'TCP client', exact: true }).click()
      await expect(form.getByLabel('Port', { exact: true })).toHaveValue('')
      await expect(page.getByTestId('field-error-port')).toHaveCount(0)
      await expect(form.getByLabel('Port', { exact: true })).not.toHaveAttribute('aria-invalid', 'true')
      await shoot(page, 'new-client-untouched')
      await page.keyboard.press('Escape')
      await expect(form).toHaveCount(0)

      await page.getByTestId('new-endpoint').click()
      await page.getByRole('menuitem', { name: 'TCP server', exact: true }).click()
      await form.getByLabel('Port', { exact: true }).fill(String(held.port))
      await page.getByTestId('endpoint-form-submit').click()
      await expect(form.getByTestId('error-note')).toContainText('EADDRINUSE')
      // The error is said once, in the dialog, not again behind it.
      await expect(page.getByTestId('error-note')).toHaveCount(1)
      await shoot(page, 'failed-create')
      await page.keyboard.press('Escape')
      await expect(form).toHaveCount(0)
      await expect(page.getByTestId('new-endpoint')).toBeFocused()
      expect(errors).toEqual([])
    } finally {
      held.server.close()
    }
  })

  test('the hex dump shows its text column whole in the inspector at its default width', async ({ page, shell }) => {
    const errors = watchErrors(page)
    await openApp(page, shell.url)
    const server = await newEndpoint(page, 'TCP server')
    await newEndpoint(page, 'TCP client')
    const text = 'The quick brown fox jumps over the lazy dog, twice: the quick brown fox.'
    await send(page, 'text', text)
    await server.click()
    await page.locator('[data-testid="timeline-row"][data-dir="in"]').first().click()
    const dump = page.getByTestId('hex-dump')
    await expect(dump.getByTestId('hex-row').first()).toBeVisible()
    // The inspector is at its default width.
    expect(Math.round((await page.locator('.right-pane').boundingBox())!.width)).toBe(440)
    const box = (await dump.boundingBox())!
    const ascii = dump.locator('.hex-ascii')
    await expect(ascii.first()).toBeVisible()
    // Every text cell of the first rows lies inside the dump's visible box, not cut at its edge.
    for (let i = 0; i < 3; i++) {
      const cell = (await ascii.nth(i).boundingBox())!
      expect(cell.x + cell.width).toBeLessThanOrEqual(box.x + box.width)
    }
    // The text column reads the bytes in order, row after row.
    const joined = (await ascii.allTextContents()).join('')
    expect(joined.startsWith('The quick brown fox jumps')).toBe(true)
    await shoot(page, 'hex-dump-default-width')
    expect(errors).toEqual([])
  })
})

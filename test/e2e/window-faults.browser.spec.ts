// Faults people met in the window, each replayed through the browser shell against real sockets.
import { createServer, type Server } from 'node:net'
import { expect, test } from './shell-fixture'
import { openApp, removeAll, shoot, watchErrors } from './playground-helpers'

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
})

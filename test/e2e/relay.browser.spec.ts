// A relay in the window: made from the New menu between a TCP client and an upper-case server,
// its faults noted in its timeline, and changed while it runs.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from './shell-fixture'
import { newEndpoint, openApp, portOf, removeAll, rows, send, shoot, shootInBothLanguages, watchErrors } from './playground-helpers'

test.describe('a relay in the window', () => {
  test.setTimeout(60_000)

  test.beforeEach(async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 })
  })

  test.afterEach(async ({ page }) => {
    await removeAll(page)
  })

  test('splits what crosses it into 3-byte pieces, says so, and stops when told', async ({ page, shell }) => {
    const errors = watchErrors(page)
    await openApp(page, shell.url)
    await page.getByTestId('new-endpoint').click()
    await page.getByRole('menuitem', { name: 'TCP server', exact: true }).click()
    await page.getByTestId('endpoint-form').getByLabel('Answers by itself').selectOption('upper')
    await page.getByTestId('endpoint-form-submit').click()
    const server = page.getByTestId('endpoint-item').first()
    const serverPort = await portOf(server)

    await page.getByTestId('new-endpoint').click()
    await page.getByRole('menuitem', { name: 'TCP relay', exact: true }).click()
    const form = page.getByTestId('endpoint-form')
    // The newest TCP server is offered as the upstream.
    await expect(form.getByLabel('Upstream port')).toHaveValue(String(serverPort))
    await form.getByLabel('Split into pieces of (bytes)').fill('3')
    await shoot(page, 'relay-form')
    await form.getByTestId('endpoint-form-submit').click()
    await expect(form).toHaveCount(0)
    const relay = page.getByTestId('endpoint-item').filter({ hasText: 'TCP relay' })
    const relayPort = await portOf(relay)

    await page.getByTestId('new-endpoint').click()
    await page.getByRole('menuitem', { name: 'TCP client', exact: true }).click()
    await page.getByTestId('endpoint-form').getByLabel('Port', { exact: true }).fill(String(relayPort))
    await page.getByTestId('endpoint-form-submit').click()
    await expect(page.getByTestId('endpoint-state')).toHaveAttribute('data-state', 'connected')
    await send(page, 'text', 'hello relay')

    await relay.click()
    await expect(rows(page, 'hello relay')).toHaveCount(1)
    await expect(page.getByTestId('timeline-row').filter({ hasText: 'Relay to upstream: split into 3-byte pieces' })).toHaveCount(1)
    await expect(page.getByTestId('timeline-row').filter({ hasText: 'Relay to client: split into 3-byte pieces' })).toHaveCount(1)
    // Case matters: the answer's first 3-byte piece, not the question.
    await expect(rows(page, /HEL/)).toHaveCount(1)
    await shoot(page, 'relay-timeline')

    // Faults off while it runs: the next answer goes whole.
    await page.getByTestId('relay-faults').locator('summary').click()
    await expect(page.getByTestId('relay-live-chunk')).toHaveValue('3')
    await page.getByTestId('relay-live-chunk').fill('')
    await page.getByTestId('relay-live-apply').click()
    await expect(page.getByTestId('relay-live-apply')).toBeDisabled()
    await page.getByTestId('endpoint-item').filter({ hasText: 'TCP client' }).click()
    await send(page, 'text', 'whole again')
    await relay.click()
    await expect(rows(page, /WHOLE AGAIN/)).toHaveCount(1)
    expect(errors).toEqual([])
  })

  test('forwards to a Unix server by its path, and names the upstream as unix:PATH', async ({ page, shell }) => {
    const errors = watchErrors(page)
    const dir = mkdtempSync(join(tmpdir(), 'socket-lab-e2e-'))
    const path = join(dir, 'upstream.sock')
    try {
      await openApp(page, shell.url)
      await page.getByTestId('new-endpoint').click()
      await page.getByRole('menuitem', { name: 'Unix server', exact: true }).click()
      const serverForm = page.getByTestId('endpoint-form')
      await serverForm.getByLabel('Socket path').fill(path)
      await serverForm.getByLabel('Answers by itself').selectOption('upper')
      await serverForm.getByTestId('endpoint-form-submit').click()
      await expect(serverForm).toHaveCount(0)

      await page.getByTestId('new-endpoint').click()
      await page.getByRole('menuitem', { name: 'TCP relay', exact: true }).click()
      const form = page.getByTestId('endpoint-form')
      // TLS first, to see its options and the warning that comes with turning checks off.
      await form.getByLabel('The upstream speaks').selectOption('tls')
      await form.getByTestId('relay-tls-insecure').check()
      await expect(form.getByTestId('relay-tls-insecure-warning')).toBeVisible()
      await form.getByLabel('Upstream host').scrollIntoViewIfNeeded()
      await shootInBothLanguages(page, 'relay-form-tls')
      await form.getByLabel('The upstream speaks').selectOption('unix')
      await form.getByLabel('Upstream socket path').fill(path)
      await shoot(page, 'relay-form-unix')
      await form.getByTestId('endpoint-form-submit').click()
      await expect(form).toHaveCount(0)
      const relay = page.getByTestId('endpoint-item').filter({ hasText: 'TCP relay' })
      const relayPort = await portOf(relay)
      await relay.click()
      await expect(page.getByTestId('endpoint-remote')).toHaveText(`unix:${path}`)

      await newEndpoint(page, 'TCP client', { Port: String(relayPort) })
      await expect(page.getByTestId('endpoint-state')).toHaveAttribute('data-state', 'connected')
      await send(page, 'text', 'over a unix socket')
      await relay.click()
      // Case matters (a plain string would match either): the question in, the upper-cased answer out.
      await expect(rows(page, /over a unix socket/)).toHaveCount(1)
      await expect(rows(page, /OVER A UNIX SOCKET/)).toHaveCount(1)
      expect(errors).toEqual([])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

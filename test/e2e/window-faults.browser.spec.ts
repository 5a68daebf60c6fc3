// Faults people met in the window, each replayed through the browser shell against real sockets.
import { createServer, type Server } from 'node:net'
import { expect, test } from './shell-fixture'
import { newEndpoint, openApp, removeAll, rows, send, shoot, shootInBothLanguages, watchErrors, workspaceSaved } from './playground-helpers'

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
      // The client form fills its port from a server; with none, the port starts empty.
      await removeAll(page)
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

  test('a start that fails on a taken port shows its error once in the header', async ({ page, shell }) => {
    const errors = watchErrors(page)
    const probe = await holdPort()
    const port = probe.port
    await new Promise<void>((resolve) => probe.server.close(() => resolve()))
    await openApp(page, shell.url)
    await newEndpoint(page, 'TCP server', { Port: String(port), Name: 'fixed port' })
    await page.getByTestId('endpoint-header').getByRole('button', { name: 'Stop' }).click()
    await expect(page.getByTestId('endpoint-state')).toHaveAttribute('data-state', 'closed')
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(port, '127.0.0.1', resolve))
    try {
      await page.getByTestId('endpoint-header').getByRole('button', { name: 'Start' }).click()
      await expect(page.getByTestId('endpoint-state')).toHaveAttribute('data-state', 'error')
      await expect(page.getByTestId('endpoint-header').getByTestId('error-note')).toHaveCount(1)
      await expect(page.getByTestId('error-note')).toHaveCount(1)
      await expect(page.getByTestId('error-note')).toContainText('EADDRINUSE')
      await shootInBothLanguages(page, 'failed-start')
    } finally {
      taken.close()
    }
    expect(errors).toEqual([])
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

  test('each endpoint keeps its own composer, across a reload: a plain command goes plain', async ({ page, shell }) => {
    const errors = watchErrors(page)
    await openApp(page, shell.url)
    const files = await newEndpoint(page, 'TCP server', { Name: 'file server', Framing: 'json-header' })
    const commands = await newEndpoint(page, 'TCP server', { Name: 'command server' })
    const client = await newEndpoint(page, 'TCP client', { Name: 'command client' })
    // The client connected to the newest server: the command server. Its composer starts raw.
    await expect(page.getByTestId('composer-framing')).toHaveValue('raw')
    await files.click()
    await expect(page.getByTestId('composer-framing')).toHaveValue('json-header')
    await page.getByTestId('composer-text').fill('upload')
    await client.click()
    await expect(page.getByTestId('composer-text')).toHaveValue('')
    await send(page, 'text', 'ls')
    await commands.click()
    await expect(rows(page, /^ls$/)).toHaveCount(1)
    await expect(page.locator('[data-testid="timeline-row"][data-dir="in"]').first().locator('.tl-len')).toHaveText('2')
    await workspaceSaved(page)
    await page.reload()
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected')
    await page.getByTestId('endpoint-item').filter({ hasText: 'file server' }).click()
    await expect(page.getByTestId('composer-text')).toHaveValue('upload')
    await expect(page.getByTestId('composer-framing')).toHaveValue('json-header')
    await page.getByTestId('endpoint-item').filter({ hasText: 'command client' }).click()
    await expect(page.getByTestId('composer-text')).toHaveValue('ls')
    await expect(page.getByTestId('composer-framing')).toHaveValue('raw')
    expect(errors).toEqual([])
  })

  test('several endpoints are checked and removed at once, after one confirmation', async ({ page, shell }) => {
    const errors = watchErrors(page)
    await openApp(page, shell.url)
    for (let i = 1; i <= 6; i++) await newEndpoint(page, 'UDP socket', { Name: `socket ${i}` })
    const items = page.getByTestId('endpoint-item')
    await items.nth(1).click({ modifiers: ['Control'] })
    await items.nth(3).click({ modifiers: ['Shift'] })
    await expect(page.getByTestId('checked-count')).toHaveText('3 selected')
    await shootInBothLanguages(page, 'sidebar-checked')
    await page.getByTestId('check-all').check()
    await expect(page.getByTestId('checked-count')).toHaveText('6 selected')
    await page.getByTestId('stop-checked').click()
    await expect(page.locator('[data-testid="endpoint-item"] .state-dot.state-listening')).toHaveCount(0)
    await items.first().focus()
    await page.keyboard.press('Delete')
    const confirm = page.getByTestId('remove-confirm')
    await expect(confirm).toContainText('Remove 6 endpoints?')
    await shootInBothLanguages(page, 'remove-confirm')
    await page.keyboard.press('Escape')
    await expect(confirm).toHaveCount(0)
    await expect(items).toHaveCount(6)
    await page.getByTestId('remove-checked').click()
    await page.getByTestId('remove-confirm-ok').click()
    await expect(items).toHaveCount(0)
    await expect(page.getByTestId('endpoints-empty')).toBeVisible()
    await expect(page.getByTestId('new-endpoint')).toBeFocused()
    expect(errors).toEqual([])
  })

  test('a server whose clients all left says how many came and went, also after a reload', async ({ page, shell }) => {
    const errors = watchErrors(page)
    await openApp(page, shell.url)
    const server = await newEndpoint(page, 'TCP server', { Name: 'echo lab' })
    for (let i = 0; i < 2; i++) {
      await newEndpoint(page, 'TCP client')
      await expect(page.getByTestId('endpoint-state')).toHaveAttribute('data-state', 'connected')
      // A reset ends both sides at once (a FIN alone would leave the server's side open, half-closed).
      await page.getByTestId('endpoint-header').getByRole('button', { name: 'RST' }).click()
      await expect(page.getByTestId('endpoint-state')).toHaveAttribute('data-state', /closed|idle/)
    }
    await server.click()
    await expect(page.getByTestId('peers-none')).toHaveText('No client connected now; 2 came and went.')
    await workspaceSaved(page)
    await page.reload()
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected')
    await page.getByTestId('endpoint-item').filter({ hasText: 'echo lab' }).click()
    await expect(page.getByTestId('peers-none')).toHaveText('No client connected now; 2 came and went.')
    await shootInBothLanguages(page, 'peers-came-and-went')
    expect(errors).toEqual([])
  })

  test('a read that completed several frames says so on its row and opens the Stream view there', async ({ page, shell }) => {
    const errors = watchErrors(page)
    await openApp(page, shell.url)
    const server = await newEndpoint(page, 'TCP server', { Name: 'line server', Framing: 'line' })
    await newEndpoint(page, 'TCP client')
    // One write of three lines (the client's composer frames as its endpoint decodes, so the last
    // line ending is the framing's): the server reads it at once and the line framing finds three.
    await expect(page.getByTestId('composer-framing')).toHaveValue('line')
    await send(page, 'escaped', 'ls\\npwd\\nid')
    await server.click()
    const note = page.getByTestId('read-at-once')
    await expect(note).toHaveText(/^3 (frames|writes) read at once$/)
    await shootInBothLanguages(page, 'timeline-read-at-once')
    await note.click()
    await expect(page.getByTestId('tab-stream')).toHaveAttribute('aria-selected', 'true')
    await expect(page.locator('[data-testid="seg-read"][data-marked="true"]')).toHaveCount(1)
    await expect(page.getByTestId('stream-focus')).toBeVisible()
    await expect(page.getByTestId('stream-verdicts')).toContainText('1 read carried more than one frame')
    await shootInBothLanguages(page, 'stream-at-read')
    await page.getByTestId('stream-latest').click()
    await expect(page.getByTestId('stream-focus')).toHaveCount(0)
    await page.getByTestId('tab-inspector').click()
    expect(errors).toEqual([])
  })

  test('after one 64 KiB write the three small writes stay in the drawing', async ({ page, shell }) => {
    const errors = watchErrors(page)
    await openApp(page, shell.url)
    const server = await newEndpoint(page, 'TCP server')
    await newEndpoint(page, 'TCP client')
    await send(page, 'base64', Buffer.alloc(64 * 1024, 0x62).toString('base64'))
    await server.click()
    await page.getByTestId('tab-stream').click()
    await expect(page.getByTestId('lane-writes')).toBeVisible()
    await expect(page.getByTestId('lane-reads').getByTestId('seg-read').last()).toHaveAttribute('title', /@ [\d,]+$/)
    // Three writes of "aaa" fired together from the client, as a program calls send() three times.
    await page.getByTestId('try-sticky').click()
    const writes = page.getByTestId('lane-writes').getByTestId('seg-write')
    await expect(writes).toHaveCount(4)
    const track = (await page.getByTestId('lane-writes').locator('.lane-track').boundingBox())!
    for (let i = 1; i < 4; i++) {
      const box = (await writes.nth(i).boundingBox())!
      expect(box.width).toBeGreaterThanOrEqual(8)
      expect(box.x + box.width).toBeLessThanOrEqual(track.x + track.width + 0.5)
    }
    await expect(page.getByTestId('stream-stretched')).toBeVisible()
    await shootInBothLanguages(page, 'stream-small-writes')
    await page.getByTestId('tab-inspector').click()
    expect(errors).toEqual([])
  })
})

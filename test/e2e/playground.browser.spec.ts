// The playground window end to end, through the browser shell against real sockets on loopback.
import { expect, test } from './shell-fixture'
import { newEndpoint, openApp, portOf, removeAll, rows, send, shoot, watchErrors, workspaceSaved } from './playground-helpers'

test.describe('playground window', () => {
  test.setTimeout(60_000)

  test.beforeEach(async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 })
  })

  test.afterEach(async ({ page }) => {
    await removeAll(page)
  })

  test('a TCP server and client exchange text and hex, and a reset reaches the client', async ({ page, shell }) => {
    const errors = watchErrors(page)
    await openApp(page, shell.url)
    await shoot(page, 'welcome')

    const server = await newEndpoint(page, 'TCP server')
    const port = await portOf(server)
    expect(port).toBeGreaterThan(0)

    // The client form starts from the server just opened.
    await page.getByTestId('new-endpoint').click()
    await page.getByRole('menuitem', { name: 'TCP client', exact: true }).click()
    const portField = page.getByTestId('endpoint-form').getByLabel('Port', { exact: true })
    await expect(portField).toHaveValue(String(port))
    await portField.fill('70000')
    await portField.blur()
    await expect(page.getByTestId('field-error-port')).toBeVisible()
    await portField.fill(String(port))
    await expect(page.getByTestId('field-error-port')).toHaveCount(0)
    await shoot(page, 'new-endpoint-form')
    await page.getByTestId('endpoint-form-submit').click()
    const client = page.getByTestId('clients-group').getByTestId('endpoint-item')
    await expect(client).toHaveCount(1)
    await expect(page.getByTestId('endpoint-state')).toHaveAttribute('data-state', 'connected')

    await send(page, 'escaped', 'hello')
    await send(page, 'hex', 'de ad be ef')
    await expect(page.locator('[data-testid="timeline-row"][data-dir="out"]')).toHaveCount(2)

    // The server saw both chunks; the hex dump shows their exact bytes.
    await server.click()
    await expect(rows(page, 'hello')).toHaveCount(1)
    await rows(page, 'hello').click()
    await expect(page.getByTestId('hex-bytes').first()).toHaveText('68 65 6c 6c 6f')
    const deadbeef = page.locator('[data-testid="timeline-row"][data-dir="in"]').nth(1)
    await deadbeef.click()
    await expect(page.getByTestId('hex-bytes').first()).toHaveText('de ad be ef')
    await expect(page.getByTestId('data-inspector')).toContainText('3735928559')

    // Reply to the client (target: all peers), then check it arrived.
    await expect(page.getByTestId('peer-row')).toHaveCount(1)
    await send(page, 'text', 'hi back')
    await rows(page, 'hello').click()
    await shoot(page, 'tcp-server')
    // The README's picture; only rewritten on request, as every run would change its bytes.
    if (process.env.UPDATE_DOCS_SCREENSHOT) await page.screenshot({ path: 'docs/screenshot.png' })
    await page.getByTestId('tab-stream').click()
    await expect(page.getByTestId('lane-reads')).toBeVisible()
    await expect(page.getByTestId('lane-writes')).toBeVisible()
    await shoot(page, 'stream-view')
    await page.getByTestId('tab-inspector').click()

    await client.click()
    await expect(rows(page, 'hi back')).toHaveCount(1)

    // Reset from the server's side; the client's timeline says why its connection ended.
    await server.click()
    await page.getByTestId('peer-row').getByRole('button', { name: 'RST' }).click()
    await client.click()
    await expect(rows(page, 'connection closed: reset (RST)')).toHaveCount(1)
    await rows(page, 'connection closed: reset (RST)').click()
    await expect(page.getByTestId('inspector')).toContainText('RST')
    await shoot(page, 'tcp-client-reset')
    expect(errors).toEqual([])
  })

  test('the same round over UDP', async ({ page, shell }) => {
    const errors = watchErrors(page)
    await openApp(page, shell.url)
    const a = await newEndpoint(page, 'UDP socket')
    const portA = await portOf(a)
    const b = await newEndpoint(page, 'UDP socket')
    // A new UDP socket sends to the newest other one by default.
    await expect(page.getByTestId('composer-target-port')).toHaveValue(String(portA))
    await send(page, 'escaped', 'hello')
    await send(page, 'hex', 'de ad be ef')

    await a.click()
    await expect(rows(page, 'hello')).toHaveCount(1)
    await rows(page, 'hello').click()
    await expect(page.getByTestId('hex-bytes').first()).toHaveText('68 65 6c 6c 6f')
    await page.locator('[data-testid="timeline-row"][data-dir="in"]').nth(1).click()
    await expect(page.getByTestId('hex-bytes').first()).toHaveText('de ad be ef')

    await expect(page.getByTestId('peer-row')).toHaveCount(1)
    await send(page, 'text', 'pong')
    await shoot(page, 'udp')
    await b.click()
    await expect(rows(page, 'pong')).toHaveCount(1)
    expect(errors).toEqual([])
  })

  test('switches to Chinese, and a reload restores the workspace', async ({ page, shell }) => {
    const errors = watchErrors(page)
    await openApp(page, shell.url)
    const server = await newEndpoint(page, 'TCP server', { Name: 'lesson server' })
    await server.click()
    await page.getByTestId('composer-text').fill('hello\\n')
    await page.getByTestId('save-name').fill('greeting')
    await page.getByTestId('save-payload').click()
    await page.getByTestId('display-encoding').selectOption('hex')

    await page.getByTestId('language-select').selectOption('zh-CN')
    await expect(page.getByRole('heading', { name: '端点' })).toBeVisible()
    await expect(page.getByTestId('new-endpoint')).toHaveText(/新建/)
    await expect(page.getByTestId('composer-send')).toHaveText('发送')
    await expect(page.getByRole('tab', { name: '十六进制检查器' })).toBeVisible()
    await shoot(page, 'chinese')

    await workspaceSaved(page)
    await page.reload()
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected')
    await expect(page.getByRole('heading', { name: '端点' })).toBeVisible()
    await expect(page.getByTestId('endpoint-item').filter({ hasText: 'lesson server' })).toHaveCount(1)
    await expect(page.getByTestId('endpoint-header')).toContainText('lesson server')
    await expect(page.getByTestId('display-encoding')).toHaveValue('hex')
    await expect(page.getByTestId('saved-payloads')).toContainText('greeting')
    await page.getByTestId('language-select').selectOption('en')
    await expect(page.getByRole('heading', { name: 'Endpoints' })).toBeVisible()
    expect(errors).toEqual([])
  })
})

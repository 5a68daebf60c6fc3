// The workspace outlives the process: stop `socket-lab serve`, start it again on the same config
// folder, and the window comes back with its endpoints, saved payloads and display options.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { newEndpoint, openApp, portOf, workspaceSaved } from './playground-helpers'
import { serveWithConfig, type ServeProcess } from './serve-process'

test.describe('workspace across restarts', () => {
  test.setTimeout(60_000)
  let dir: string
  let serve: ServeProcess | undefined

  test.beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'socket-lab-restore-'))
  })
  test.afterEach(async () => {
    await serve?.stop()
    serve = undefined
    rmSync(dir, { recursive: true, force: true })
  })

  test('endpoints, saved payloads, display options and the draft come back after a restart', async ({ page }) => {
    serve = await serveWithConfig(dir)
    await openApp(page, serve.url)
    const server = await newEndpoint(page, 'TCP server', { Name: 'lab server' })
    const port = await portOf(server)
    await newEndpoint(page, 'TCP client')
    await server.click()
    await page.getByTestId('display-encoding').selectOption('gbk')
    await page.getByTestId('composer-text').fill('ping')
    await page.getByTestId('save-name').fill('ping')
    await page.getByTestId('save-payload').click()
    // A draft never sent nor saved comes back too.
    await page.getByTestId('composer-text').fill('half-typed')
    await workspaceSaved(page)
    await serve.stop()

    serve = await serveWithConfig(dir)
    await openApp(page, serve.url)
    const again = page.getByTestId('endpoint-item').filter({ hasText: 'lab server' })
    await expect(again).toHaveCount(1)
    // The server is back on the port it had; the client is back, not connected until asked.
    expect(await portOf(again)).toBe(port)
    const client = page.getByTestId('clients-group').getByTestId('endpoint-item')
    await expect(client).toHaveCount(1)
    await client.click()
    await expect(page.getByTestId('endpoint-state')).toHaveAttribute('data-state', /idle|closed/)
    // The draft was typed on the server: the client's composer has its own, empty one.
    await expect(page.getByTestId('composer-text')).toHaveValue('')
    await page.getByTestId('endpoint-header').getByRole('button', { name: 'Connect' }).click()
    await expect(page.getByTestId('endpoint-state')).toHaveAttribute('data-state', 'connected')
    await again.click()
    await expect(page.getByTestId('display-encoding')).toHaveValue('gbk')
    await expect(page.getByTestId('saved-payloads')).toContainText('ping')
    await expect(page.getByTestId('composer-text')).toHaveValue('half-typed')
  })

  test("a file from before endpoints had their own composers is taken: its one draft goes to the endpoint that was selected", async ({ page }) => {
    const draft = { mode: 'escaped', text: 'old draft', encoding: 'utf-8', lineEnding: 'none', framing: 'len:4', checksum: 'none' }
    const older = {
      version: 1,
      endpoints: [
        { id: 'e1', config: { kind: 'tcp-server', host: '127.0.0.1', port: 0, name: 'plain server' } },
        { id: 'e2', config: { kind: 'tcp-server', host: '127.0.0.1', port: 0, name: 'framed server', framing: 'len:4' } }
      ],
      savedPayloads: [],
      history: [],
      layout: { sidebar: 280, inspector: 440, composer: 230 },
      selectedEndpointId: 'e2',
      draft
    }
    writeFileSync(join(dir, 'workspace.json'), JSON.stringify(older))
    serve = await serveWithConfig(dir)
    await openApp(page, serve.url)
    await expect(page.getByTestId('endpoint-item')).toHaveCount(2)
    await expect(page.getByTestId('error-note')).toHaveCount(0)
    await expect(page.getByTestId('endpoint-header')).toContainText('framed server')
    await expect(page.getByTestId('composer-text')).toHaveValue('old draft')
    await expect(page.getByTestId('composer-framing')).toHaveValue('len:4')
    await page.getByTestId('endpoint-item').filter({ hasText: 'plain server' }).click()
    await expect(page.getByTestId('composer-text')).toHaveValue('')
    await expect(page.getByTestId('composer-framing')).toHaveValue('raw')
    expect(readdirSync(dir).some((f) => f.includes('corrupt'))).toBe(false)
  })

  test('a corrupt workspace file is set aside with a message, and the window starts fresh', async ({ page }) => {
    writeFileSync(join(dir, 'workspace.json'), '{"version": 1, "endpoints": [')
    serve = await serveWithConfig(dir)
    await openApp(page, serve.url)
    await expect(page.getByTestId('error-note')).toContainText('could not be read')
    await expect(page.getByTestId('endpoints-empty')).toBeVisible()
    expect(readdirSync(dir).some((f) => f.startsWith('workspace.json.corrupt-'))).toBe(true)
  })
})

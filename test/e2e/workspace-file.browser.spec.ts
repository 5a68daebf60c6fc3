// Data in and out through the browser shell: the workspace exported as a download and imported in a
// fresh shell through the file picker; Packet Sender's packets imported as saved payloads.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { newEndpoint, openApp, shootInBothLanguages, watchErrors, workspaceSaved } from './playground-helpers'
import { serveWithConfig, type ServeProcess } from './serve-process'

test.describe('workspace files', () => {
  test.setTimeout(90_000)
  const dirs: string[] = []
  const serves: ServeProcess[] = []
  const fresh = async (): Promise<ServeProcess> => {
    const dir = mkdtempSync(join(tmpdir(), 'socket-lab-wsfile-'))
    dirs.push(dir)
    const s = await serveWithConfig(dir)
    serves.push(s)
    return s
  }
  test.afterEach(async () => {
    for (const s of serves.splice(0)) await s.stop()
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  test('a workspace exported from one shell is imported into another after confirming', async ({ page }) => {
    const errors = watchErrors(page)
    const first = await fresh()
    await openApp(page, first.url)
    await newEndpoint(page, 'TCP server', { Name: 'class server' })
    await page.getByTestId('composer-text').fill('hello class')
    await page.getByTestId('save-name').fill('greeting')
    await page.getByTestId('save-payload').click()
    await workspaceSaved(page)
    await page.getByTestId('workspace-menu').click()
    const download = page.waitForEvent('download')
    await page.getByRole('menuitem', { name: 'Export workspace…' }).click()
    const file = await (await download).path()
    const text = readFileSync(file, 'utf8')
    expect(JSON.parse(text).workspace.savedPayloads[0].name).toBe('greeting')

    const second = await fresh()
    await openApp(page, second.url)
    await newEndpoint(page, 'UDP socket', { Name: 'to be replaced' })
    await page.getByTestId('workspace-file-input').setInputFiles({ name: 'class.json', mimeType: 'application/json', buffer: Buffer.from(text) })
    const dialog = page.getByTestId('import-workspace-dialog')
    await expect(dialog).toContainText('In the file: endpoints 1, saved payloads 1')
    await shootInBothLanguages(page, 'workspace-import')
    await dialog.getByTestId('import-workspace-replace').click()
    await expect(dialog).toHaveCount(0)
    await expect(page.getByTestId('endpoint-item')).toHaveCount(1)
    await expect(page.getByTestId('endpoint-item')).toContainText('class server')
    await expect(page.getByTestId('saved-payloads')).toContainText('greeting')
    expect(errors).toEqual([])
  })

  test("Packet Sender's packets become saved payloads with their targets", async ({ page }) => {
    const shell = await fresh()
    await openApp(page, shell.url)
    await newEndpoint(page, 'UDP socket')
    const packets = [
      { name: 'sensor ping', hexstring: '70 69 6E 67 0A', toip: '127.0.0.1', port: '5005', tcporudp: 'UDP', repeat: '2' },
      { name: 'login', hexstring: '4C 4F 47 49 4E 0D 0A', toip: '127.0.0.1', port: '9000', tcporudp: 'TCP' },
      { name: 'status page', hexstring: '', toip: 'example.com', port: '80', tcporudp: 'HTTP Get' }
    ]
    await page.getByTestId('packets-file-input').setInputFiles({ name: 'packets.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(packets)) })
    const dialog = page.getByTestId('import-packets-dialog')
    await expect(dialog).toContainText('UDP 127.0.0.1:5005')
    await expect(dialog.getByTestId('skipped-packets')).toContainText('status page')
    await shootInBothLanguages(page, 'packets-import')
    await dialog.getByTestId('import-packets-add').click()
    await expect(page.getByTestId('saved-payloads')).toContainText('sensor ping')
    await expect(page.getByTestId('saved-payload-target').first()).toContainText('UDP 127.0.0.1:5005')
    await page.getByTestId('saved-payloads').getByRole('button', { name: 'sensor ping', exact: true }).click()
    await expect(page.getByTestId('composer-text')).toHaveValue('70 69 6e 67 0a')
    await workspaceSaved(page)
  })
})

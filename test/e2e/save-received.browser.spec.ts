// The file-download lesson in the window: a client uploads a file with the json-header framing; the
// frame row says the payload's length apart from the header and names the file; the Save menu
// downloads exactly the bytes received. Screenshots in English and Chinese.
import { createHash, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { createFramer } from '../../src/shared/codec'
import { expect, test } from './shell-fixture'
import { newEndpoint, openApp, portOf, removeAll, rows, shoot, watchErrors } from './playground-helpers'

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')

/** Sends one json-header frame the way the lessons' client does, then closes. */
function upload(port: number, fileName: string, body: Uint8Array): Promise<number> {
  const frame = createFramer('json-header').encode(body, { file_name: fileName })
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.end(frame, () => resolve(frame.byteLength - body.byteLength)))
    socket.on('error', reject)
  })
}

test.describe('saving received data', () => {
  test.setTimeout(60_000)

  test.beforeEach(async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 })
  })

  test.afterEach(async ({ page }) => {
    await page.getByTestId('language-select').selectOption('en')
    await removeAll(page)
  })

  test('a json-header upload shows its sizes and file name, and its payload downloads byte for byte', async ({ page, shell }) => {
    const errors = watchErrors(page)
    await openApp(page, shell.url)
    const server = await newEndpoint(page, 'TCP server', { Name: 'file server', Framing: 'json-header' })
    const body = randomBytes(700 * 1024)
    const header = await upload(await portOf(server), 'lecture 1.bin', body)

    const frame = page.locator('[data-testid="timeline-row"][data-kind="frame"]')
    await expect(frame).toHaveCount(1)
    await expect(frame.getByTestId('frame-summary')).toHaveText(`len=${body.byteLength} (header ${header} B)  file_name=lecture 1.bin file_size=${body.byteLength}`)
    // The upload came in many reads: the frame is one row after them.
    expect(await page.locator('[data-testid="timeline-row"][data-kind="data"]').count()).toBeGreaterThan(1)
    await frame.click()
    await expect(page.getByTestId('frame-sizes')).toContainText(`len=${body.byteLength} (header ${header} B)`)
    await expect(page.getByTestId('frame-header-fields')).toContainText('lecture 1.bin')

    await page.getByTestId('save-menu').click()
    const download = page.waitForEvent('download')
    await page.getByRole('menuitem', { name: /^Payload of this frame/ }).click()
    const file = await download
    expect(file.suggestedFilename()).toBe('lecture 1.bin')
    const path = await file.path()
    expect(sha256(readFileSync(path))).toBe(sha256(body))
    await expect(page.getByTestId('save-line')).toHaveAttribute('data-state', 'done')
    await expect(page.getByTestId('save-line')).toContainText('Saved lecture 1.bin (700 KiB)')
    await shoot(page, 'save-received-done-en')

    await page.getByTestId('save-menu').click()
    await expect(page.getByRole('menuitem', { name: 'Everything received from this peer' })).toBeVisible()
    await shoot(page, 'save-received-en')
    await page.keyboard.press('Escape')
    await page.getByTestId('language-select').selectOption('zh-CN')
    await expect(frame.getByTestId('frame-summary')).toContainText(`长度=${body.byteLength}（头部 ${header} 字节）`)
    await expect(page.getByTestId('save-line')).toContainText('已保存 lecture 1.bin')
    await page.getByTestId('save-menu').click()
    await shoot(page, 'save-received-zh')
    await page.keyboard.press('Escape')
    await expect(rows(page, /./).first()).toBeVisible()
    expect(errors).toEqual([])
  })
})

// The Chinese window says errors in Chinese: a taken port (EADDRINUSE), a refused connection
// (ECONNREFUSED) and bad hex in the composer, with nothing English left but codes and addresses.
import { createServer, type Server } from 'node:net'
import { expect, test } from './shell-fixture'
import { openApp, removeAll, watchErrors } from './playground-helpers'
import type { Locator, Page } from '@playwright/test'

async function listening(): Promise<{ port: number; server: Server }> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('no port')
  return { port: address.port, server }
}

/** English words left once codes (EADDRINUSE, TCP, SO_REUSEADDR), addresses and digits are taken out. */
function latinWords(text: string): string[] {
  const rest = text
    .replace(/\b[A-Z][A-Z0-9_]*[A-Z0-9]\b/g, ' ')
    .replace(/\[?[0-9a-f:.]*\d[0-9a-f:.]*\]?(:\d+)?/gi, ' ')
    .replace(/\d+/g, ' ')
  return rest.match(/[A-Za-z]{2,}/g) ?? []
}

async function expectChinese(note: Locator, code: string): Promise<void> {
  await expect(note).toContainText(code)
  const text = (await note.innerText()).replace(/关闭提示$/, '')
  expect(text, 'the note speaks Chinese').toMatch(/[\u4e00-\u9fff]/)
  expect(latinWords(text), text).toEqual([])
}

/** Fills the New-endpoint form in Chinese and submits it. */
async function create(page: Page, kind: 'TCP 服务端' | 'TCP 客户端', port: number): Promise<Locator> {
  await page.getByTestId('new-endpoint').click()
  await page.getByRole('menuitem', { name: kind, exact: true }).click()
  const form = page.getByTestId('endpoint-form')
  await form.getByLabel('端口', { exact: true }).fill(String(port))
  await form.getByTestId('endpoint-form-submit').click()
  return form
}

test.describe('errors in the Chinese window', () => {
  test.setTimeout(60_000)

  test.afterEach(async ({ page }) => {
    await page.getByTestId('language-select').selectOption('en')
    await removeAll(page)
  })

  test('a taken port, a refused connection and bad hex are said in Chinese', async ({ page, shell }) => {
    const errors = watchErrors(page)
    await page.setViewportSize({ width: 1440, height: 900 })
    await openApp(page, shell.url)
    await page.getByTestId('language-select').selectOption('zh-CN')
    await expect(page.getByRole('heading', { name: '端点', exact: true })).toBeVisible()

    const held = await listening()
    try {
      const form = await create(page, 'TCP 服务端', held.port)
      const inUse = form.getByTestId('error-note')
      await expectChinese(inUse, 'EADDRINUSE')
      await expect(inUse).toContainText(`监听 127.0.0.1:${held.port} 失败：端口已被占用`)
      await page.screenshot({ path: '/tmp/errors-zh-eaddrinuse.png' })
      await page.keyboard.press('Escape')
      await expect(form).toHaveCount(0)
    } finally {
      await new Promise((resolve) => held.server.close(resolve))
    }

    // The port is free now: nothing listens there, so a client is refused; it stays, in the error state.
    await create(page, 'TCP 客户端', held.port)
    const refused = page.getByTestId('endpoint-header').getByTestId('error-note')
    await expectChinese(refused, 'ECONNREFUSED')
    await expect(refused).toContainText(`连接 127.0.0.1:${held.port} 失败：连接被拒绝`)
    await expect(page.getByTestId('endpoint-item')).toContainText(`TCP 客户端 → 127.0.0.1:${held.port}`)
    await page.screenshot({ path: '/tmp/errors-zh-econnrefused.png' })

    // A server on a free port, and its composer given hex that is not hex.
    await create(page, 'TCP 服务端', 0)
    await expect(page.getByTestId('endpoint-item')).toHaveCount(2)
    await expect(page.getByTestId('endpoint-header')).toContainText('TCP 服务端 127.0.0.1:')
    await page.getByTestId('composer-mode').selectOption('hex')
    await page.getByTestId('composer-text').fill('48 65 zz')
    const badHex = page.getByTestId('composer-preview-error')
    await expectChinese(badHex, 'EINVAL')
    await expect(badHex).toContainText("位置 6 的 'z' 不是十六进制数字")
    await page.screenshot({ path: '/tmp/errors-zh-bad-hex.png' })
    expect(errors).toEqual([])
  })
})

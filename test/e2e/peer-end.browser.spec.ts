// The chat lesson's Python server (it answers, says bye and closes) against a client in the window:
// the FIN is a row of its own and shows in the client's state; kept half open, the send after the
// server closed carries the reset on its row. Then the lesson's other moments: one client at a time
// with Python clients waiting, and a read size of 1024. Screenshots in English and Chinese.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawn, type ChildProcess } from 'node:child_process'
import { expect, test } from './shell-fixture'
import { newEndpoint, openApp, portOf, removeAll, rows, send, shoot, watchErrors } from './playground-helpers'
import type { Page } from '@playwright/test'

const PY = join(__dirname, '..', 'cli', 'python')
const children: ChildProcess[] = []

/** Starts one of the test's Python programs; resolves with the port it prints first, if it prints one. */
function python(name: string, args: string[], waitPort = true): Promise<{ port: number; child: ChildProcess; output(): string }> {
  const child = spawn('python3', [join(PY, `${name}.py`), ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let out = ''
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()))
  return new Promise((resolve, reject) => {
    if (!waitPort) return resolve({ port: 0, child, output: () => out })
    const timer = setTimeout(() => reject(new Error(`${name} printed no port`)), 10_000)
    child.stdout!.on('data', () => {
      const m = /^(\d+)$/m.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve({ port: Number(m[1]), child, output: () => out })
      }
    })
  })
}

async function language(page: Page, lang: 'en' | 'zh-CN'): Promise<void> {
  await page.getByTestId('language-select').selectOption(lang)
}

test.describe('the peer ends the connection', () => {
  test.setTimeout(90_000)

  test.beforeEach(async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 })
  })

  test.afterEach(async ({ page }) => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill()
    await language(page, 'en')
    await removeAll(page)
  })

  test('the chat server says bye and closes: the FIN is a row, and the client closes by itself', async ({ page, shell }) => {
    const errors = watchErrors(page)
    await openApp(page, shell.url)
    const server = await python('chat_bye_server', ['hi there', 'bye'])
    await newEndpoint(page, 'TCP client', { Port: String(server.port) })
    await expect(page.getByTestId('endpoint-state')).toHaveAttribute('data-state', 'connected')
    await send(page, 'text', 'hello')
    await expect(rows(page, 'hi there')).toHaveCount(1)
    await send(page, 'text', 'how are you')
    await expect(rows(page, "the peer closed its side (FIN): recv returned b''")).toHaveCount(1)
    await expect(rows(page, 'connection closed: the peer closed (FIN)')).toHaveCount(1)
    await expect(page.getByTestId('endpoint-state')).toHaveAttribute('data-state', 'closed')
    // The rows come in the order things happened: the FIN after the last bytes, before the close.
    const texts = await page.getByTestId('timeline-preview').allTextContents()
    const at = (s: string): number => texts.findIndex((t) => t.includes(s))
    expect(at('bye')).toBeLessThan(at('the peer closed its side'))
    expect(at('the peer closed its side')).toBeLessThan(at('connection closed'))
    await rows(page, 'the peer closed its side').click()
    await expect(page.getByTestId('inspector')).toContainText('recv returns')
    await shoot(page, 'peer-end-auto-close-en')
    await language(page, 'zh-CN')
    await expect(rows(page, "对端关闭了它那一端（FIN）：recv 返回 b''")).toHaveCount(1)
    await shoot(page, 'peer-end-auto-close-zh')
    expect(errors).toEqual([])
  })

  test('kept half open: the state says the peer ended, and the send after the close carries the reset', async ({ page, shell }) => {
    const errors = watchErrors(page)
    await openApp(page, shell.url)
    const server = await python('chat_bye_server', ['bye'])
    await page.getByTestId('new-endpoint').click()
    await page.getByRole('menuitem', { name: 'TCP client', exact: true }).click()
    const form = page.getByTestId('endpoint-form')
    await form.getByLabel('Port', { exact: true }).fill(String(server.port))
    await form.getByLabel('Close when the peer ends').uncheck()
    await shoot(page, 'client-form-options-en')
    await form.getByTestId('endpoint-form-submit').click()
    await expect(page.getByTestId('endpoint-state')).toHaveAttribute('data-state', 'connected')

    await send(page, 'text', 'hello')
    await expect(page.getByTestId('endpoint-state')).toHaveText('peer ended: you may still send, or close')
    await expect(page.getByTestId('endpoint-state')).toHaveAttribute('data-half', 'peer-ended')
    await expect(page.getByTestId('endpoint-item').getByTestId('endpoint-item-state')).toHaveClass(/half-peer-ended/)
    await shoot(page, 'peer-ended-state-en')

    // The server closed its socket: this send leaves, and the reset that answers it is on its row.
    await page.getByTestId('composer-text').fill('anyone there?')
    await page.getByTestId('composer-text').press('Control+Enter')
    const failed = page.locator('[data-testid="timeline-row"][data-dir="out"]').filter({ hasText: 'anyone there?' })
    await expect(failed).toHaveClass(/has-error/)
    await expect(failed).toContainText(/ECONNRESET|EPIPE/)
    await expect(page.getByTestId('endpoint-state')).toHaveAttribute('data-state', 'error')
    await shoot(page, 'send-after-close-en')
    await language(page, 'zh-CN')
    await expect(page.getByTestId('endpoint-state')).toHaveText('出错')
    await shoot(page, 'send-after-close-zh')
    expect(errors).toEqual([])
  })

  test('one client at a time: Python clients wait, one is reset past the backlog, and the next is taken up', async ({ page, shell }) => {
    const errors = watchErrors(page)
    await openApp(page, shell.url)
    await page.getByTestId('new-endpoint').click()
    await page.getByRole('menuitem', { name: 'TCP server', exact: true }).click()
    const form = page.getByTestId('endpoint-form')
    await form.getByLabel('Backlog').fill('1')
    await form.getByLabel('One client at a time').check()
    await form.getByLabel('Answers by itself').selectOption('upper')
    await shoot(page, 'server-form-options-en')
    await language(page, 'zh-CN')
    await shoot(page, 'server-form-options-zh')
    await language(page, 'en')
    await form.getByTestId('endpoint-form-submit').click()
    const item = page.getByTestId('servers-group').getByTestId('endpoint-item')
    const port = await portOf(item)

    // The first client stays until the release file exists, so the waiting one can be looked at.
    const dir = mkdtempSync(join(tmpdir(), 'socket-lab-e2e-'))
    const release = join(dir, 'release')
    const clients = await python('accept_loop_clients', [String(port), release], false)
    await expect.poll(() => clients.output()).toContain('holding')
    await expect(page.getByTestId('endpoint-waiting')).toHaveText('1 client waiting')
    await expect(page.getByTestId('peer-row').filter({ hasText: 'waiting, not served yet' })).toHaveCount(1)
    await expect(rows(page, 'connection waiting')).not.toHaveCount(0)
    await shoot(page, 'one-at-a-time-waiting-en')
    writeFileSync(release, '')
    await expect(rows(page, 'taken up')).toHaveCount(1, { timeout: 15_000 })
    rmSync(dir, { recursive: true, force: true })
    await expect(rows(page, /EBACKLOG/)).toHaveCount(1)
    await expect.poll(() => clients.output()).toContain('second TWO')
    expect(clients.output().trim().split('\n')).toEqual(['first ONE', 'second waiting', 'third reset', 'holding', 'second TWO'])
    await shoot(page, 'one-at-a-time-served-en')
    await language(page, 'zh-CN')
    await expect(rows(page, '开始受理')).toHaveCount(1)
    await shoot(page, 'one-at-a-time-served-zh')
    expect(errors).toEqual([])
  })

  test('a client connecting to a server whose listen() queue is full says so in place, and Cancel stops it', async ({ page, shell }) => {
    const errors = watchErrors(page)
    await openApp(page, shell.url)
    const server = await python('full_backlog_server', [])
    await page.getByTestId('new-endpoint').click()
    await page.getByRole('menuitem', { name: 'TCP client', exact: true }).click()
    const form = page.getByTestId('endpoint-form')
    await form.getByLabel('Port', { exact: true }).fill(String(server.port))
    await form.getByLabel('Connect timeout (ms)').fill('60000')
    await form.getByTestId('endpoint-form-submit').click()
    // The dialog closes at once; the connect goes on in the endpoint, which says so.
    await expect(form).toHaveCount(0)
    await expect(page.getByTestId('endpoint-state')).toHaveText('connecting…')
    await expect(page.getByTestId('endpoint-item')).toContainText('connecting…')
    await shoot(page, 'connecting-en')
    await language(page, 'zh-CN')
    await expect(page.getByTestId('endpoint-state')).toHaveText('正在连接…')
    await shoot(page, 'connecting-zh')
    await page.getByTestId('cancel-connect').click()
    await expect(page.getByTestId('endpoint-state')).toHaveAttribute('data-state', 'closed')
    await expect(page.getByTestId('endpoint-header').getByTestId('error-note')).toHaveCount(0)
    expect(errors).toEqual([])
  })

  test('a read size of 1024 shows a 10 KB write as reads of at most 1024 bytes', async ({ page, shell }) => {
    await openApp(page, shell.url)
    const server = await newEndpoint(page, 'TCP server', { 'Read size (recv)': '1024' })
    const port = await portOf(server)
    const sender = await python('bulk_client', [String(port), '10240'], false)
    await new Promise<void>((r) => sender.child.once('exit', () => r()))
    await expect(page.getByTestId('endpoint-item').first()).toHaveAttribute('data-chunks', /\d+/)
    await expect.poll(async () => Number(await page.getByTestId('endpoint-item').first().getAttribute('data-chunks'))).toBeGreaterThanOrEqual(10)
    const lengths = await page.locator('[data-testid="timeline-row"][data-kind="data"] .tl-len').allTextContents()
    const sizes = lengths.map((l) => Number(l.replace(/,/g, '')))
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1024)
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(10240)
    await expect(page.getByTestId('receive-recv-size')).toHaveValue('1024')
    await shoot(page, 'recv-size-en')
  })
})

// Smart replies made in the window: a TCP server's rules written in the new-endpoint form, a real
// client (Node's net, on loopback) answered by them, the rules changed on the running server, and
// the form drawn in both languages and both themes.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from './shell-fixture'
import { openApp, portOf, removeAll, watchErrors } from './playground-helpers'
import { serveWithConfig, type ServeProcess } from './serve-process'
import type { Locator, Page } from '@playwright/test'

const SHOTS = '/tmp/rules-shots'

/** A client that keeps all it receives, to ask the server one message at a time. */
async function client(port: number): Promise<{ socket: Socket; received(): string; ask(text: string | Uint8Array, answer: string): Promise<void> }> {
  const socket = connect({ host: '127.0.0.1', port })
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('error', reject)
  })
  let received = ''
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')))
  return {
    socket,
    received: () => received,
    // One at a time: the server reads raw chunks, and the next message waits for the answer, so
    // two messages never arrive as one chunk.
    async ask(text, answer) {
      const from = received.length
      socket.write(typeof text === 'string' ? text : Buffer.from(text))
      await expect.poll(() => received.slice(from), { timeout: 5000 }).toBe(answer)
    }
  }
}

async function newRulesServer(page: Page): Promise<Locator> {
  await page.getByTestId('new-endpoint').click()
  await page.getByRole('menuitem', { name: /^(TCP server|TCP 服务端)$/ }).click()
  const form = page.getByTestId('endpoint-form')
  await form.getByTestId('form-responder').selectOption('rules')
  return form
}

/** Writes the two rules of the lesson through the keyboard and the fields: PING and GET, else an echo. */
async function writeRules(form: Locator, add: string): Promise<void> {
  await form.getByRole('button', { name: add }).click()
  const rules = form.getByTestId('rule')
  // The new rule's match has the focus: typed straight in.
  await form.page().keyboard.type('PING')
  await rules.nth(0).getByTestId('rule-reply').fill('PONG\\n')
  await form.getByRole('button', { name: add }).click()
  await rules.nth(1).getByTestId('rule-match-type').selectOption('regex')
  await rules.nth(1).getByTestId('rule-match-value').fill('^GET (\\S+)')
  await rules.nth(1).getByTestId('rule-reply').fill('HTTP/1.0 200 OK\\r\\n\\r\\n')
  await form.getByTestId('rules-otherwise').selectOption('echo')
}

test.describe('rules in the window', () => {
  test.setTimeout(90_000)

  test.beforeEach(async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 })
  })

  test.afterEach(async ({ page }) => {
    await removeAll(page)
  })

  test('a TCP server started with two rules answers a real client by them, and takes new rules as it runs', async ({ page, shell }) => {
    const errors = watchErrors(page)
    await openApp(page, shell.url)
    const form = await newRulesServer(page)
    await expect(form.getByTestId('rules-empty')).toContainText('No rules yet')
    await writeRules(form, 'Add a rule')

    // A bad regex is refused as it is written, and the server cannot start while it is.
    const regex = form.getByTestId('rule').nth(1).getByTestId('rule-match-value')
    await regex.fill('^GET (?=\\S+)')
    await expect(form.getByTestId('rule').nth(1)).toContainText('lookahead and lookbehind are not supported')
    await expect(form.getByTestId('endpoint-form-submit')).toHaveAttribute('aria-disabled', 'true')
    // Enter in a field submits the form: it stays, and says why.
    await regex.press('Enter')
    await expect(form).toBeVisible()
    await expect(form.getByTestId('rule').nth(1).getByTestId('rule-match-value')).toHaveAttribute('aria-invalid', 'true')
    await regex.fill('^GET (\\S+)')
    await expect(form.getByTestId('endpoint-form-submit')).not.toHaveAttribute('aria-disabled', 'true')
    await regex.press('Enter')
    await expect(form).toHaveCount(0)

    const server = page.getByTestId('servers-group').getByTestId('endpoint-item')
    const port = await portOf(server)
    const c = await client(port)
    try {
      await c.ask('PING', 'PONG\n')
      await c.ask('say PING please', 'PONG\n')
      await c.ask('GET /index.html HTTP/1.0\r\n', 'HTTP/1.0 200 OK\r\n\r\n')
      // Not at the start: the regex is anchored, so this one is echoed.
      await c.ask('xGET /', 'xGET /')
      await c.ask('hello, 你好', 'hello, 你好')

      // Changed on the running server: the same connection gets the new answer.
      await expect(page.getByTestId('receive-responder')).toHaveValue('rules')
      await page.getByTestId('edit-rules').click()
      const dialog = page.getByTestId('rules-dialog')
      await expect(dialog.getByTestId('rule')).toHaveCount(2)
      await expect(dialog.getByTestId('rule').nth(1).getByTestId('rule-match-value')).toHaveValue('^GET (\\S+)')
      await dialog.getByTestId('rule').nth(0).getByTestId('rule-reply').fill('PONG {counter}\\n')
      await dialog.getByTestId('rule').nth(0).getByTestId('rule-macros').check()
      await dialog.getByRole('button', { name: 'Move rule 2 up' }).click()
      await dialog.getByTestId('rules-otherwise').selectOption('nothing')
      await shootBoth(page, 'dialog-en')
      await dialog.getByTestId('rules-apply').click()
      await expect(dialog).toHaveCount(0)
      await c.ask('PING', 'PONG 1\n')
      await c.ask('GET / PING', 'HTTP/1.0 200 OK\r\n\r\n')
      // Otherwise nothing now: answers come in order, so had hello been echoed it would come before the PONG.
      const before = c.received().length
      c.socket.write('hello')
      await c.ask('PING', 'PONG 2\n')
      expect(c.received().slice(before)).toBe('PONG 2\n')
    } finally {
      c.socket.destroy()
    }
    expect(errors).toEqual([])
  })

  test('the rules form in English and Chinese, light and dark', async ({ page, shell }) => {
    // Tall enough for the whole form with four rules in one picture.
    await page.setViewportSize({ width: 1200, height: 1500 })
    await openApp(page, shell.url)
    for (const [language, add] of [
      ['en', 'Add a rule'],
      ['zh-CN', '添加规则']
    ] as const) {
      await page.getByTestId('language-select').selectOption(language)
      const form = await newRulesServer(page)
      await expect(form.getByTestId('rules-empty')).toBeVisible()
      await shootBoth(page, `form-empty-${language}`)
      await writeRules(form, add)
      await form.getByRole('button', { name: add }).click()
      const third = form.getByTestId('rule').nth(2)
      await third.getByTestId('rule-match-type').selectOption('hex-prefix')
      await third.getByTestId('rule-match-value').fill('02 1g')
      await third.getByTestId('rule-action').selectOption('reset')
      await form.getByRole('button', { name: add }).click()
      const fourth = form.getByTestId('rule').nth(3)
      await fourth.getByTestId('rule-match-type').selectOption('regex')
      await fourth.getByTestId('rule-match-value').fill('a{2000}')
      await fourth.getByTestId('rule-delay').fill('250')
      await expect(form.getByTestId('endpoint-form-submit')).toHaveAttribute('aria-disabled', 'true')
      await shootBoth(page, `form-rules-${language}`)
      await page.keyboard.press('Escape')
      await expect(form).toHaveCount(0)
    }
    await page.getByTestId('language-select').selectOption('en')
  })
})

async function shootBoth(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true })
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    await page.screenshot({ path: `${SHOTS}/${name}-${colorScheme}.png` })
  }
  await page.emulateMedia({ colorScheme: 'light' })
}

test.describe('rules saved with the workspace', () => {
  test.setTimeout(60_000)
  let dir: string
  let serve: ServeProcess | undefined

  test.beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'socket-lab-rules-'))
  })
  test.afterEach(async () => {
    await serve?.stop()
    serve = undefined
    rmSync(dir, { recursive: true, force: true })
  })

  test('a saved server comes back answering by its rules, and the editor gives them back exactly, with the fields it does not show', async ({ page }) => {
    // What the editor has no field for: a match written in GBK, a regex's flags, the bytes a regex reads.
    const responder = {
      kind: 'rules',
      rules: [
        { match: { type: 'exact', payload: { format: 'text', text: '你好', encoding: 'gbk' } }, then: { type: 'reply', payload: { format: 'escaped', text: 'gbk hello\\n' } } },
        { match: { type: 'regex', pattern: '^get (\\S+)', flags: 'i' }, then: { type: 'reply', payload: { format: 'text', text: 'got' }, delayMs: 50 } }
      ],
      otherwise: 'echo',
      regexInputBytes: 1024
    }
    const workspace = { version: 1, endpoints: [{ id: 'e1', config: { kind: 'tcp-server', host: '127.0.0.1', port: 0, name: 'rules server', responder } }], savedPayloads: [], history: [], layout: { sidebar: 280, inspector: 440, composer: 230 }, selectedEndpointId: 'e1' }
    writeFileSync(join(dir, 'workspace.json'), JSON.stringify(workspace))
    const savedResponder = (): unknown => (JSON.parse(readFileSync(join(dir, 'workspace.json'), 'utf8')) as { endpoints: { config: { responder?: unknown } }[] }).endpoints[0]?.config.responder
    serve = await serveWithConfig(dir)
    await openApp(page, serve.url)
    const server = page.getByTestId('endpoint-item').filter({ hasText: 'rules server' })
    const port = await portOf(server)
    await server.click()
    await expect(page.getByTestId('receive-responder')).toHaveValue('rules')
    const c = await client(port)
    try {
      const gbkHello = new Uint8Array([0xc4, 0xe3, 0xba, 0xc3])
      await c.ask(gbkHello, 'gbk hello\n')
      await c.ask('GET /x', 'got')
      await c.ask('zzz', 'zzz')

      // Applied unchanged: the same rules, to the byte, on the server and in the saved file.
      await page.getByTestId('edit-rules').click()
      const dialog = page.getByTestId('rules-dialog')
      await expect(dialog.getByTestId('rule')).toHaveCount(2)
      await expect(dialog.getByTestId('rule').nth(0).getByTestId('rule-match-value')).toHaveValue('你好')
      await dialog.getByTestId('rules-apply').click()
      await expect(dialog).toHaveCount(0)
      await expect.poll(savedResponder).toEqual(responder)
      await c.ask(gbkHello, 'gbk hello\n')
      await c.ask('get /y', 'got')

      // A change keeps the rest: the GBK match stays GBK.
      await page.getByTestId('edit-rules').click()
      await dialog.getByTestId('rule').nth(0).getByTestId('rule-reply').fill('gbk hi\\n')
      await dialog.getByRole('button', { name: 'Apply' }).click()
      await expect(dialog).toHaveCount(0)
      const changed = structuredClone(responder)
      changed.rules[0]!.then = { type: 'reply', payload: { format: 'escaped', text: 'gbk hi\\n' } }
      await expect.poll(savedResponder).toEqual(changed)
      await c.ask(gbkHello, 'gbk hi\n')
    } finally {
      c.socket.destroy()
    }
  })
})

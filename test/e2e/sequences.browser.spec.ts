// Sequences and the traffic generator in the window, against a plain Node TCP listener on loopback:
// a three-step sequence played twice arrives byte for byte in order; the generator's 200 messages
// all arrive and its summary says 200. Screenshots of both tabs in English and Chinese, light and dark.
import { mkdirSync } from 'node:fs'
import { connect, createServer, type Server, type Socket } from 'node:net'
import type { Page } from '@playwright/test'
import { expect, test } from './shell-fixture'
import { newEndpoint, openApp, portOf, removeAll, watchErrors } from './playground-helpers'

const SHOTS = '/tmp/seq-shots'

/** A listener that keeps every byte its connections send, in arrival order (or reads nothing). */
async function listener(reads = true): Promise<{ server: Server; port: number; received: () => string; sockets: Socket[] }> {
  const chunks: Buffer[] = []
  const sockets: Socket[] = []
  const server = createServer((s) => {
    sockets.push(s)
    s.on('error', () => undefined)
    // A peer that never reads: the kernel's buffers fill, then the sender's queue.
    if (reads) s.on('data', (d) => chunks.push(d))
    else s.pause()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('the listener has no port')
  return { server, port: address.port, received: () => Buffer.concat(chunks).toString('latin1'), sockets }
}

async function close(l: { server: Server; sockets: Socket[] }): Promise<void> {
  for (const s of l.sockets) s.destroy()
  await new Promise<void>((resolve) => l.server.close(() => resolve()))
}

async function shootBoth(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true })
  for (const lang of ['en', 'zh-CN'] as const) {
    await page.getByTestId('language-select').selectOption(lang)
    await expect(page.getByTestId('tab-sequences')).toHaveText(lang === 'en' ? 'Sequences' : '序列')
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme })
      await page.screenshot({ path: `${SHOTS}/${name}-${lang}-${colorScheme}.png` })
    }
  }
  await page.emulateMedia({ colorScheme: 'light' })
  await page.getByTestId('language-select').selectOption('en')
}

test.describe('sequences and the traffic generator', () => {
  test.setTimeout(90_000)

  test.beforeEach(async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 })
  })

  test.afterEach(async ({ page }) => {
    await page.getByTestId('language-select').selectOption('en')
    await removeAll(page)
  })

  test('a three-step sequence played twice reaches a TCP listener in order', async ({ page, shell }) => {
    const errors = watchErrors(page)
    const peer = await listener()
    try {
      await openApp(page, shell.url)
      await newEndpoint(page, 'TCP client', { Host: '127.0.0.1', Port: String(peer.port) })
      await expect(page.getByTestId('endpoint-state')).toHaveAttribute('data-state', 'connected')

      await page.getByTestId('tab-sequences').click()
      await expect(page.getByTestId('sequences-empty')).toBeVisible()
      await shootBoth(page, 'sequences-empty')
      await page.getByTestId('sequence-new').click()
      await expect(page.getByTestId('sequence-no-steps')).toBeVisible()
      await page.getByTestId('sequence-name').fill('greeting')
      await page.getByTestId('sequence-name').press('Enter')

      const texts = ['HELO lab\\r\\n', 'DATA 1\\r\\n', 'QUIT\\r\\n']
      for (const [i, text] of texts.entries()) {
        await page.getByTestId('sequence-add-empty').click()
        const step = page.getByTestId('sequence-step').nth(i)
        await step.getByTestId('step-text').fill(text)
        await step.getByTestId('step-delay').fill(String(40 * (i + 1)))
      }
      // The last step as hex, to send bytes a text field cannot show.
      const last = page.getByTestId('sequence-step').nth(2)
      await last.getByTestId('step-mode').selectOption('hex')
      await last.getByTestId('step-text').fill('51 55 49 54 0d 0a ff')
      await expect(last.getByTestId('step-bytes')).toHaveText('7 bytes')
      await page.getByTestId('sequence-loops-mode').selectOption('times')
      await page.getByTestId('sequence-loops').fill('2')

      await page.getByTestId('sequence-play').click()
      await expect(page.getByTestId('sequence-progress')).toHaveAttribute('data-state', 'done')
      await expect(page.getByTestId('sequence-progress')).toContainText('6 sent')
      const once = 'HELO lab\r\nDATA 1\r\nQUIT\r\n\xff'
      await expect.poll(peer.received).toBe(once + once)
      // The first step's format opened under it, as it shows in the screenshots.
      await page.getByTestId('sequence-step').first().getByTestId('step-format-toggle').click()
      await expect(page.getByTestId('step-line-ending')).toHaveValue('none')
      await shootBoth(page, 'sequences-done')

      // Kept with the workspace: a reload shows the same sequence.
      await expect(page.getByTestId('status-bar')).toHaveAttribute('data-workspace-saved', 'true')
      await page.reload()
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected')
      await page.getByTestId('tab-sequences').click()
      await expect(page.getByTestId('sequence-name')).toHaveValue('greeting')
      await expect(page.getByTestId('sequence-step')).toHaveCount(3)
      await page.getByTestId('sequence-delete').click()
      await expect(page.getByTestId('sequences-empty')).toBeVisible()
      expect(errors).toEqual([])
    } finally {
      await close(peer)
    }
  })

  test('the generator sends 200 messages at a rate; all arrive and the summary says 200', async ({ page, shell }) => {
    const errors = watchErrors(page)
    const peer = await listener()
    try {
      await openApp(page, shell.url)
      await newEndpoint(page, 'TCP client', { Host: '127.0.0.1', Port: String(peer.port) })
      await expect(page.getByTestId('endpoint-state')).toHaveAttribute('data-state', 'connected')
      await page.getByTestId('tab-generator').click()
      await expect(page.getByTestId('generator-no-payload')).toBeVisible()
      await shootBoth(page, 'generator-empty')

      await page.getByTestId('tab-composer').click()
      await page.getByTestId('composer-text').fill('tick\\n')
      await page.screenshot({ path: `${SHOTS}/composer-tab-en-light.png` })
      await page.getByTestId('tab-generator').click()
      await expect(page.getByTestId('generator-payload')).toContainText('5 bytes')
      await page.getByTestId('generator-pace-value').fill('100')
      await page.getByTestId('generator-count').fill('200')
      await page.getByTestId('generator-start').click()
      // The live line shows while it runs (200 at 100 a second take about two seconds).
      await expect(page.getByTestId('generator-live')).toContainText(/Sent [1-9]/)
      await page.screenshot({ path: `${SHOTS}/generator-running-en-light.png` })
      await expect(page.getByTestId('generator-summary')).toHaveAttribute('data-end', 'done', { timeout: 20_000 })
      await expect(page.getByTestId('generator-summary')).toHaveAttribute('data-sent', '200')
      await expect(page.getByTestId('generator-summary')).toContainText('Done: sent 200 messages, 1000 B')
      await expect(page.getByTestId('generator-summary')).toContainText('errors: 0')
      await expect.poll(peer.received).toBe('tick\n'.repeat(200))
      await shootBoth(page, 'generator-done')
      expect(errors).toEqual([])
    } finally {
      await close(peer)
    }
  })

  test('a sequence played until stopped to a peer that does not read stops with the error', async ({ page, shell }) => {
    test.setTimeout(120_000)
    const peer = await listener(false)
    try {
      await openApp(page, shell.url)
      await newEndpoint(page, 'TCP client', { Host: '127.0.0.1', Port: String(peer.port) })
      await expect(page.getByTestId('endpoint-state')).toHaveAttribute('data-state', 'connected')
      await page.getByTestId('tab-sequences').click()
      await page.getByTestId('sequence-new').click()
      await page.getByTestId('sequence-add-empty').click()
      // 60 000 bytes a send, no wait, until stopped: the 4 MiB queue fills within a few hundred sends.
      await page.getByTestId('step-text').fill('A'.repeat(60_000))
      await page.getByTestId('step-delay').fill('0')
      await page.getByTestId('sequence-loops-mode').selectOption('forever')
      await page.getByTestId('sequence-play').click()
      await expect(page.getByTestId('sequence-stop')).toBeVisible()
      await expect(page.getByTestId('sequence-progress')).toHaveAttribute('data-state', 'failed', { timeout: 90_000 })
      await expect(page.getByTestId('sequence-progress')).toContainText('the send was refused')
      await expect(page.getByTestId('sequence-progress')).toContainText('is not reading')
      await expect(page.getByTestId('sequence-play')).toBeVisible()
      await page.screenshot({ path: `${SHOTS}/sequences-refused-en-light.png` })
    } finally {
      await close(peer)
    }
  })

  test('from a server, a sequence goes to the peer picked in the target, and to no other', async ({ page, shell }) => {
    const errors = watchErrors(page)
    await openApp(page, shell.url)
    const server = await newEndpoint(page, 'TCP server')
    const port = await portOf(server)
    const got: Record<string, string> = { a: '', b: '' }
    const clients: Record<string, Socket> = {}
    for (const name of ['a', 'b']) {
      clients[name] = await new Promise<Socket>((resolve, reject) => {
        const c = connect({ host: '127.0.0.1', port }, () => resolve(c))
        c.on('error', reject)
        c.on('data', (d) => (got[name] += d.toString('latin1')))
      })
    }
    try {
      await expect(page.getByTestId('peer-row')).toHaveCount(2)
      await page.getByTestId('tab-sequences').click()
      await page.getByTestId('sequence-new').click()
      await page.getByTestId('sequence-add-empty').click()
      await page.getByTestId('step-text').fill('only for b\\n')
      await page.getByTestId('step-delay').fill('0')
      await page.getByTestId('sequence-editor').getByTestId('composer-target').selectOption({ label: `127.0.0.1:${clients.b!.localPort}` })
      await page.getByTestId('sequence-play').click()
      await expect(page.getByTestId('sequence-progress')).toHaveAttribute('data-state', 'done')
      await expect.poll(() => got.b).toBe('only for b\n')
      expect(got.a).toBe('')
      await shootBoth(page, 'sequences-server')
      expect(errors).toEqual([])
    } finally {
      for (const c of Object.values(clients)) c.destroy()
    }
  })

  test('an unpaced generator run until stopped leaves the window usable, and its count matches what arrived', async ({ page, shell }) => {
    const errors = watchErrors(page)
    const peer = await listener()
    try {
      await openApp(page, shell.url)
      await newEndpoint(page, 'TCP client', { Host: '127.0.0.1', Port: String(peer.port) })
      await expect(page.getByTestId('endpoint-state')).toHaveAttribute('data-state', 'connected')
      await page.getByTestId('composer-text').fill('0123456789abcdef')
      await page.getByTestId('tab-generator').click()
      await page.getByTestId('generator-pace').selectOption('fast')
      await page.getByTestId('generator-count').fill('0')
      await page.getByTestId('generator-start').click()
      await expect(page.getByTestId('generator-live')).toContainText(/Sent [1-9]/)
      // While it floods, the window still answers: tabs switch, the composer can be typed in.
      await page.getByTestId('tab-composer').click()
      await page.getByTestId('composer-text').fill('still typing')
      await expect(page.getByTestId('composer-length')).toHaveText('12 bytes')
      await page.getByTestId('tab-generator').click()
      await expect(page.getByTestId('generator-payload')).toContainText('12 bytes')
      await page.getByTestId('generator-stop').click()
      const summary = page.getByTestId('generator-summary')
      await expect(summary).toHaveAttribute('data-end', 'stopped')
      const sent = Number(await summary.getAttribute('data-sent'))
      expect(sent).toBeGreaterThan(0)
      // The run kept the bytes it started with; every message it counted arrived, and no other.
      await expect.poll(() => peer.received().length).toBe(sent * 16)
      expect(peer.received()).toBe('0123456789abcdef'.repeat(sent))
      expect(errors).toEqual([])
    } finally {
      await close(peer)
    }
  })
})

// Composer macros in the window against a plain Node TCP listener on loopback: the preview shows the
// bytes of the next send, and the listener receives exactly those, the counter going up per send.
// A server's fixed reply with macros answers each client with its own count. Screenshots of the
// macro help in English and Chinese, light and dark.
import { mkdirSync } from 'node:fs'
import { connect, createServer, type Server, type Socket } from 'node:net'
import { expect, test } from './shell-fixture'
import { newEndpoint, openApp, portOf, removeAll, watchErrors } from './playground-helpers'

const SHOTS = '/tmp/macros-shots'

async function listener(): Promise<{ server: Server; port: number; received: () => Buffer; sockets: Socket[] }> {
  const chunks: Buffer[] = []
  const sockets: Socket[] = []
  const server = createServer((s) => {
    sockets.push(s)
    s.on('error', () => undefined)
    s.on('data', (d) => chunks.push(d))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('the listener has no port')
  return { server, port: address.port, received: () => Buffer.concat(chunks), sockets }
}

function crc16(bytes: Buffer): number {
  let c = 0xffff
  for (const b of bytes) {
    c ^= b
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xa001 : c >>> 1
  }
  return c
}

test.describe('composer macros', () => {
  test.setTimeout(90_000)

  test.beforeEach(async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 })
  })

  test.afterEach(async ({ page }) => {
    await page.getByTestId('language-select').selectOption('en')
    await removeAll(page)
  })

  test('the preview shows the next send, and the listener gets exactly it, counting up', async ({ page, shell }) => {
    const errors = watchErrors(page)
    const peer = await listener()
    try {
      await openApp(page, shell.url)
      await newEndpoint(page, 'TCP client', { Host: '127.0.0.1', Port: String(peer.port) })
      await expect(page.getByTestId('endpoint-state')).toHaveAttribute('data-state', 'connected')

      await page.getByTestId('composer-mode').selectOption('hex')
      await page.getByTestId('composer-text').fill('01 03 00 00 00 0a {crc16}')
      await expect(page.getByTestId('composer-preview-error')).toContainText('bad hex digit')
      await page.getByTestId('composer-macros').check()
      await expect(page.getByTestId('composer-hex')).toHaveText('01 03 00 00 00 0a c5 cd')
      await expect(page.getByTestId('composer-send-number')).toHaveText('next send #1')
      await page.getByTestId('composer-text').press('Control+Enter')
      await expect.poll(() => peer.received().toString('hex')).toBe('01030000000ac5cd')
      await expect(page.getByTestId('composer-send-number')).toHaveText('next send #2')

      await page.getByTestId('composer-mode').selectOption('escaped')
      await page.getByTestId('composer-text').fill('n={counter};{crc16}\\r\\n')
      const line = (n: number): string => `n=${n};${crc16(Buffer.from(`n=${n};`)).toString(16).toUpperCase().padStart(4, '0')}\r\n`
      await expect(page.getByTestId('composer-hex')).toHaveText(Buffer.from(line(2)).toString('hex').replace(/(..)(?!$)/g, '$1 '))
      await page.getByTestId('composer-send').click()
      await expect(page.getByTestId('composer-send-number')).toHaveText('next send #3')
      await page.getByTestId('composer-send').click()
      await expect.poll(() => peer.received().subarray(8).toString('latin1')).toBe(line(2) + line(3))

      await page.getByTestId('composer-macro-help').locator('summary').click()
      await expect(page.getByTestId('composer-macro-help')).toContainText('CRC-16/MODBUS of every byte before it')
      mkdirSync(SHOTS, { recursive: true })
      for (const lang of ['en', 'zh-CN'] as const) {
        await page.getByTestId('language-select').selectOption(lang)
        if (lang === 'zh-CN') await expect(page.getByTestId('composer-macro-help')).toContainText('它之前所有字节的 CRC-16/MODBUS')
        for (const colorScheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme })
          await page.screenshot({ path: `${SHOTS}/macro-help-${lang}-${colorScheme}.png` })
        }
      }
      await page.emulateMedia({ colorScheme: 'light' })
      expect(errors).toEqual([])
    } finally {
      for (const s of peer.sockets) s.destroy()
      await new Promise<void>((resolve) => peer.server.close(() => resolve()))
    }
  })

  test('a server whose fixed reply fills in macros counts each client on its own', async ({ page, shell }) => {
    const errors = watchErrors(page)
    await openApp(page, shell.url)
    await page.getByTestId('new-endpoint').click()
    await page.getByRole('menuitem', { name: 'TCP server', exact: true }).click()
    const form = page.getByTestId('endpoint-form')
    await form.getByTestId('form-responder').selectOption('fixed')
    await form.getByLabel('Fixed reply (hex)', { exact: true }).fill('06 {counter} {crc16}')
    await form.getByTestId('fixed-macros').check()
    await form.getByTestId('endpoint-form-submit').click()
    await expect(form).toHaveCount(0)
    const port = await portOf(page.getByTestId('endpoint-item').first())

    const ask = async (socket: Socket, got: Buffer[], length: number): Promise<string> => {
      socket.write('?')
      await expect.poll(() => Buffer.concat(got).length).toBeGreaterThanOrEqual(length)
      return Buffer.concat(got).toString('hex')
    }
    const reply = (n: number): string => {
      const c = crc16(Buffer.from([6, n]))
      return Buffer.from([6, n, c & 0xff, c >>> 8]).toString('hex')
    }
    const clients: Socket[] = []
    try {
      const open = async (): Promise<{ socket: Socket; got: Buffer[] }> => {
        const socket = connect(port, '127.0.0.1')
        clients.push(socket)
        const got: Buffer[] = []
        socket.on('data', (d) => got.push(d))
        await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject))
        return { socket, got }
      }
      const a = await open()
      expect(await ask(a.socket, a.got, 4)).toBe(reply(1))
      expect(await ask(a.socket, a.got, 8)).toBe(reply(1) + reply(2))
      const b = await open()
      expect(await ask(b.socket, b.got, 4)).toBe(reply(1))
      expect(errors).toEqual([])
    } finally {
      for (const c of clients) c.destroy()
    }
  })
})

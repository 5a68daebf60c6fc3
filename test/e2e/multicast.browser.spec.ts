// A UDP socket in the window joins a multicast group on the loopback interface and sees a datagram
// another socket sent to the group (TTL 0, out of 127.0.0.1: nothing leaves the machine).
import dgram from 'node:dgram'
import { expect, test } from './shell-fixture'
import { newEndpoint, openApp, portOf, removeAll, rows, shoot, shootInBothLanguages, watchErrors } from './playground-helpers'

const GROUP = '239.1.2.3'

async function sendToGroup(port: number, text: string): Promise<void> {
  const s = dgram.createSocket('udp4')
  try {
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()))
    s.setMulticastInterface('127.0.0.1')
    s.setMulticastTTL(0)
    s.setMulticastLoopback(true)
    await new Promise<void>((res, rej) => s.send(text, port, GROUP, (err) => (err ? rej(err) : res())))
  } finally {
    s.close()
  }
}

test.describe('multicast in the window', () => {
  test.setTimeout(60_000)

  test.beforeEach(async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 })
  })

  test.afterEach(async ({ page }) => {
    await removeAll(page)
  })

  test('joins a group on loopback, receives what another socket sends to it, and leaves it', async ({ page, shell }) => {
    const errors = watchErrors(page)
    await openApp(page, shell.url)

    // The form: the multicast options with their explanations, before creating the socket.
    await page.getByTestId('new-endpoint').click()
    await page.getByRole('menuitem', { name: 'UDP socket', exact: true }).click()
    const form = page.getByTestId('endpoint-form')
    await expect(form.getByText('Multicast TTL', { exact: true })).toBeVisible()
    await expect(form.getByTestId('bind-addresses').locator('option[value="127.0.0.1"]')).toHaveCount(1)
    await form.getByTestId('socket-options').evaluate((el) => el.scrollTo(0, el.scrollHeight))
    await shootInBothLanguages(page, 'multicast-form')
    await form.getByRole('button', { name: 'Cancel' }).click()

    const item = await newEndpoint(page, 'UDP socket', { Host: '0.0.0.0', Port: '0', 'Multicast TTL': '0' })
    await item.click()
    const port = await portOf(item)
    const panel = page.getByTestId('multicast')
    await expect(panel.getByTestId('multicast-interface')).toHaveValue('127.0.0.1')
    await panel.getByTestId('multicast-group').fill(GROUP)
    await panel.getByTestId('multicast-join').click()
    await expect(panel.getByTestId('multicast-membership')).toHaveCount(1)
    await expect(panel.getByTestId('multicast-membership')).toContainText(GROUP)

    await sendToGroup(port, 'hello group')
    await expect(rows(page, 'hello group')).toHaveCount(1)
    await shootInBothLanguages(page, 'multicast-joined')

    // A bad group is refused in the window before anything is asked.
    await panel.getByTestId('multicast-group').fill('10.1.2.3')
    await expect(panel.getByTestId('multicast-join')).toBeDisabled()
    await expect(panel.getByText(/Not a multicast address/)).toBeVisible()
    await shoot(page, 'multicast-bad-group-en')
    await panel.getByTestId('multicast-group').fill('')

    // Joining again is refused by the engine, and said in the window's language.
    await page.getByTestId('language-select').selectOption('zh-CN')
    await panel.getByTestId('multicast-group').fill(GROUP)
    await panel.getByTestId('multicast-join').click()
    await expect(panel.getByTestId('error-note')).toContainText(`已经加入了 ${GROUP}@127.0.0.1`)
    await shoot(page, 'multicast-join-twice-zh')
    await page.getByTestId('language-select').selectOption('en')
    await panel.getByTestId('multicast-group').fill('')

    await panel.getByTestId('multicast-leave').click()
    await expect(panel.getByTestId('multicast-membership')).toHaveCount(0)
    await expect(panel.getByText('No group joined.')).toBeVisible()
    expect(errors).toEqual([])
  })
})

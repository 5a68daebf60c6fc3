// A server that answers by itself, in the window: a chat server whose answers the user types, and
// the bye it notes in the timeline, through the browser shell on loopback.
import { expect, test } from './shell-fixture'
import { openApp, portOf, removeAll, rows, send, shoot, watchErrors } from './playground-helpers'

test.describe('responders in the window', () => {
  test.setTimeout(60_000)

  test.beforeEach(async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 })
  })

  test.afterEach(async ({ page }) => {
    await removeAll(page)
  })

  test('a chat server answers with the line typed for it, and the client\u2019s bye shows as a note', async ({ page, shell }) => {
    const errors = watchErrors(page)
    await openApp(page, shell.url)
    await page.getByTestId('new-endpoint').click()
    await page.getByRole('menuitem', { name: 'TCP server', exact: true }).click()
    const form = page.getByTestId('endpoint-form')
    await form.getByLabel('Answers by itself').selectOption('chat')
    await expect(form).toContainText('input()')
    await form.getByTestId('endpoint-form-submit').click()
    const server = page.getByTestId('servers-group').getByTestId('endpoint-item')
    const port = await portOf(server)

    await page.getByTestId('new-endpoint').click()
    await page.getByRole('menuitem', { name: 'TCP client', exact: true }).click()
    await expect(page.getByTestId('endpoint-form').getByLabel('Port', { exact: true })).toHaveValue(String(port))
    await page.getByTestId('endpoint-form-submit').click()
    const client = page.getByTestId('clients-group').getByTestId('endpoint-item')
    await expect(page.getByTestId('endpoint-state')).toHaveAttribute('data-state', 'connected')
    await send(page, 'text', 'hello')

    // The chat holds until the server's user types: nothing comes back before.
    await server.click()
    await expect(rows(page, 'hello')).toHaveCount(1)
    await expect(page.getByTestId('receive-responder')).toHaveValue('chat')
    await page.getByTestId('responder-type').fill('hi there')
    await page.getByTestId('responder-type').press('Enter')
    await expect(page.getByTestId('responder-type')).toHaveValue('')
    await shoot(page, 'chat-server-typed')

    await client.click()
    await expect(rows(page, 'hi there')).toHaveCount(1)
    await send(page, 'text', 'bye')
    await server.click()
    await expect(rows(page, 'Bye from the client: the chat ends')).toHaveCount(1)
    // The chat ended: the server closed its side, and the client closed by itself on that FIN.
    await client.click()
    await expect(rows(page, "the peer closed its side (FIN): recv returned b''")).toHaveCount(1)
    await expect(page.getByTestId('endpoint-state')).toHaveAttribute('data-state', 'closed')
    expect(errors).toEqual([])
  })
})

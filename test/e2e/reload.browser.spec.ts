// A reloaded page meets endpoints that kept running in `socket-lab serve`: their timelines come back
// from the engine's capture, peers' comings and goings included, in order and each row once, and
// new traffic follows them.
import { expect, test } from './shell-fixture'
import { newEndpoint, openApp, removeAll, rows, send, watchErrors } from './playground-helpers'
import type { Page } from '@playwright/test'

function dataRows(page: Page): ReturnType<Page['locator']> {
  return page.locator('[data-testid="timeline-row"][data-kind="data"]')
}

/** The kind of every row, in order: data, a peer's arrival, a change of the endpoint's state... */
function rowKinds(page: Page): Promise<(string | null)[]> {
  return page.getByTestId('timeline-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))
}

async function dataPreviews(page: Page): Promise<string[]> {
  return dataRows(page).getByTestId('timeline-preview').allTextContents()
}

test.describe('timeline after a reload', () => {
  test.setTimeout(60_000)

  test.afterEach(async ({ page }) => {
    await removeAll(page)
  })

  test('the server shows the same rows after the page reloads, then new ones after them', async ({ page, shell }) => {
    const errors = watchErrors(page)
    await openApp(page, shell.url)
    const server = await newEndpoint(page, 'TCP server')
    // The client form starts from the server just opened.
    await newEndpoint(page, 'TCP client')
    const client = page.getByTestId('clients-group').getByTestId('endpoint-item')
    await expect(page.getByTestId('endpoint-state')).toHaveAttribute('data-state', 'connected')
    for (const text of ['first', 'second', 'third']) {
      await send(page, 'text', text)
      await expect(rows(page, text)).toHaveCount(1)
    }

    await server.click()
    await expect(dataRows(page)).toHaveCount(3)
    const before = await dataPreviews(page)
    expect(before).toEqual(['first', 'second', 'third'])
    const kindsBefore = await rowKinds(page)
    expect(kindsBefore).toEqual(['state', 'state', 'open', 'data', 'data', 'data'])

    await page.reload()
    await openApp(page, shell.url)
    await page.getByTestId('endpoint-item').first().click()
    await expect(dataRows(page)).toHaveCount(3)
    // Refilled rows fetch their bytes when shown, so the previews arrive a moment after the rows.
    await expect.poll(() => dataPreviews(page)).toEqual(before)
    // The server's states and the client's arrival come back too, in order and once; and the client is still listed.
    expect(await rowKinds(page)).toEqual(kindsBefore)
    await expect(page.getByTestId('peer-row')).toHaveCount(1)

    await client.click()
    await expect(dataRows(page)).toHaveCount(3)
    await send(page, 'text', 'fourth')
    await page.getByTestId('endpoint-item').first().click()
    await expect.poll(() => dataPreviews(page)).toEqual([...before, 'fourth'])
    expect(errors).toEqual([])
  })

  test('frames decoded before the reload come back after their chunks', async ({ page, shell }) => {
    const errors = watchErrors(page)
    await openApp(page, shell.url)
    const server = await newEndpoint(page, 'TCP server')
    await page.getByTestId('receive-framing').fill('line')
    await page.getByTestId('receive-framing').press('Enter')
    await newEndpoint(page, 'TCP client')
    await expect(page.getByTestId('endpoint-state')).toHaveAttribute('data-state', 'connected')
    // The client took the server's framing, and its composer frames with it: the last line ending is the framing's.
    await expect(page.getByTestId('composer-framing')).toHaveValue('line')
    await send(page, 'escaped', 'one\\ntwo')

    await server.click()
    const frameRows = page.locator('[data-testid="timeline-row"][data-kind="frame"]')
    await expect(frameRows).toHaveCount(2)
    const before = await frameRows.getByTestId('timeline-preview').allTextContents()
    expect(before).toEqual(['one', 'two'])
    const kindsBefore = await rowKinds(page)

    await page.reload()
    await openApp(page, shell.url)
    await page.getByTestId('endpoint-item').first().click()
    await expect(frameRows).toHaveCount(2)
    expect(await frameRows.getByTestId('timeline-preview').allTextContents()).toEqual(before)
    expect(await rowKinds(page)).toEqual(kindsBefore)
    expect(errors).toEqual([])
  })
})

// The capture leaves the window as a file: pcapng that tshark follows byte for byte, and JSON Lines,
// downloaded from the timeline's Export menu in the browser shell.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { expect, test } from './shell-fixture'
import { newEndpoint, openApp, portOf, removeAll, send } from './playground-helpers'
import { requirePeerTool } from '../helpers/peer-tools'

const tshark = requirePeerTool('tshark')

test.describe('export from the timeline', () => {
  test.afterEach(async ({ page }) => removeAll(page))

  test('pcapng and JSON Lines downloads hold what crossed', async ({ page, shell }) => {
    await openApp(page, shell.url)
    const server = await newEndpoint(page, 'TCP server')
    const port = await portOf(server)
    await newEndpoint(page, 'TCP client', { Port: String(port) })
    await expect(page.getByTestId('endpoint-state')).toHaveAttribute('data-state', 'connected')
    await send(page, 'escaped', 'hello export\\n')
    await expect(page.getByTestId('timeline-count')).toHaveAttribute('data-chunks', '1')

    await page.getByTestId('export-menu').click()
    const pcap = page.waitForEvent('download')
    await page.getByRole('menuitem', { name: 'This endpoint as pcapng (Wireshark)' }).click()
    const pcapFile = await (await pcap).path()
    const followed = execFileSync(tshark, ['-r', pcapFile, '-q', '-z', 'follow,tcp,raw,0'], { encoding: 'utf8' })
    expect(followed).toContain(Buffer.from('hello export\n').toString('hex'))
    await expect(page.getByTestId('save-line').filter({ hasText: '.pcapng' })).toHaveAttribute('data-state', 'done')

    await page.getByTestId('export-menu').click()
    const jsonl = page.waitForEvent('download')
    await page.getByRole('menuitem', { name: 'This endpoint as JSON Lines' }).click()
    const lines = readFileSync(await (await jsonl).path(), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines.some((l) => l.hex === Buffer.from('hello export\n').toString('hex'))).toBe(true)
  })
})

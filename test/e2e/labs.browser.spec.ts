// Labs as a class uses them: open a lab from the Labs picker, copy the lesson's Python program from
// its guide (the address filled in), run it with python3, and watch every step tick; in English and
// in Chinese.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { newEndpoint, openApp, shootInBothLanguages, watchErrors } from './playground-helpers'
import { serveWithConfig, type ServeProcess } from './serve-process'
import { requirePeerTool } from '../helpers/peer-tools'

const python = requirePeerTool('python3')

function runPython(code: string, input = ''): Promise<{ code: number | null; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'socket-lab-lab-'))
  const file = join(dir, 'lab.py')
  writeFileSync(file, code)
  return new Promise((resolve) => {
    const child = execFile(python, [file], { timeout: 20_000 }, (err, stdout, stderr) => {
      rmSync(dir, { recursive: true, force: true })
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` })
    })
    child.stdin?.end(input)
  })
}

async function openLab(page: Page, id: string): Promise<void> {
  await page.getByTestId('labs-button').click()
  await page.getByTestId(`lab-${id}`).click()
  await expect(page.getByTestId('lab-guide')).toHaveAttribute('data-lab', id)
  await expect(page.getByTestId('lab-program-code').first()).toBeVisible()
}

async function programCode(page: Page, fileName: string): Promise<string> {
  return (await page.locator(`[data-testid="lab-program"][data-file="${fileName}"]`).getByTestId('lab-program-code').textContent()) ?? ''
}

const step = (page: Page, id: string) => page.locator(`[data-testid="lab-step"][data-step="${id}"]`)

test.describe('labs', () => {
  test.setTimeout(120_000)
  let dir: string
  let serve: ServeProcess
  test.beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'socket-lab-labs-'))
    serve = await serveWithConfig(dir)
  })
  test.afterEach(async () => {
    await serve.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  for (const language of ['en', 'zh-CN'] as const) {
    test(`sticky packets: the lesson's client ticks its steps (${language})`, async ({ page }) => {
      const errors = watchErrors(page)
      await openApp(page, serve.url)
      if (language === 'zh-CN') await page.getByTestId('language-select').selectOption('zh-CN')
      await openLab(page, 'sticky-packets')
      const code = await programCode(page, 'sticky_client.py')
      expect(code).toMatch(/client\.connect\(\('127\.0\.0\.1', \d+\)\)/)
      // Each run may cut the three sends differently; a class runs it again until they stick.
      for (let run = 0; run < 5 && (await step(page, 'sticky').getAttribute('data-done')) !== 'true'; run++) {
        const r = await runPython(code)
        expect(r.code, r.out).toBe(0)
        await expect(step(page, 'split')).toHaveAttribute('data-done', 'true')
      }
      await expect(step(page, 'sticky')).toHaveAttribute('data-done', 'true')
      const said = language === 'en' ? 'the messages stuck together' : '消息粘在了一起'
      await expect(step(page, 'sticky')).toContainText(said)
      expect(errors).toEqual([])
    })

    test(`length prefix: struct.pack('i') frames tick every step (${language})`, async ({ page }) => {
      await openApp(page, serve.url)
      if (language === 'zh-CN') await page.getByTestId('language-select').selectOption('zh-CN')
      await openLab(page, 'length-prefix')
      const r = await runPython(await programCode(page, 'struct_client.py'))
      expect(r.code, r.out).toBe(0)
      expect(r.out).toContain("12 b'Hello world!'")
      const progress = page.getByTestId('lab-progress')
      const total = await progress.getAttribute('data-total')
      await expect(progress).toHaveAttribute('data-done', total!)
      await expect(page.getByTestId('lab-guide')).toContainText(language === 'en' ? 'Every step is done' : '所有步骤都完成了')
    })
  }

  test('a lab keeps the user’s own endpoints, resets, closes, and comes back after a reload', async ({ page }) => {
    await openApp(page, serve.url)
    await newEndpoint(page, 'UDP socket', { Name: 'mine' })
    await openLab(page, 'length-prefix')
    await expect(page.getByTestId('endpoint-item')).toHaveCount(2)
    // The lab's endpoints are listed apart; the user's own stay in their group.
    await expect(page.getByTestId('lab-group').getByTestId('endpoint-item')).toHaveCount(1)
    await expect(page.getByTestId('servers-group').getByTestId('endpoint-item')).toContainText('mine')
    await runPython(await programCode(page, 'struct_client.py'))
    await expect(step(page, 'frame')).toHaveAttribute('data-done', 'true')
    await shootInBothLanguages(page, 'lab-length-prefix')
    // The ticks are kept with the workspace.
    await expect(page.getByTestId('status-bar')).toHaveAttribute('data-workspace-saved', 'true')
    await page.reload()
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected')
    await page.getByTestId('tab-lab').click()
    await expect(step(page, 'frame')).toHaveAttribute('data-done', 'true')
    await page.getByTestId('lab-reset').click()
    await expect(step(page, 'frame')).toHaveAttribute('data-done', 'false')
    await expect(page.getByTestId('endpoint-item')).toHaveCount(2)
    await page.getByTestId('lab-close').click()
    await expect(page.getByTestId('lab-guide')).toHaveCount(0)
    await expect(page.getByTestId('endpoint-item')).toHaveCount(1)
    await expect(page.getByTestId('endpoint-item')).toContainText('mine')
  })
})

import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

interface Found {
  path: string
  source: string
}
const { findChromium, installPlaces } = createRequire(__filename)('../../scripts/lib/find-chromium.cjs') as {
  findChromium(options: {
    env?: NodeJS.ProcessEnv
    pathEnv?: string
    places?: string[]
    playwrightPath?: () => string | undefined
    works?: (file: string) => boolean
    note?: (line: string) => void
  }): Found | undefined
  installPlaces(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[]
}

describe('findChromium', () => {
  let base: string
  let bin: string
  let places: string
  let good: string
  let stub: string
  // Stand-ins for browsers: one answers --version as Chromium does, one is a stub that fails.
  const script = (file: string, body: string): string => {
    writeFileSync(file, `#!/bin/sh\n${body}\n`)
    chmodSync(file, 0o755)
    return file
  }

  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'socket-lab-chromium-'))
    bin = join(base, 'bin')
    places = join(base, 'opt')
    mkdirSync(bin)
    mkdirSync(places)
    good = script(join(base, 'good-chrome'), 'echo "Chromium 140.0.7339.80 built on Debian"')
    stub = script(join(base, 'stub-chrome'), 'echo "Command requires the chromium snap to be installed." >&2; exit 1')
  })
  afterAll(() => rmSync(base, { recursive: true, force: true }))

  const none = (): undefined => undefined

  it('takes CHROMIUM_PATH first when it starts', () => {
    script(join(bin, 'chromium'), 'echo "Chromium 1.2.3"')
    expect(findChromium({ env: { CHROMIUM_PATH: good }, pathEnv: bin, places: [], playwrightPath: none })).toEqual({ path: good, source: 'CHROMIUM_PATH' })
  })

  it('says so and looks further when CHROMIUM_PATH does not start', () => {
    const notes: string[] = []
    const found = findChromium({ env: { CHROMIUM_PATH: stub }, pathEnv: bin, places: [], playwrightPath: none, note: (l) => notes.push(l) })
    expect(found).toEqual({ path: join(bin, 'chromium'), source: 'system' })
    expect(notes.join('\n')).toContain(`CHROMIUM_PATH is ${stub}`)
  })

  it('finds the usual command names on PATH, then the usual install places, then Playwright\'s own', () => {
    const emptyBin = mkdtempSync(join(base, 'empty-'))
    const chromeBin = mkdtempSync(join(base, 'chrome-'))
    script(join(chromeBin, 'google-chrome-stable'), 'echo "Google Chrome 140.0.1"')
    expect(findChromium({ env: {}, pathEnv: chromeBin, places: [good], playwrightPath: () => good })).toEqual({
      path: join(chromeBin, 'google-chrome-stable'),
      source: 'system'
    })
    expect(findChromium({ env: {}, pathEnv: emptyBin, places: [join(places, 'nothing'), good], playwrightPath: none })).toEqual({ path: good, source: 'system' })
    expect(findChromium({ env: {}, pathEnv: emptyBin, places: [], playwrightPath: () => good })).toEqual({ path: good, source: 'playwright' })
  })

  it('passes over a stub that does not start, and a Playwright browser that was never downloaded', () => {
    const stubBin = mkdtempSync(join(base, 'stub-'))
    script(join(stubBin, 'chromium-browser'), 'exit 1')
    expect(findChromium({ env: {}, pathEnv: stubBin, places: [stub], playwrightPath: () => join(base, 'ms-playwright', 'chrome') })).toBeUndefined()
  })

  it('knows where browsers are installed on each platform', () => {
    expect(installPlaces('linux', {})).toContain('/usr/bin/chromium')
    expect(installPlaces('darwin', {})).toContain('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome')
    expect(installPlaces('win32', { PROGRAMFILES: 'C:\\Program Files' }).some((p) => p.includes('chrome.exe'))).toBe(true)
  })
})

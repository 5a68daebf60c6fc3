// Finding a Chromium or Chrome for the end-to-end tests, in this order: CHROMIUM_PATH, a system
// browser (the usual command names on PATH, then the usual install places), then the one Playwright
// downloaded itself. Every source is a parameter, so each case can be tested on any machine.
const { spawnSync } = require('node:child_process')
const { join } = require('node:path')
const { findOnPath, isRunnable } = require('./find-executable.cjs')

const BROWSER_COMMANDS = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome', 'chrome']

/** Where browsers are installed when they are not on PATH. */
function installPlaces(platform = process.platform, env = process.env) {
  if (platform === 'darwin') {
    return [
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'
    ]
  }
  if (platform === 'win32') {
    const roots = [env.LOCALAPPDATA, env.PROGRAMFILES, env['PROGRAMFILES(X86)']].filter(Boolean)
    return roots.flatMap((root) => [join(root, 'Chromium', 'Application', 'chrome.exe'), join(root, 'Google', 'Chrome', 'Application', 'chrome.exe')])
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome', '/snap/bin/chromium', '/opt/google/chrome/chrome']
}

/** Playwright's own Chromium, where its package is installed (it may not have downloaded it). */
function playwrightChromium(root) {
  try {
    const { chromium } = require(require.resolve('playwright-core', { paths: [root] }))
    return chromium.executablePath()
  } catch {
    return undefined
  }
}

/**
 * Starting it is the test that matters: a wrapper whose browser is gone, or a stub that only says
 * "install me with snap", is a runnable file too. (Chrome on Windows prints no version; there the file
 * has to do.)
 */
function startsUp(file, platform = process.platform) {
  if (platform === 'win32') return true
  const r = spawnSync(file, ['--version'], { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'] })
  return r.status === 0 && /\d+\.\d+/.test(r.stdout)
}

/**
 * @param {{
 *   env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform, pathEnv?: string,
 *   places?: string[], playwrightPath?: () => string | undefined,
 *   works?: (file: string) => boolean, note?: (line: string) => void
 * }} [options]
 * @returns {{ path: string, source: string } | undefined}
 */
function findChromium(options = {}) {
  const env = options.env ?? process.env
  const platform = options.platform ?? process.platform
  const pathEnv = options.pathEnv ?? env.PATH ?? ''
  const works = options.works ?? ((file) => startsUp(file, platform))
  const note = options.note ?? (() => {})
  const playwrightPath = options.playwrightPath ?? (() => playwrightChromium(join(__dirname, '..', '..')))

  const explicit = env.CHROMIUM_PATH
  if (explicit) {
    if (isRunnable(explicit, platform) && works(explicit)) return { path: explicit, source: 'CHROMIUM_PATH' }
    note(`CHROMIUM_PATH is ${explicit}, which does not start as a browser; looking elsewhere.`)
  }
  const seen = new Set()
  const system = [
    ...BROWSER_COMMANDS.map((name) => findOnPath(name, { pathEnv, platform })),
    ...(options.places ?? installPlaces(platform, env))
  ]
  for (const file of system) {
    if (!file || seen.has(file)) continue
    seen.add(file)
    if (isRunnable(file, platform) && works(file)) return { path: file, source: 'system' }
  }
  const own = playwrightPath()
  if (own && isRunnable(own, platform) && works(own)) return { path: own, source: 'playwright' }
  return undefined
}

module.exports = { BROWSER_COMMANDS, installPlaces, findChromium, playwrightChromium }

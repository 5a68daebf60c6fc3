// Before the tests run: make sure this machine has a Chromium for the end-to-end tests and every peer
// tool in peer-tools.cjs. What is missing is installed where that can be done without asking anyone:
// with apt-get when running as root on Debian (one `apt-get update`, then the packages), else
// Playwright's own Chromium with its installer. Each step says what it does; what is still missing at
// the end is reported with what to install.
const { spawnSync } = require('node:child_process')
const { readFileSync } = require('node:fs')
const { join } = require('node:path')
const { findOnPath } = require('./find-executable.cjs')
const { findChromium } = require('./find-chromium.cjs')
const { installHint, missingPeerTools } = require('./peer-tools.cjs')

const root = join(__dirname, '..', '..')

/** What kind of machine this is, as far as installing goes. */
function detectSystem() {
  let osRelease = ''
  try {
    osRelease = readFileSync('/etc/os-release', 'utf8')
  } catch {
    // not Linux, or a very bare one: no apt then
  }
  const field = (name) => new RegExp(`^${name}="?([^"\\n]*)"?$`, 'm').exec(osRelease)?.[1] ?? ''
  const id = field('ID')
  const like = field('ID_LIKE').split(/\s+/)
  return {
    root: typeof process.getuid === 'function' && process.getuid() === 0,
    // apt-get is trusted for the tools on Debian and its derivatives, but Chromium only on Debian
    // itself: Ubuntu's chromium package is a stub that installs the snap.
    apt: (id === 'debian' || like.includes('debian')) && Boolean(findOnPath('apt-get')),
    debian: id === 'debian'
  }
}

function runCommand(command, args, { env = {}, timeout = 15 * 60_000 } = {}) {
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env }, timeout })
  return r.status === 0
}

const NO_BROWSER_HINT =
  'Install one and run the tests again: on Debian `sudo apt-get install chromium`; on Ubuntu, macOS or Windows ' +
  'Google Chrome or Chromium; or `npx playwright install chromium` where its download is reachable. ' +
  'A browser in an unusual place can be named with CHROMIUM_PATH=/path/to/chrome.'

/**
 * @param {{
 *   log?: (line: string) => void,
 *   system?: { root: boolean, apt: boolean, debian: boolean },
 *   run?: (command: string, args: string[], options?: { env?: Record<string, string>, timeout?: number }) => boolean,
 *   findChromium?: () => { path: string, source: string } | undefined,
 *   missingTools?: () => readonly { command: string, debianPackage: string }[],
 *   npx?: string
 * }} [deps]
 */
function prepareTestMachine(deps = {}) {
  const log = deps.log ?? ((line) => console.log(line))
  const system = deps.system ?? detectSystem()
  const run = deps.run ?? runCommand
  const find = deps.findChromium ?? (() => findChromium({ note: log }))
  const missing = deps.missingTools ?? (() => missingPeerTools())
  const npx = deps.npx ?? (process.platform === 'win32' ? 'npx.cmd' : 'npx')

  let browser = find()
  let tools = missing()
  const packages = [...tools.map((t) => t.debianPackage), ...(!browser && system.debian ? ['chromium'] : [])]
  if (packages.length > 0) {
    if (system.root && system.apt) {
      log(`Installing the Debian packages the tests need: ${packages.join(', ')} (apt-get update once, then apt-get install).`)
      const aptEnv = { env: { DEBIAN_FRONTEND: 'noninteractive' } }
      if (!run('apt-get', ['update', '-qq'], aptEnv)) log('apt-get update failed; trying to install from the package lists already here.')
      if (!run('apt-get', ['install', '-y', '-qq', ...packages], aptEnv) && packages.length > 1) {
        // One package this release lacks must not keep the others out: try each on its own.
        log('Installing them together failed; trying one at a time.')
        for (const pkg of packages) if (!run('apt-get', ['install', '-y', '-qq', pkg], aptEnv)) log(`apt-get could not install ${pkg}.`)
      }
      browser = browser ?? find()
      tools = missing()
    } else if (tools.length > 0) {
      log(
        `Not installing ${tools.map((t) => t.command).join(', ')}: that needs ${system.apt ? 'root' : 'apt-get (Debian or Ubuntu)'}.` +
          ' Tests that use them fail until they are installed.'
      )
    }
  }
  if (!browser) {
    log('No Chromium or Chrome found: downloading Playwright\'s own Chromium (npx playwright install chromium).')
    if (!run(npx, ['playwright', 'install', 'chromium'], { timeout: 10 * 60_000 })) log('Playwright could not download its Chromium here.')
    browser = find()
  }

  const problems = []
  if (!browser) problems.push(`No Chromium or Chrome for the end-to-end tests. ${NO_BROWSER_HINT}`)
  for (const tool of tools) problems.push(installHint(tool.command))
  if (browser) log(`Browser for the end-to-end tests: ${browser.path} (${browser.source === 'system' ? 'installed on this system' : browser.source === 'playwright' ? "Playwright's own" : 'from CHROMIUM_PATH'}).`)
  if (tools.length === 0) log('Peer tools: all present.')
  return { chromium: browser, missingTools: tools, problems }
}

module.exports = { detectSystem, prepareTestMachine, NO_BROWSER_HINT }

if (require.main === module) {
  const result = prepareTestMachine()
  for (const p of result.problems) console.log(`problem: ${p}`)
  process.exit(result.problems.length === 0 ? 0 : 1)
}

import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'

interface Tool {
  command: string
  debianPackage: string
}
interface Result {
  chromium?: { path: string; source: string }
  missingTools: Tool[]
  problems: string[]
}
type Run = (command: string, args: string[], options?: { env?: Record<string, string> }) => boolean
const { prepareTestMachine } = createRequire(__filename)('../../scripts/lib/prepare-test-machine.cjs') as {
  prepareTestMachine(deps: {
    log: (line: string) => void
    system: { root: boolean; apt: boolean; debian: boolean }
    run: Run
    findChromium: () => { path: string; source: string } | undefined
    missingTools: () => Tool[]
    npx: string
  }): Result
}

const tool = (command: string): Tool => ({ command, debianPackage: command })

/**
 * A machine in memory: which tools and which browser it has, and what installing does to it. apt-get
 * install adds the packages it is given unless one of them is in `aptLacks`; the Playwright installer
 * adds its browser when `playwrightWorks`.
 */
function machine(opts: { tools: string[]; browser?: 'system' | 'none'; system: { root: boolean; apt: boolean; debian: boolean }; aptLacks?: string[]; playwrightWorks?: boolean }) {
  const installed = new Set(opts.tools)
  let browser = opts.browser === 'system' ? { path: '/usr/bin/chromium', source: 'system' } : undefined
  const calls: string[] = []
  const logs: string[] = []
  const run: Run = (command, args, options) => {
    calls.push([command, ...args].join(' '))
    if (command === 'apt-get' && args[0] === 'install') {
      expect(options?.env?.DEBIAN_FRONTEND).toBe('noninteractive')
      const pkgs = args.filter((a) => !a.startsWith('-') && a !== 'install')
      if (pkgs.some((p) => opts.aptLacks?.includes(p))) return false
      for (const p of pkgs) {
        if (p === 'chromium') browser = { path: '/usr/bin/chromium', source: 'system' }
        else installed.add(p)
      }
      return true
    }
    if (command === 'npx' && args.join(' ') === 'playwright install chromium') {
      if (opts.playwrightWorks) browser = { path: '/root/.cache/ms-playwright/chromium/chrome', source: 'playwright' }
      return Boolean(opts.playwrightWorks)
    }
    return true
  }
  const all = ['python3', 'openssl', 'socat', 'tshark', 'packetsender']
  const result = prepareTestMachine({
    log: (l) => logs.push(l),
    system: opts.system,
    run,
    findChromium: () => browser,
    missingTools: () => all.filter((t) => !installed.has(t)).map(tool),
    npx: 'npx'
  })
  return { result, calls, logs: logs.join('\n') }
}

const debianRoot = { root: true, apt: true, debian: true }

describe('preparing the test machine', () => {
  it('installs nothing when everything is there', () => {
    const { result, calls, logs } = machine({ tools: ['python3', 'openssl', 'socat', 'tshark', 'packetsender'], browser: 'system', system: debianRoot })
    expect(calls).toEqual([])
    expect(result.problems).toEqual([])
    expect(result.chromium?.path).toBe('/usr/bin/chromium')
    expect(logs).toContain('Browser for the end-to-end tests: /usr/bin/chromium')
  })

  it('as root on Debian: one apt-get update, then the missing tools and chromium in one install', () => {
    const { result, calls, logs } = machine({ tools: ['python3', 'openssl'], browser: 'none', system: debianRoot })
    expect(calls).toEqual(['apt-get update -qq', 'apt-get install -y -qq socat tshark packetsender chromium'])
    expect(result.problems).toEqual([])
    expect(result.missingTools).toEqual([])
    expect(result.chromium?.path).toBe('/usr/bin/chromium')
    expect(logs).toMatch(/Installing the Debian packages the tests need: socat, tshark, packetsender, chromium/)
  })

  it('a package the release lacks does not keep the others out, and is reported', () => {
    const { result, calls } = machine({ tools: ['python3', 'openssl', 'tshark'], browser: 'system', system: debianRoot, aptLacks: ['packetsender'] })
    expect(calls.filter((c) => c === 'apt-get update -qq')).toHaveLength(1)
    expect(calls).toContain('apt-get install -y -qq socat')
    expect(result.missingTools.map((t) => t.command)).toEqual(['packetsender'])
    expect(result.problems).toHaveLength(1)
    expect(result.problems[0]).toMatch(/packetsender .*apt-get install packetsender/)
  })

  it('without root: installs nothing with apt, says why, and reports each missing tool with its package', () => {
    const { result, calls, logs } = machine({ tools: ['python3'], browser: 'system', system: { root: false, apt: true, debian: true } })
    expect(calls).toEqual([])
    expect(logs).toMatch(/Not installing openssl, socat, tshark, packetsender: that needs root/)
    expect(result.problems.join('\n')).toMatch(/apt-get install socat/)
    expect(result.problems).toHaveLength(4)
  })

  it('without a system browser it can install, uses Playwright\'s installer', () => {
    const all = ['python3', 'openssl', 'socat', 'tshark', 'packetsender']
    const { result, calls } = machine({ tools: all, browser: 'none', system: { root: false, apt: true, debian: true }, playwrightWorks: true })
    expect(calls).toEqual(['npx playwright install chromium'])
    expect(result.chromium?.source).toBe('playwright')
    expect(result.problems).toEqual([])
  })

  it('on Ubuntu as root: tools through apt, but the browser through Playwright (its chromium package is a snap stub)', () => {
    const { calls } = machine({ tools: ['python3', 'openssl', 'socat', 'tshark'], browser: 'none', system: { root: true, apt: true, debian: false }, playwrightWorks: true })
    expect(calls).toEqual(['apt-get update -qq', 'apt-get install -y -qq packetsender', 'npx playwright install chromium'])
  })

  it('when apt cannot give chromium, falls back to Playwright\'s installer', () => {
    const all = ['python3', 'openssl', 'socat', 'tshark', 'packetsender']
    const { result, calls } = machine({ tools: all, browser: 'none', system: debianRoot, aptLacks: ['chromium'], playwrightWorks: true })
    expect(calls).toEqual(['apt-get update -qq', 'apt-get install -y -qq chromium', 'npx playwright install chromium'])
    expect(result.chromium?.source).toBe('playwright')
  })

  it('when no browser can be had, fails saying what to install', () => {
    const all = ['python3', 'openssl', 'socat', 'tshark', 'packetsender']
    const { result } = machine({ tools: all, browser: 'none', system: { root: false, apt: false, debian: false }, playwrightWorks: false })
    expect(result.chromium).toBeUndefined()
    expect(result.problems).toHaveLength(1)
    expect(result.problems[0]).toMatch(/No Chromium or Chrome .*apt-get install chromium.*npx playwright install chromium.*CHROMIUM_PATH/)
  })
})

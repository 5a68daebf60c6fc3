// `npm test`: every check in order (the test machine's browser and peer tools, type-checks, lint,
// build, unit and integration tests, end-to-end tests). It closes with the skipped tests and their
// reasons, the failures, and then one last line, `N passed, N failed`, that CI reads. Exits non-zero
// on any failure.
const { spawnSync } = require('node:child_process')
const { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs')
const { join } = require('node:path')
const { installHint } = require('./lib/peer-tools.cjs')
const { NO_BROWSER_HINT, prepareTestMachine } = require('./lib/prepare-test-machine.cjs')

const root = join(__dirname, '..')
const results = join(root, 'test-results')
mkdirSync(results, { recursive: true })
rmSync(join(results, 'summary.txt'), { force: true })

let passed = 0
let failed = 0
let skipped = 0
const failures = []
const skips = []
const warnings = []

// Every child gets the browser found here, so the end-to-end tests use it and nothing else guesses.
const childEnv = {}

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label} ===`)
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...childEnv, ...env } })
  return r.status === 0
}

function check(label, command, args) {
  if (run(label, command, args)) passed++
  else {
    failed++
    failures.push(label)
  }
}

console.log('=== test machine: browser and peer tools ===')
const machine = prepareTestMachine()
if (machine.chromium) childEnv.CHROMIUM_PATH = machine.chromium.path
else {
  failed++
  failures.push(`no browser for the end-to-end tests. ${NO_BROWSER_HINT}`)
}
// On CI nothing may be left out; on a developer's machine a missing tool fails only the tests that
// need it, each saying what to install.
const onCi = Boolean(process.env.CI) && !/^(0|false)$/i.test(process.env.CI)
for (const tool of machine.missingTools) {
  const line = `missing peer tool: ${installHint(tool.command)}`
  if (onCi) {
    failed++
    failures.push(line)
  } else warnings.push(line)
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'
check('type-check (Node half)', npx, ['tsc', '--noEmit', '-p', 'tsconfig.node.json'])
check('type-check (web half)', npx, ['tsc', '--noEmit', '-p', 'tsconfig.web.json'])
check('lint', npx, ['eslint', '--max-warnings', '0', '.'])
const built = run('build', npx, ['electron-vite', 'build'])
if (built) passed++
else {
  failed++
  failures.push('build')
}

// Vitest: unit and integration (node) and component (jsdom) tests.
const vitestJson = join(results, 'vitest.json')
rmSync(vitestJson, { force: true })
const vitestOk = run('vitest', npx, ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`])
if (existsSync(vitestJson)) {
  const report = JSON.parse(readFileSync(vitestJson, 'utf8'))
  passed += report.numPassedTests
  failed += report.numFailedTests
  skipped += report.numPendingTests + report.numTodoTests
  for (const file of report.testResults) {
    for (const t of file.assertionResults) {
      if (t.status === 'failed') failures.push(`vitest: ${t.fullName}`)
      if (t.status === 'pending' || t.status === 'skipped') skips.push(`vitest: ${t.fullName}`)
    }
  }
  if (!vitestOk && report.numFailedTests === 0) {
    failed++
    failures.push('vitest exited non-zero (a suite failed to load or an error escaped a test)')
  }
} else {
  failed++
  failures.push('vitest produced no report')
}

// Playwright end-to-end, against the built app.
const pwJson = join(results, 'playwright.json')
rmSync(pwJson, { force: true })
if (built && machine.chromium) {
  const pwOk = run('playwright', npx, ['playwright', 'test'], { PW_REPORTER: 'json' })
  if (existsSync(pwJson)) {
    const report = JSON.parse(readFileSync(pwJson, 'utf8'))
    passed += report.stats.expected + report.stats.flaky
    failed += report.stats.unexpected
    skipped += report.stats.skipped
    const walk = (suite, path) => {
      for (const spec of suite.specs ?? []) {
        for (const t of spec.tests) {
          const name = `playwright: ${[...path, spec.title].join(' > ')}`
          if (t.status === 'unexpected') failures.push(name)
          if (t.status === 'skipped') {
            const why = (t.annotations ?? []).find((a) => a.type === 'skip')?.description
            skips.push(`${name}${why ? ` (${why})` : ''}`)
          }
        }
      }
      for (const child of suite.suites ?? []) walk(child, [...path, child.title])
    }
    for (const suite of report.suites) walk(suite, [])
    if (!pwOk && report.stats.unexpected === 0) {
      failed++
      failures.push('playwright exited non-zero')
    }
  } else {
    failed++
    failures.push('playwright produced no report')
  }
} else {
  failures.push(`playwright not run: ${built ? 'no browser' : 'the build failed'}`)
}

console.log('\n=== summary ===')
console.log(`${skipped} skipped${skips.length > 0 ? ':' : ''}`)
for (const s of skips) console.log(`  ${s}`)
for (const w of warnings) console.log(w)
for (const f of failures) console.log(`FAILED: ${f}`)
const line = `${passed} passed, ${failed} failed`
writeFileSync(join(results, 'summary.txt'), line + '\n')
console.log(line)
process.exit(failed === 0 ? 0 : 1)

// `npm start`: launch the built desktop app. Electron fetches its runtime on first start; where that
// cannot happen (offline, blocked), say so plainly and point to the browser shell instead.
const { spawn, spawnSync } = require('node:child_process')
const { existsSync } = require('node:fs')
const { join } = require('node:path')

const root = join(__dirname, '..')

function electronRuntime() {
  const probe = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(require("electron")))'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const path = probe.stdout.trim().split('\n').pop()
  if (probe.status === 0 && path && existsSync(path)) return { path }
  return { detail: `${probe.stderr || ''}`.split('\n').find((line) => /Error|failed/i.test(line)) }
}

console.log('Starting Socket Lab (the first start downloads the Electron runtime, about 100 MB)...')
const runtime = electronRuntime()
if (!runtime.path) {
  console.error(`
Socket Lab could not open its desktop window: the Electron runtime is not installed here, and
downloading it failed${runtime.detail ? ` (${runtime.detail.trim()})` : ''}. This machine is probably
offline, or the download is blocked. The desktop app needs that download once, on first start; run
\`npm start\` again when the internet is reachable. Everything works in a browser meanwhile: run
\`npm run serve\` and open the URL it prints.
`)
  process.exit(1)
}

const child = spawn(runtime.path, [root], { stdio: 'inherit' })
child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))

// Starts `socket-lab serve` as a real process (built CLI, port 0, its own config folder) and hands the
// test the URL it printed.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test as base } from '@playwright/test'

export interface ServedShell {
  url: string
  origin: string
  process: ChildProcess
}

const ROOT = join(__dirname, '..', '..')

export async function startServe(): Promise<ServedShell & { stop(): Promise<void> }> {
  const configDir = mkdtempSync(join(tmpdir(), 'socket-lab-e2e-'))
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'socket-lab.cjs'), 'serve', '--port', '0'], {
    env: { ...process.env, SOCKET_LAB_CONFIG_DIR: configDir },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL within 15 s:\n${output}`)), 15_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /(http:\/\/\S+\?token=\S+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)))
  })
  return {
    url,
    origin: new URL(url).origin,
    process: child,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
      rmSync(configDir, { recursive: true, force: true })
    }
  }
}

export const test = base.extend<object, { shell: ServedShell }>({
  shell: [
    // Playwright reads the fixtures a function needs from its first parameter; this one needs none.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const shell = await startServe()
      await use(shell)
      await shell.stop()
    },
    { scope: 'worker' }
  ]
})

export { expect } from '@playwright/test'

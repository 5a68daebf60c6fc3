// `socket-lab serve --host`: a name that does not resolve to loopback only is a usage error (exit 2)
// with a hint, before anything is opened; a loopback name is served on its address.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { isLoopbackAddress } from '../../../src/shared/address'
import { CLI, assertBuilt, runCli } from '../../cli/run-cli'

describe('socket-lab serve --host', () => {
  beforeAll(assertBuilt)

  it('refuses a name that merely starts with 127.', async () => {
    const r = await runCli(['serve', '--host', '127.attacker.invalid', '--port', '0'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/error: .*127\.attacker\.invalid/)
    expect(r.stderr).toMatch(/hint: .+/)
    expect(r.stdout).not.toMatch(/serving at/)
  })

  it('refuses an address off loopback without --allow-remote', async () => {
    const r = await runCli(['serve', '--host', '0.0.0.0', '--port', '0'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--allow-remote/)
  })

  it('serves localhost on the loopback address it resolves to', async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'socket-lab-serve-host-'))
    const child = spawn(process.execPath, [CLI, 'serve', '--host', 'localhost', '--port', '0'], {
      env: { ...process.env, SOCKET_LAB_CONFIG_DIR: configDir },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const exited = new Promise((resolve) => child.once('exit', resolve))
    try {
      let output = ''
      const url = await new Promise<URL>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL within 10 s:\n${output}`)), 10_000)
        const onData = (chunk: Buffer): void => {
          output += chunk.toString()
          const match = /(http:\/\/\S+\?token=\S+)/.exec(output)
          if (match) {
            clearTimeout(timer)
            resolve(new URL(match[1]!))
          }
        }
        child.stdout.on('data', onData)
        child.stderr.on('data', onData)
      })
      expect(isLoopbackAddress(url.hostname.replace(/^\[|\]$/g, ''))).toBe(true)
    } finally {
      child.kill('SIGTERM')
      await exited
      rmSync(configDir, { recursive: true, force: true })
    }
  })
})

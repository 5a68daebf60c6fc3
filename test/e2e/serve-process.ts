// `socket-lab serve` with a config folder the test chooses, so a test can stop it and start it again
// on the same workspace (the shared fixture gives every worker a fresh folder).
import { spawn } from 'node:child_process'
import { join } from 'node:path'

const ROOT = join(__dirname, '..', '..')

export interface ServeProcess {
  url: string
  pid: number | undefined
  stop(): Promise<void>
}

export async function serveWithConfig(configDir: string): Promise<ServeProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'socket-lab.cjs'), 'serve', '--port', '0'], {
    env: { ...process.env, SOCKET_LAB_CONFIG_DIR: configDir },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL within 15 s:\n${output}`)), 15_000)
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      const match = /(http:\/\/\S+\?token=\S+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)))
  })
  return {
    url,
    pid: child.pid,
    stop: async () => {
      if (child.exitCode !== null) return
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
    }
  }
}

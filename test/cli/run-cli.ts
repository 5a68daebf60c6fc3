// Runs the built socket-lab command as a real process, as a user or a lab script would.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

const ROOT = join(__dirname, '..', '..')
export const CLI = join(ROOT, 'bin', 'socket-lab.cjs')

export function assertBuilt(): void {
  if (!existsSync(join(ROOT, 'out', 'main', 'cli.js'))) {
    throw new Error('The CLI is not built: run `npm run build` (npm test does it first).')
  }
}

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** `env` adds to the test's own environment (a settings folder, say). */
export function runCli(args: string[], timeoutMs = 10_000, env?: NodeJS.ProcessEnv): Promise<CliResult> {
  assertBuilt()
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...(env ? { env: { ...process.env, ...env } } : {}) })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`socket-lab ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stdout}\n${stderr}`))
    }, timeoutMs)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

export interface Running {
  child: ChildProcess
  stdout(): string
  stderr(): string
  /** Resolves with the first match of the pattern in stdout. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>
  /** The same for stderr (where -q puts the listening address). */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>
  /** Resolves when the process exits, with its code. */
  exited(timeoutMs?: number): Promise<number | null>
  stop(): Promise<void>
}

/** `stdin: true` gives the process a pipe to type into (child.stdin); else it reads nothing. */
export function startProcess(command: string, args: string[], options: { stdin?: boolean } = {}): Running {
  const child = spawn(command, args, { stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()))
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()))
  const waitIn =
    (text: () => string) =>
    (pattern: RegExp, timeoutMs = 10_000): Promise<RegExpExecArray> =>
      new Promise((resolve, reject) => {
        const end = Date.now() + timeoutMs
        const poll = () => {
          const m = pattern.exec(text())
          if (m) return resolve(m)
          if (child.exitCode !== null || Date.now() > end) {
            return reject(new Error(`no ${pattern} in output of ${args.join(' ')}:\n${out}\n${err}`))
          }
          setTimeout(poll, 10)
        }
        poll()
      })
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitFor: waitIn(() => out),
    waitForStderr: waitIn(() => err),
    exited: (timeoutMs = 10_000) =>
      Promise.race([exit, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${args.join(' ')} did not exit:\n${out}\n${err}`)), timeoutMs))]),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        await exit
      }
    }
  }
}

export function startCli(args: string[], options: { stdin?: boolean } = {}): Running {
  assertBuilt()
  return startProcess(process.execPath, [CLI, ...args], options)
}

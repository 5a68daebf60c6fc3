// Runs a lab as a class would: its servers on loopback with the real engine, its Python program
// with python3 against them, and its steps evaluated over the events the engine really sent.
import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEngine, type Engine } from '../../../src/main/engine'
import { evaluateLab, fillProgram, type Lab, type StepStatus } from '../../../src/shared/labs'
import { openLab } from '../../../src/main/labs/open-lab'
import { record, type Recorder } from '../engine/helpers'

export interface Python {
  stdout(): string
  /** Resolves once the output matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>
  /** Types a line for the program's input() (with `heldInput`). */
  type(line: string): void
  /** Resolves to the exit code; the program is killed past the deadline. */
  exited: Promise<number | null>
  kill(): void
}

export interface LabRun {
  engine: Engine
  recorder: Recorder
  roles: Record<string, string>
  addresses: Record<string, { host: string; port: number }>
  /**
   * Runs one of the lab's programs with python3, its input() lines (the program's own unless
   * given) on stdin at once; with `heldInput`, typed one by one with `type()`.
   */
  python(fileName: string, input?: string[] | 'heldInput'): Promise<Python>
  status(): StepStatus[]
  /** Polls until these steps are done (all when none given); the status then. */
  until(stepIds?: string[], timeoutMs?: number): Promise<StepStatus[]>
  close(): Promise<void>
}

export async function startLab(lab: Lab): Promise<LabRun> {
  const engine = createEngine()
  const recorder = record(engine)
  const dir = await mkdtemp(join(tmpdir(), `socket-lab-${lab.id}-`))
  const { roles, addresses } = await openLab(engine, lab)
  const children: Python[] = []
  const status = (): StepStatus[] => evaluateLab(lab, recorder.events, roles)
  return {
    engine,
    recorder,
    roles,
    addresses,
    async python(fileName, input) {
      const program = lab.programs.find((p) => p.fileName === fileName)
      if (!program) throw new Error(`${lab.id} has no program ${fileName}`)
      const path = join(dir, fileName)
      await writeFile(path, fillProgram(program, addresses[program.target]!))
      const child = spawn('python3', [path], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, PYTHONUNBUFFERED: '1' } })
      let out = ''
      let err = ''
      child.stdout.on('data', (c: Buffer) => (out += c.toString()))
      child.stderr.on('data', (c: Buffer) => (err += c.toString()))
      if (input !== 'heldInput') child.stdin.end((input ?? program.input ?? []).map((l) => `${l}\n`).join(''))
      const exited = new Promise<number | null>((resolve, reject) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL')
          reject(new Error(`${fileName} did not finish:\n${out}\n${err}`))
        }, 20_000)
        child.once('exit', (code) => {
          clearTimeout(timer)
          if (code !== 0 && code !== null) console.warn(`${fileName} exited with ${code}:\n${err}`)
          resolve(code)
        })
      })
      const p: Python = {
        stdout: () => out,
        async waitFor(pattern, timeoutMs = 10_000) {
          const deadline = Date.now() + timeoutMs
          while (!pattern.test(out)) {
            if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no ${pattern} in the output of ${fileName}:\n${out}\n${err}`)
            await new Promise((r) => setTimeout(r, 10))
          }
          return out
        },
        type: (line) => void child.stdin.write(`${line}\n`),
        exited,
        kill: () => void child.kill('SIGKILL')
      }
      children.push(p)
      return p
    },
    status,
    async until(stepIds, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs
      const wanted = stepIds ?? lab.steps.map((s) => s.id)
      for (;;) {
        const now = status()
        if (wanted.every((id) => now.find((s) => s.stepId === id)?.done)) return now
        if (Date.now() > deadline) throw new Error(`steps not done in time: ${now.filter((s) => !s.done).map((s) => s.stepId).join(', ')}`)
        await new Promise((r) => setTimeout(r, 10))
      }
    },
    async close() {
      for (const c of children) c.kill()
      await engine.closeAll()
      await rm(dir, { recursive: true, force: true })
    }
  }
}

export const notDone = (status: StepStatus[]): string[] => status.filter((s) => !s.done).map((s) => s.stepId)

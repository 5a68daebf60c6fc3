// Gives the app a core of its own during a bench: the app's process on CPU 0, this process and
// everything else it started (Chromium, the sender) on the other CPUs. On a small machine the
// sender, which stands for a peer on another machine, and the browser otherwise take CPU time the
// app would have; pinned, a figure says what the app does with one core. Linux with taskset only.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'

/** Why pinning cannot be done here, or undefined when it can. */
export function pinningUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'CPU pinning needs Linux'
  if (os.cpus().length < 2) return 'CPU pinning needs at least 2 CPUs'
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' })
  } catch {
    return 'CPU pinning needs taskset (util-linux)'
  }
  return undefined
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  } catch {
    return undefined
  }
}

/** Every process below `root`, found through /proc. */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>()
  for (const name of readdirSync('/proc')) {
    const pid = Number(name)
    if (!Number.isInteger(pid)) continue
    const parent = parentOf(pid)
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), pid])
  }
  const out: number[] = []
  const todo = [root]
  while (todo.length > 0) {
    for (const child of children.get(todo.pop()!) ?? []) {
      out.push(child)
      todo.push(child)
    }
  }
  return out
}

function pin(pid: number, cpus: string): void {
  try {
    // -a: every thread of the process, not only its first.
    execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' })
  } catch {
    // The process may have ended meanwhile.
  }
}

/**
 * Pins `appPid` and its children to CPU 0, this process and its other descendants to the rest.
 * Call it again after starting more processes: new ones are pinned by each call.
 */
export function pinAppToOwnCore(appPid: number): void {
  const rest = `1-${os.cpus().length - 1}`
  const app = new Set([appPid, ...descendants(appPid)])
  for (const pid of app) pin(pid, '0')
  pin(process.pid, rest)
  for (const pid of descendants(process.pid)) if (!app.has(pid)) pin(pid, rest)
}

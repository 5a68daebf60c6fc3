// Where the CPU went during a bench: a process's own time from /proc/PID/stat, and the whole
// machine's busy time from /proc/stat, so a figure lost to a busy machine can be told from one
// lost to the app. Linux only; elsewhere every reading is undefined.
import { readFileSync } from 'node:fs'

/** Clock ticks a second of /proc's counters: 100 on every Linux this runs on. */
const TICKS = 100

/** CPU milliseconds (user + system) a process has used so far, or undefined. */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name, which may hold spaces, in parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS
  } catch {
    return undefined
  }
}

/** CPU milliseconds every core together has spent busy (not idle, not waiting on I/O) so far. */
export function machineBusyMs(): number | undefined {
  try {
    const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n')
    const n = cpu!.trim().split(/\s+/).slice(1).map(Number)
    const total = n.reduce((a, b) => a + b, 0)
    const idle = (n[3] ?? 0) + (n[4] ?? 0)
    return ((total - idle) * 1000) / TICKS
  } catch {
    return undefined
  }
}

/**
 * How long one thread has run, and how long it was ready to run but waited for a CPU, in ms so far
 * (/proc/PID/task/TID/schedstat). A reader that waits for a CPU while its socket's buffer fills
 * loses datagrams however little work it does per datagram.
 */
export function threadSchedMs(pid: number | undefined, tid = pid): { runMs: number; waitMs: number } | undefined {
  if (pid === undefined) return undefined
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number)
    return { runMs: run! / 1e6, waitMs: wait! / 1e6 }
  } catch {
    return undefined
  }
}

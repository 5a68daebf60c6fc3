// Small JSON documents kept on disk (settings, workspace): written atomically, one write at a time,
// and a file that does not parse is set aside rather than lost or allowed to stop the app.
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { SocketLabError } from '../shared/errors'

export interface LoadResult<T> {
  value: T
  /** Set when the file was unreadable and moved aside; says where to. */
  setAside?: string
}

export async function loadJson<T>(path: string, parse: (raw: unknown) => T, fallback: T): Promise<LoadResult<T>> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { value: fallback }
    throw err
  }
  try {
    return { value: parse(JSON.parse(text)) }
  } catch {
    const aside = `${path}.corrupt-${Date.now()}`
    await rename(path, aside)
    return { value: fallback, setAside: aside }
  }
}

/**
 * Write to a temp file beside the target, then rename over it: a crash never leaves half a file.
 * Each write has a temp file of its own (two writes sharing one would interleave their bytes), and
 * a write that fails removes its temp file. Failures say what could not be saved, where, and why.
 */
export async function saveJson(path: string, value: unknown, what = 'the file'): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  try {
    await mkdir(dirname(path), { recursive: true })
    await writeFile(tmp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600, flag: 'wx' })
    await rename(tmp, path)
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined)
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO'
    throw new SocketLabError(
      code,
      `could not save ${what} to ${path}: ${(err as Error).message}`,
      `Check that ${dirname(path)} is a writable folder with free space and that nothing else occupies ${path}; the last saved version is kept.`
    )
  }
}

/** Runs tasks one after another in the order given; a task that fails does not stop the ones after it. */
export function createSerialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve()
  return (task) => {
    const result = tail.then(task)
    tail = result.catch(() => undefined)
    return result
  }
}

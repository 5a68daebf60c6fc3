// Small JSON documents kept on disk (settings, workspace): written atomically, one write at a time,
// and a file that does not parse is set aside rather than lost or allowed to stop the app.
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { SocketLabError } from '../shared/errors'
import { enErrors } from '../shared/messages/en'

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
/** `what` is a catalog term: theFile, theSettings, theWorkspace. */
export async function saveJson(path: string, value: unknown, what: 'theFile' | 'theSettings' | 'theWorkspace' = 'theFile'): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  try {
    await mkdir(dirname(path), { recursive: true })
    await writeFile(tmp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600, flag: 'wx' })
    await rename(tmp, path)
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined)
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO'
    // A code the catalog knows is said in words; another keeps Node's message.
    const reason = Object.prototype.hasOwnProperty.call(enErrors.terms, code) ? code : (err as Error).message
    throw SocketLabError.of(code, { id: 'saveFailed', params: { what, path, folder: dirname(path), reason } })
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

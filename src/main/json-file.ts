// Small JSON documents kept on disk (settings, workspace): written atomically, and a file that does
// not parse is set aside rather than lost or allowed to stop the app.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'

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

/** Write to a temp file beside the target, then rename over it: a crash never leaves half a file. */
export async function saveJson(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const tmp = `${path}.${process.pid}.tmp`
  await writeFile(tmp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 })
  await rename(tmp, path)
}

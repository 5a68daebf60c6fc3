// An export written to a file the user chose: the bytes go to a hidden file beside it, which is
// renamed to the chosen name only once the export is whole. A failed or cancelled export leaves
// nothing behind, and a file that was already there is replaced only by a complete one.
import { randomBytes } from 'node:crypto'
import { open, rename, unlink, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { SocketLabError } from '../../shared/errors'
import type { ExportDelivery, ExportOutput } from './export-jobs'

export async function openExportFile(path: string): Promise<ExportOutput> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.part`)
  // 'wx': never write through a file (or a link) that happens to have the temporary name.
  let handle: FileHandle
  try {
    handle = await open(temp, 'wx', 0o644)
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    throw new SocketLabError(e.code ?? 'EIO', `Cannot write the export to ${path}: ${e.message}`, 'Choose a folder you may write to, on a disk with room.')
  }
  let closed = false
  const close = async (): Promise<void> => {
    if (closed) return
    closed = true
    await handle.close()
  }
  return {
    async write(bytes) {
      let done = 0
      while (done < bytes.byteLength) done += (await handle.write(bytes, done, bytes.byteLength - done)).bytesWritten
    },
    async finish() {
      await close()
      await rename(temp, path)
    },
    async abort() {
      await close().catch(() => undefined)
      await unlink(temp).catch(() => undefined)
    }
  }
}

/**
 * Exports go to files: `choosePath` asks where (Electron: a save dialog in the main process;
 * the CLI and tests: a path they were given) and answers undefined when the user cancelled.
 */
export function fileDelivery(choosePath: (suggestedName: string) => Promise<string | undefined>): ExportDelivery {
  return {
    async deliver(fileName, _mime, run) {
      const path = await choosePath(fileName)
      if (path === undefined) return { delivery: 'cancelled' }
      const output = await openExportFile(path)
      void run(output)
      return { delivery: 'file', path }
    }
  }
}

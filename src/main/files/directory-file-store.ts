// A FileStore on disk, confined to one folder: what the file server's clients upload lands there,
// and downloads are served from it. Names are single file names (the responder already keeps only
// the last part of a path); anything else is refused here too, so no name reaches outside the
// folder. An upload is written to a hidden temporary file and renamed into place on commit, so a
// half-received file never shows under its name.
import { closeSync, lstatSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs'
import { basename, join, resolve, sep } from 'node:path'
import { SocketLabError } from '../../shared/errors'
import type { FileStore, FileWriter } from '../../shared/responders'

/** Largest file read for a download: as large as the file server takes by default. */
const DEFAULT_MAX_READ = 64 * 1024 * 1024

let nextTemp = 0

export class DirectoryFileStore implements FileStore {
  readonly folder: string

  constructor(
    folder: string,
    private readonly maxRead = DEFAULT_MAX_READ
  ) {
    this.folder = resolve(folder)
    let isDir: boolean
    try {
      isDir = statSync(this.folder).isDirectory()
    } catch {
      isDir = false
    }
    if (!isDir) throw new SocketLabError('ENOENT', `${this.folder} is not a folder`, 'Give an existing folder for the file server to keep its files in.')
  }

  /** The path of `name` inside the folder; throws for a name that is not one plain file name. */
  private pathOf(name: string): string {
    const plain = name.length > 0 && name.length <= 255 && basename(name) === name && name !== '.' && name !== '..' && !/[\\/\0]/.test(name) && !name.startsWith('.')
    const path = join(this.folder, name)
    if (!plain || !path.startsWith(this.folder + sep)) {
      throw new SocketLabError('EINVAL', `"${name}" is not a plain file name`, 'The file server keeps files directly in its folder: a name without slashes, not starting with a dot.')
    }
    return path
  }

  read(name: string): Uint8Array | undefined {
    const path = this.pathOf(name)
    let size: number
    try {
      // lstat: a link placed in the folder is not followed out of it.
      const st = lstatSync(path)
      if (!st.isFile()) return undefined
      size = st.size
    } catch {
      return undefined
    }
    if (size > this.maxRead) throw new SocketLabError('EFBIG', `${name} is ${size} bytes, more than the ${this.maxRead} served`, 'Serve a smaller file.')
    return new Uint8Array(readFileSync(path))
  }

  create(name: string, size: number): FileWriter {
    const path = this.pathOf(name)
    const temp = join(this.folder, `.${name}.${process.pid}.${nextTemp++}.part`)
    const fd = openSync(temp, 'wx')
    let at = 0
    let open = true
    const finish = (): void => {
      if (!open) throw new Error(`the upload of ${name} is already finished`)
      open = false
      closeSync(fd)
    }
    return {
      write: (chunk) => {
        if (!open) throw new Error(`the upload of ${name} is already finished`)
        if (at + chunk.byteLength > size) throw new Error(`the upload of ${name} is longer than the ${size} bytes announced`)
        let done = 0
        while (done < chunk.byteLength) done += writeSync(fd, chunk, done, chunk.byteLength - done)
        at += chunk.byteLength
      },
      commit: () => {
        if (at !== size) throw new Error(`the upload of ${name} has ${at} of ${size} bytes`)
        finish()
        renameSync(temp, path)
      },
      abort: () => {
        if (!open) return
        finish()
        try {
          unlinkSync(temp)
        } catch {
          // Already gone: nothing to clean.
        }
      }
    }
  }
}

// A FileStore in memory: for tests, and for an engine that keeps uploads only while it runs.
import { SocketLabError } from '../errors'
import type { FileStore, FileWriter } from './types'

export class MemoryFileStore implements FileStore {
  private readonly files = new Map<string, Uint8Array>()
  /** Bytes held by stored files and by uploads in progress. */
  private used = 0

  /** `limit`: the most bytes it holds, stored and in progress together. */
  constructor(readonly limit = 256 * 1024 * 1024) {}

  read(name: string): Uint8Array | undefined {
    return this.files.get(name)
  }

  names(): string[] {
    return [...this.files.keys()].sort()
  }

  /** Stores `bytes` under `name` at once (a file to serve for download). */
  put(name: string, bytes: Uint8Array): void {
    const w = this.create(name, bytes.byteLength)
    w.write(bytes)
    w.commit()
  }

  create(name: string, size: number): FileWriter {
    const old = this.files.get(name)?.byteLength ?? 0
    if (this.used - old + size > this.limit) {
      throw new SocketLabError('ENOSPC', `storing ${size} bytes as ${name} would pass the store's ${this.limit}-byte limit`, 'Remove stored files or raise the limit.')
    }
    this.used += size
    const body = new Uint8Array(size)
    let at = 0
    let open = true
    const finish = (): void => {
      if (!open) throw new Error(`the upload of ${name} is already finished`)
      open = false
      this.used -= size
    }
    return {
      write: (chunk) => {
        if (!open) throw new Error(`the upload of ${name} is already finished`)
        if (at + chunk.byteLength > size) throw new Error(`the upload of ${name} is longer than the ${size} bytes announced`)
        // Copied: the chunk is borrowed from the socket's read.
        body.set(chunk, at)
        at += chunk.byteLength
      },
      commit: () => {
        if (at !== size) throw new Error(`the upload of ${name} has ${at} of ${size} bytes`)
        finish()
        this.used += size - (this.files.get(name)?.byteLength ?? 0)
        this.files.set(name, body)
      },
      abort: () => {
        if (open) finish()
      }
    }
  }
}

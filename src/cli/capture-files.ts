// What listen and send leave behind when asked: `--pcapng FILE`, the capture as Wireshark reads it,
// written when the command ends; `--save FILE`, the raw bytes a stream received, as they come.
import { createWriteStream, type WriteStream } from 'node:fs'
import { finished } from 'node:stream/promises'
import type { ChunkBytes } from '../shared/api'
import { SocketLabError, toAppError } from '../shared/errors'
import type { Engine } from '../main/engine/types'
import { streamCaptureExport } from '../main/export/capture-export'
import { openExportFile } from '../main/export/export-file'
import type { ExportOutput } from '../main/export/export-jobs'
import type { Printer } from './printer'

export interface PcapngFile {
  /** Writes the endpoint's capture and makes the file whole; returns a line to tell the user. */
  write(engine: Engine, endpointId: string): Promise<string>
  /** The command failed before anything could be written: leave no file. */
  discard(): Promise<void>
}

/**
 * Opens the file at once, so a path that cannot be written fails before any socket is made; the
 * capture goes in when the command ends (the engine keeps it, within its limit, until then).
 */
export async function openPcapngFile(path: string): Promise<PcapngFile> {
  let output: ExportOutput | undefined = await openExportFile(path)
  return {
    async write(engine, endpointId) {
      const out = output!
      output = undefined
      try {
        const counts = await streamCaptureExport(engine, { endpointIds: [endpointId], format: 'pcapng' }, (bytes) => out.write(bytes))
        await out.finish()
        const lost = counts.lostChunks > 0 ? `; ${counts.lostChunks} chunks were dropped to stay within the capture limit` : ''
        return `wrote ${path}: ${counts.bytes} bytes of payload, ${counts.fileBytes} bytes of pcapng${lost}`
      } catch (err) {
        await out.abort()
        throw err
      }
    },
    async discard() {
      const out = output
      output = undefined
      await out?.abort()
    }
  }
}

export interface StreamSaver {
  /** Give it every chunk; it keeps the received ones. */
  onChunk(chunk: ChunkBytes): void
  /** Flushes and closes every file; resolves with a line to tell the user. */
  close(): Promise<string>
}

function opened(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once('open', () => resolve())
    stream.once('error', reject)
  })
}

/**
 * Saves what each connection received: the first to `path`, any later one to `path.2`, `path.3`...
 * so bytes of different connections never mix. The first file is created at once, so a path that
 * cannot be written fails before the socket is opened.
 */
export async function openStreamSaver(path: string, onError: (err: unknown) => void): Promise<StreamSaver> {
  const first = createWriteStream(path)
  try {
    await opened(first)
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    throw new SocketLabError(e.code ?? 'EIO', `Cannot write ${path}: ${e.message}`, 'Choose a folder you may write to, on a disk with room.')
  }
  const files = new Map<string, { stream: WriteStream; path: string; bytes: number; failed: boolean }>()
  let firstTaken = false
  const fileFor = (peerId: string) => {
    let f = files.get(peerId)
    if (f) return f
    const name = firstTaken ? `${path}.${files.size + 1}` : path
    const stream = firstTaken ? createWriteStream(name) : first
    firstTaken = true
    f = { stream, path: name, bytes: 0, failed: false }
    const entry = f
    stream.on('error', (err) => {
      if (entry.failed) return
      entry.failed = true
      onError(new SocketLabError(toAppError(err).code, `Cannot save to ${name}: ${(err as Error).message}`, 'The bytes still arrive and are printed; free some room or choose another path.'))
    })
    files.set(peerId, f)
    return f
  }
  return {
    onChunk({ peerId, dir, bytes }) {
      if (dir !== 'in') return
      const f = fileFor(peerId)
      if (f.failed) return
      // A copy: the tap's bytes may be reused once this returns.
      f.stream.write(Buffer.from(bytes))
      f.bytes += bytes.byteLength
    },
    async close() {
      if (!firstTaken) files.set('', { stream: first, path, bytes: 0, failed: false })
      await Promise.all(
        [...files.values()].map((f) => {
          f.stream.end()
          // A file that failed was reported when it did; closing it is all that is left.
          return finished(f.stream).catch(() => undefined)
        })
      )
      return [...files.values()].map((f) => `saved ${f.bytes} bytes received to ${f.path}`).join('\n')
    }
  }
}

/**
 * The command is ending (its sockets are closed, so the capture holds every close): writes the
 * pcapng and closes the saved streams, telling the user where they went. A failure here is
 * printed, not thrown, so it never hides the error that ended the command.
 */
export async function saveCaptureFiles(
  engine: Engine,
  endpointId: string | undefined,
  pcapng: PcapngFile | undefined,
  saver: StreamSaver | undefined,
  printer: Printer
): Promise<void> {
  try {
    if (saver) printer.print({ event: 'notice', message: await saver.close() })
    if (pcapng && endpointId !== undefined) printer.print({ event: 'notice', message: await pcapng.write(engine, endpointId) })
    else await pcapng?.discard()
  } catch (err) {
    printer.print({ event: 'error', error: toAppError(err) })
    process.exitCode = 1
  }
}

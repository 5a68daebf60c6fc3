// Exports and saved bytes in the browser shell: the window gets a one-time URL and downloads it
// with its session; the bytes are streamed from the capture into the HTTP response as the browser
// takes them. A URL works once, only with a session (the server checks before it gets here), and
// only for a minute: a link that leaks later leads nowhere.
import { randomBytes } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { SocketLabError } from '../../shared/errors'
import type { DeliveryResult, ExportDelivery, ExportOutput } from '../export/export-jobs'

export const DOWNLOAD_PATH = '/download/'
/** How long a download URL waits to be fetched. */
export const DOWNLOAD_TTL_MS = 60_000

export interface Downloads extends ExportDelivery {
  /** Streams the download with this id into `res` and forgets the id; false when there is none. */
  serve(id: string, res: ServerResponse, headers: Record<string, string>): boolean
  /** The shell closes: downloads not fetched yet fail, and their jobs end. */
  clear(): void
}

interface Pending {
  fileName: string
  mime: string
  run: (output: ExportOutput) => Promise<void>
  timer: NodeJS.Timeout
}

/** attachment; an ASCII name for old clients and the exact name, percent-encoded, for the rest. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`
}

/** An output that refuses every byte: the job ends as failed with this error, leaving nothing. */
function refusing(error: SocketLabError): ExportOutput {
  return {
    write: () => Promise.reject(error),
    finish: () => Promise.reject(error),
    abort: () => Promise.resolve()
  }
}

function responseOutput(res: ServerResponse): ExportOutput {
  let closedEarly = false
  res.once('close', () => {
    if (!res.writableFinished) closedEarly = true
  })
  const stopped = (): SocketLabError => new SocketLabError('ECONNRESET', 'The browser stopped the download', 'Save again to download it.')
  return {
    write: (bytes) =>
      new Promise<void>((resolve, reject) => {
        if (closedEarly || res.destroyed) return reject(stopped())
        // Wait for the browser to take what was written before reading more from the capture.
        if (res.write(bytes)) return resolve()
        const onDrain = (): void => {
          res.off('close', onClose)
          resolve()
        }
        const onClose = (): void => {
          res.off('drain', onDrain)
          reject(stopped())
        }
        res.once('drain', onDrain)
        res.once('close', onClose)
      }),
    finish: () =>
      new Promise<void>((resolve, reject) => {
        if (closedEarly || res.destroyed) return reject(stopped())
        res.end(() => resolve())
      }),
    abort: async () => {
      // Cut off, so the browser marks the download failed instead of keeping a short file.
      res.destroy()
    }
  }
}

export function createDownloads(ttlMs = DOWNLOAD_TTL_MS): Downloads {
  const pending = new Map<string, Pending>()
  const expire = (id: string, error: SocketLabError): void => {
    const p = pending.get(id)
    if (!p) return
    pending.delete(id)
    clearTimeout(p.timer)
    void p.run(refusing(error))
  }
  return {
    deliver(fileName, mime, run): Promise<DeliveryResult> {
      const id = randomBytes(18).toString('base64url')
      const timer = setTimeout(
        () => expire(id, new SocketLabError('ETIMEDOUT', `The download of ${fileName} was not fetched within ${Math.round(ttlMs / 1000)} s`, 'Save again, and let the browser download it.')),
        ttlMs
      )
      timer.unref()
      pending.set(id, { fileName, mime, run, timer })
      return Promise.resolve({ delivery: 'download', url: `${DOWNLOAD_PATH}${id}` })
    },
    serve(id, res, headers) {
      const p = pending.get(id)
      if (!p) return false
      pending.delete(id)
      clearTimeout(p.timer)
      res.writeHead(200, {
        ...headers,
        'Content-Type': p.mime,
        'Content-Disposition': contentDisposition(p.fileName),
        'Cache-Control': 'no-store'
      })
      void p.run(responseOutput(res))
      return true
    },
    clear() {
      for (const id of [...pending.keys()]) expire(id, new SocketLabError('ECANCELED', 'The browser shell closed before the download was fetched', 'Start socket-lab serve again and save again.'))
    }
  }
}

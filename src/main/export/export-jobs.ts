// The exports a window started: each runs in the background, reports its progress as `export`
// events through the engine's event stream, and can be cancelled. Where the bytes go is the
// transport's choice (ExportDelivery): a file picked in a dialog under Electron, a download in the
// browser shell. The request only names the endpoints and the format, never a path: a page cannot
// make the main process write anywhere it likes.
import { randomBytes } from 'node:crypto'
import type { EndpointInfo, ExportProgress, ExportStarted, ParsedRequestOf } from '../../shared/api'
import { parseTextEncoding } from '../../shared/codec'
import { SocketLabError, toAppError } from '../../shared/errors'
import { EXPORT_FORMATS, type ExportFormat } from '../../shared/export'
import type { Engine } from '../engine/types'
import { streamCaptureExport, type ExportCounts } from './capture-export'

/** Where an export's bytes go: a file, an HTTP response. */
export interface ExportOutput {
  /** Resolves once the output took the bytes; the export reads no further until then. */
  write(bytes: Uint8Array): Promise<void>
  /** Every byte was written: make the file whole (or end the response). */
  finish(): Promise<void>
  /** The export failed or was cancelled: leave nothing behind. */
  abort(): Promise<void>
}

export type DeliveryResult = { delivery: 'file'; path: string } | { delivery: 'download'; url: string } | { delivery: 'cancelled' }

export interface ExportDelivery {
  /**
   * Finds where an export goes and sets it going: a file delivery asks for a path, opens it and
   * calls `run` at once; a download delivery keeps `run` for when the browser fetches its URL.
   */
  deliver(fileName: string, mime: string, run: (output: ExportOutput) => Promise<void>): Promise<DeliveryResult>
}

/** Exports running at once; more wait for one of them rather than compete for the disk. */
export const MAX_RUNNING_EXPORTS = 4
/** Progress events while an export runs, at most this often. */
const PROGRESS_EVERY_MS = 250

function fileNameFor(infos: EndpointInfo[], format: ExportFormat, now = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0')
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`
  const what = infos.length === 1 ? infos[0]!.name : 'capture'
  // Only what every file system takes: letters, digits, dot, dash, underscore.
  const safe = what.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '').slice(0, 60) || 'capture'
  const ext = EXPORT_FORMATS.find((f) => f.format === format)!.extension
  return `socket-lab-${safe}-${stamp}.${ext}`
}

interface Job {
  controller: AbortController
}

export class ExportJobs {
  private readonly jobs = new Map<string, Job>()

  constructor(
    private readonly engine: Engine,
    private readonly delivery: ExportDelivery | undefined
  ) {}

  get running(): number {
    return this.jobs.size
  }

  async start(request: ParsedRequestOf<'exportCapture'>): Promise<ExportStarted> {
    if (!this.delivery) {
      throw new SocketLabError('ENOTSUP', 'This window cannot save exports yet', 'Use the command line: socket-lab listen or send with --pcapng FILE.')
    }
    // Checked now, not once the export runs: a bad name is the request's fault.
    if (request.encoding !== undefined) parseTextEncoding(request.encoding)
    const ids = request.endpointIds ?? this.engine.list().map((e) => e.id)
    if (ids.length === 0) throw new SocketLabError('ENOENT', 'There is nothing to export: no endpoints', 'Open an endpoint and let some traffic through first.')
    const infos = ids.map((id) => this.engine.get(id))
    if (this.jobs.size >= MAX_RUNNING_EXPORTS) {
      throw new SocketLabError('EBUSY', `${this.jobs.size} exports are running already`, 'Wait for one of them to finish, or cancel one.')
    }
    const exportId = `x${randomBytes(6).toString('hex')}`
    const format = request.format
    const fileName = fileNameFor(infos, format)
    const job: Job = { controller: new AbortController() }
    this.jobs.set(exportId, job)
    const spec = {
      endpointIds: ids,
      format,
      ...(request.timeResolution ? { timeResolution: request.timeResolution } : {}),
      ...(request.encoding ? { encoding: request.encoding } : {})
    }
    const run = async (output: ExportOutput): Promise<void> => {
      let last = 0
      let counts: ExportCounts = { records: 0, bytes: 0, totalBytes: 0, fileBytes: 0, lostChunks: 0 }
      const report = (state: ExportProgress['state'], error?: unknown): void => {
        const progress: ExportProgress = { exportId, state, format, ...counts }
        if (error !== undefined) progress.error = toAppError(error)
        this.engine.announce({ type: 'export', progress })
      }
      try {
        report('running')
        counts = await streamCaptureExport(this.engine, spec, (bytes) => output.write(bytes), {
          signal: job.controller.signal,
          onProgress: (c) => {
            counts = c
            const now = performance.now()
            if (now - last < PROGRESS_EVERY_MS) return
            last = now
            report('running')
          }
        })
        await output.finish()
        report('done')
      } catch (err) {
        await output.abort()
        report(job.controller.signal.aborted ? 'cancelled' : 'failed', job.controller.signal.aborted ? undefined : err)
      } finally {
        this.jobs.delete(exportId)
      }
    }
    let result: DeliveryResult
    try {
      result = await this.delivery.deliver(fileName, EXPORT_FORMATS.find((f) => f.format === format)!.mime, run)
    } catch (err) {
      this.jobs.delete(exportId)
      throw err
    }
    if (result.delivery === 'cancelled') this.jobs.delete(exportId)
    return { exportId, fileName, ...result }
  }

  /** Stops an export; false when no export with that id runs (it ended already). */
  cancel(exportId: string): boolean {
    const job = this.jobs.get(exportId)
    if (!job) return false
    job.controller.abort()
    return true
  }
}

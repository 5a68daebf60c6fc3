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
import { streamCaptureExport, type ExportCounts, type ExportWrite } from './capture-export'
import { resolveReceivedRange, streamReceivedBytes } from './received-bytes'

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

/** Streams a job's bytes to `write`, reporting counts as it goes; resolves with the final counts. */
type JobBody = (write: ExportWrite, signal: AbortSignal, onProgress: (counts: ExportCounts) => void) => Promise<ExportCounts>

/**
 * The name offered for saved bytes: the sender's name for them (a JSON header's file_name) reduced
 * to its last part and to characters every file system takes, else one made from the peer.
 */
export function savedFileName(suggested: string | undefined, fallback: string): string {
  const last = (suggested ?? '').split(/[\\/]/).pop() ?? ''
  const safe = last
    .replace(/[^\p{L}\p{N}._ -]+/gu, '-')
    .replace(/^[-. ]+|[-. ]+$/g, '')
    .slice(0, 120)
  return safe || fallback
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
    this.checkDelivery()
    // Checked now, not once the export runs: a bad name is the request's fault.
    if (request.encoding !== undefined) parseTextEncoding(request.encoding)
    if (request.view && request.format === 'pcapng') throw SocketLabError.of('EINVAL', { id: 'exportViewPcapng' })
    const ids = request.endpointIds ?? this.engine.list().map((e) => e.id)
    if (ids.length === 0) throw new SocketLabError('ENOENT', 'There is nothing to export: no endpoints', 'Open an endpoint and let some traffic through first.')
    const infos = ids.map((id) => this.engine.get(id))
    const format = request.format
    const spec = {
      endpointIds: ids,
      format,
      ...(request.timeResolution ? { timeResolution: request.timeResolution } : {}),
      ...(request.encoding ? { encoding: request.encoding } : {}),
      ...(request.view ? { view: request.view } : {})
    }
    return this.launch(fileNameFor(infos, format), format, EXPORT_FORMATS.find((f) => f.format === format)!.mime, (write, signal, onProgress) =>
      streamCaptureExport(this.engine, spec, write, { signal, onProgress })
    )
  }

  /** Saves a range of one peer's stream (a frame's payload, chunks, all of it) as the bytes crossed. */
  async save(request: ParsedRequestOf<'saveReceived'>): Promise<ExportStarted> {
    this.checkDelivery()
    // Checked before the user is asked where to save: a range the capture cannot give is said at once.
    const range = resolveReceivedRange(this.engine, request)
    const info = this.engine.get(request.endpointId)
    const fallback = `${fileNameFor([info], 'text').replace(/\.txt$/, '')}-${range.dir === 'in' ? 'received' : 'sent'}-${range.from}-${range.to}.bin`
    const fileName = savedFileName(request.fileName, fallback)
    return this.launch(fileName, 'bytes', 'application/octet-stream', (write, signal, onProgress) => streamReceivedBytes(this.engine, range, write, { signal, onProgress }))
  }

  private checkDelivery(): void {
    if (!this.delivery) {
      throw new SocketLabError('ENOTSUP', 'This window cannot save files', 'Use the command line: socket-lab listen with --save FILE or --pcapng FILE.')
    }
  }

  /** Runs a job in the background once its delivery has somewhere to put the bytes. */
  private async launch(fileName: string, format: ExportProgress['format'], mime: string, body: JobBody): Promise<ExportStarted> {
    if (this.jobs.size >= MAX_RUNNING_EXPORTS) {
      throw new SocketLabError('EBUSY', `${this.jobs.size} exports are running already`, 'Wait for one of them to finish, or cancel one.')
    }
    const exportId = `x${randomBytes(6).toString('hex')}`
    const job: Job = { controller: new AbortController() }
    this.jobs.set(exportId, job)
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
        counts = await body((bytes) => output.write(bytes), job.controller.signal, (c) => {
          counts = c
          const now = performance.now()
          if (now - last < PROGRESS_EVERY_MS) return
          last = now
          report('running')
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
      result = await this.delivery!.deliver(fileName, mime, run)
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

// What every export format shares: it is fed an endpoint's capture records in order, one at a
// time, with each chunk's bytes, and hands finished blocks of the file to a sink. The caller
// chooses where the blocks go (a file, a download, a test's array).
import type { CaptureRecord, EndpointKind, SocketAddress } from '../api'
import type { TextEncodingName } from '../codec'
import type { ByteSink } from './byte-out'
import { LogWriter } from './log'
import { PcapngWriter } from './pcapng'
import type { TimeResolution } from './pcapng-blocks'

export type ExportFormat = 'pcapng' | 'text' | 'csv' | 'jsonl'

export const EXPORT_FORMATS: readonly { format: ExportFormat; extension: string; mime: string; label: string }[] = [
  { format: 'pcapng', extension: 'pcapng', mime: 'application/x-pcapng', label: 'pcapng (Wireshark)' },
  { format: 'text', extension: 'txt', mime: 'text/plain; charset=utf-8', label: 'Text log' },
  { format: 'csv', extension: 'csv', mime: 'text/csv; charset=utf-8', label: 'CSV' },
  { format: 'jsonl', extension: 'jsonl', mime: 'application/jsonl; charset=utf-8', label: 'JSON Lines' }
]

/** An endpoint as an export names and describes it. */
export interface ExportEndpoint {
  id?: string
  name: string
  kind: EndpointKind
  /** Where it is bound (a client: its connection's local address), if known. */
  local?: SocketAddress | { path: string }
}

export interface CaptureFileWriter {
  /** Describes the next endpoint; its records are written under the number returned. */
  addEndpoint(endpoint: ExportEndpoint): number
  /** A peer's address, for records that come before (or without) the peer's own events. */
  notePeer(index: number, peerId: string, remote: SocketAddress | { path: string }): void
  /** One capture record; a data record needs its chunk's bytes. */
  write(index: number, record: CaptureRecord, bytes?: Uint8Array): void
  /** Chunks that could not be read (overwritten while the export ran), to be reported as dropped. */
  lost(index: number, bytes: number, chunks?: number): void
  /** Hands what is written so far to the sink. */
  flush(): void
  readonly bytesWritten: number
}

export interface CaptureFileOptions {
  /** pcapng: timestamps in microseconds (default) or nanoseconds. */
  resolution?: TimeResolution
  /** pcapng: the application named in the file. */
  application?: string
  /** Logs: the encoding payloads are shown as text in. */
  encoding?: TextEncodingName
  blockBytes?: number
}

export function createCaptureWriter(format: ExportFormat, sink: ByteSink, options: CaptureFileOptions = {}): CaptureFileWriter {
  const blockBytes = options.blockBytes !== undefined ? { blockBytes: options.blockBytes } : {}
  if (format === 'pcapng') {
    return new PcapngWriter(sink, {
      ...blockBytes,
      ...(options.resolution ? { resolution: options.resolution } : {}),
      ...(options.application ? { application: options.application } : {})
    })
  }
  return new LogWriter(format, sink, { ...blockBytes, ...(options.encoding ? { encoding: options.encoding } : {}) })
}

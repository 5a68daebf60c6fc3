// Exports: the capture as files people take away. Pure byte writers, streamed: fed records, they
// hand blocks to a sink and never hold the whole file.
export { ByteOut, DEFAULT_BLOCK_BYTES, type ByteSink } from './byte-out'
export { createCaptureWriter, EXPORT_FORMATS, type CaptureFileOptions, type CaptureFileWriter, type ExportEndpoint, type ExportFormat } from './capture-file'
export { LogWriter, type LogFormat, type LogOptions } from './log'
export { DEFAULT_MSS, PcapngWriter, type PcapngOptions } from './pcapng'
export type { TimeResolution } from './pcapng-blocks'

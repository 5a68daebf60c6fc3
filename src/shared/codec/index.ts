// The byte codecs shared by the renderer, the engine and the CLI. Pure functions on Uint8Array:
// no Node built-ins, no DOM.

export { CodecError, type CodecErrorCode } from './errors'
export { parseHex, formatHex, type FormatHexOptions } from './hex'
export { parseBase64, formatBase64 } from './base64'
export { parseEscapedText, concatBytes } from './escapes'
export {
  encodeText,
  decodeText,
  parseTextEncoding,
  TEXT_ENCODINGS,
  type TextEncodingName,
  type DecodeTextOptions
} from './encodings'
export type { InvalidByteStyle } from './text-sink'
export { appendLineEnding, lineEndingBytes, parseLineEnding, LINE_ENDINGS, type LineEnding } from './line-ending'
export { encodePayload, PAYLOAD_FORMATS, type PayloadFormat, type PayloadInput } from './payload'
export { parseFramingSpec, formatFramingSpec, parseStructCode, FRAMING_SPEC_FORMS } from './framing/spec'
export { createFramer } from './framing/framer'
export { slipEscape, slipUnescape } from './framing/slip'
export { BODY_SIZE_KEYS } from './framing/json-header'
export { formatFrameSize, formatHeaderFields, headerFields, type FrameSizes, type HeaderField } from './framing/frame-summary'
export {
  DEFAULT_MAX_FRAME_SIZE,
  DEFAULT_MAX_JSON_HEADER_SIZE,
  type Frame,
  type FrameDecoder,
  type Framer,
  type FramerOptions,
  type FramingSpec,
  type FramingKind,
  type IntField
} from './framing/types'
export {
  hexDump,
  hexDumpBytes,
  hexDumpRows,
  hexDumpRowCount,
  hexDumpLayout,
  frameHeaderMarks,
  type BytesPerRow,
  type HexDumpOptions,
  type HexDumpRowsOptions,
  type HexDumpRow,
  type HexDumpLayout,
  type HexMark,
  type HexSpan
} from './hexdump'
export { copyAs, COPY_FORMATS, type CopyFormat } from './copy-as'
export { checksum, checksumBytes, appendChecksum, verifyChecksum, CHECKSUMS, type ChecksumName, type ChecksumInfo, type ChecksumVerdict } from './checksums'
export { inspectAt, INSPECTOR_TYPES, type InspectorType, type InspectorValue } from './inspector'

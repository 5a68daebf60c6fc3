// What one decoded frame is made of, in the words a student checks against the sender's code: the
// payload's length and, apart from it, the framing's header ("len=12 (header 4 B)"), plus the
// fields of a JSON header (file_name, file_size...). The CLI and the window show the same numbers.

/** The sizes a frame event carries: `length` is the whole frame in the stream, header included. */
export interface FrameSizes {
  length: number
  headerLength: number
  payloadLength: number
}

/** "len=12 (header 4 B)"; a frame without a header (a line, a fixed size) is just "len=12". */
export function formatFrameSize(f: Pick<FrameSizes, 'headerLength' | 'payloadLength'>): string {
  return f.headerLength > 0 ? `len=${f.payloadLength} (header ${f.headerLength} B)` : `len=${f.payloadLength}`
}

export interface HeaderField {
  key: string
  /** Strings as they are, anything else as JSON; cut to a readable length. */
  value: string
}

/** A header is shown on one row: a few fields, each short. The inspector and --json keep it whole. */
export const HEADER_FIELDS_SHOWN = 8
export const HEADER_VALUE_CHARS = 80

function shortValue(value: unknown, maxChars: number): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))
  // Control characters would break the single line a field is shown on.
  // eslint-disable-next-line no-control-regex
  const oneLine = text.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? '↵' : c === '\t' ? '⇥' : '·'))
  return oneLine.length > maxChars ? `${oneLine.slice(0, maxChars - 1)}…` : oneLine
}

/** The header's fields in the order the sender wrote them; `more` counts those left out. */
export function headerFields(
  meta: Record<string, unknown> | undefined,
  options: { maxFields?: number; maxChars?: number } = {}
): { fields: HeaderField[]; more: number } {
  if (!meta) return { fields: [], more: 0 }
  const keys = Object.keys(meta)
  const maxFields = options.maxFields ?? HEADER_FIELDS_SHOWN
  const maxChars = options.maxChars ?? HEADER_VALUE_CHARS
  const fields = keys.slice(0, maxFields).map((key) => ({ key: shortValue(key, maxChars), value: shortValue(meta[key], maxChars) }))
  return { fields, more: Math.max(0, keys.length - maxFields) }
}

/** "file_name=lecture.mp4 file_size=3145745", with "(+2 more)" when fields were left out. */
export function formatHeaderFields(meta: Record<string, unknown> | undefined, options?: { maxFields?: number; maxChars?: number }): string {
  const { fields, more } = headerFields(meta, options)
  const text = fields.map((f) => `${f.key}=${f.value}`).join(' ')
  return more > 0 ? `${text} (+${more} more)` : text
}

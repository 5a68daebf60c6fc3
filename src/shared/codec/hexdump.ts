import type { Frame } from './framing/types'

// The classic `hexdump -C` layout, written as ASCII bytes into one buffer from lookup tables
// and turned into a string with a single native decode: per-byte string concatenation is
// twenty times slower and allocates a string per byte.
//
//   00000010  48 65 6c 6c 6f 20 77 6f  72 6c 64 0a 00 01 02 03  |Hello world.....|

export type BytesPerRow = 8 | 16 | 32

export interface HexDumpOptions {
  bytesPerRow?: BytesPerRow
  /** Offset printed for bytes[0], e.g. where this range starts in the capture. */
  baseOffset?: number
  uppercase?: boolean
  /** Digits in the offset column; by default 8, or more if the offsets need them. */
  offsetDigits?: number
}

/** Bytes to highlight, in the same offsets the dump prints (baseOffset + index). */
export interface HexMark {
  offset: number
  length: number
  kind: string
}

/** Character columns [start, end) of a marked run in a row's text, one span in each column. */
export interface HexSpan {
  start: number
  end: number
  kind: string
  column: 'hex' | 'ascii'
}

export interface HexDumpRow {
  offset: number
  text: string
  spans: HexSpan[]
}

export interface HexDumpRowsOptions extends HexDumpOptions {
  startRow?: number
  rowCount?: number
  marks?: readonly HexMark[]
}

const DIGITS_LOWER = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0))
const DIGITS_UPPER = Uint8Array.from('0123456789ABCDEF', (c) => c.charCodeAt(0))
const HI_LOWER = new Uint8Array(256)
const LO_LOWER = new Uint8Array(256)
const HI_UPPER = new Uint8Array(256)
const LO_UPPER = new Uint8Array(256)
const PRINTABLE = new Uint8Array(256)
for (let b = 0; b < 256; b++) {
  HI_LOWER[b] = DIGITS_LOWER[b >> 4]!
  LO_LOWER[b] = DIGITS_LOWER[b & 15]!
  HI_UPPER[b] = DIGITS_UPPER[b >> 4]!
  LO_UPPER[b] = DIGITS_UPPER[b & 15]!
  PRINTABLE[b] = b >= 0x20 && b < 0x7f ? b : 0x2e
}

// hex pair in the low 16 bits (first char lowest, as little-endian words lay it out), printable char above.
const PAIR_LOWER = new Uint32Array(256)
const PAIR_UPPER = new Uint32Array(256)
for (let b = 0; b < 256; b++) {
  PAIR_LOWER[b] = HI_LOWER[b]! | (LO_LOWER[b]! << 8) | (PRINTABLE[b]! << 16)
  PAIR_UPPER[b] = HI_UPPER[b]! | (LO_UPPER[b]! << 8) | (PRINTABLE[b]! << 16)
}

const SPACE = 0x20
const BAR = 0x7c
const NEWLINE = 0x0a

/** Column positions of a row, so a viewer can hit-test a click or place a caret. */
export interface HexDumpLayout {
  bytesPerRow: BytesPerRow
  offsetDigits: number
  /** Width of a full row, without the newline. */
  rowWidth: number
  hexColumn(indexInRow: number): number
  asciiColumn(indexInRow: number): number
}

export function hexDumpLayout(bytesPerRow: BytesPerRow = 16, offsetDigits = 8): HexDumpLayout {
  const hexStart = offsetDigits + 2
  const asciiStart = hexStart + bytesPerRow * 3 + (bytesPerRow / 8 - 1) + 2
  return {
    bytesPerRow,
    offsetDigits,
    rowWidth: asciiStart + bytesPerRow + 1,
    hexColumn: (i) => hexStart + i * 3 + (i >> 3),
    asciiColumn: (i) => asciiStart + i
  }
}

function offsetDigitsFor(byteLength: number, options: HexDumpOptions): number {
  if (options.offsetDigits) return options.offsetDigits
  const last = (options.baseOffset ?? 0) + Math.max(0, byteLength - 1)
  return Math.max(8, last.toString(16).length)
}

export function hexDumpRowCount(byteLength: number, bytesPerRow: BytesPerRow = 16): number {
  return Math.ceil(byteLength / bytesPerRow)
}

interface RowWriter {
  bpr: number
  width: number
  hi: Uint8Array
  lo: Uint8Array
  digits: Uint8Array
  offsetDigits: number
  hexCols: Int32Array
  asciiStart: number
  template: Uint8Array
  pairs: Uint32Array
}

function rowWriter(layout: HexDumpLayout, options: HexDumpOptions): RowWriter {
  const width = layout.rowWidth + 1
  const asciiStart = layout.asciiColumn(0)
  // A full row of spaces with the ascii bars in place; each row starts as a copy of it.
  const template = new Uint8Array(width).fill(SPACE)
  template[asciiStart - 1] = BAR
  template[width - 2] = BAR
  template[width - 1] = NEWLINE
  return {
    bpr: layout.bytesPerRow,
    width,
    hi: options.uppercase ? HI_UPPER : HI_LOWER,
    lo: options.uppercase ? LO_UPPER : LO_LOWER,
    digits: options.uppercase ? DIGITS_UPPER : DIGITS_LOWER,
    offsetDigits: layout.offsetDigits,
    hexCols: Int32Array.from({ length: layout.bytesPerRow }, (_, i) => layout.hexColumn(i)),
    asciiStart,
    template,
    pairs: options.uppercase ? PAIR_UPPER : PAIR_LOWER
  }
}

/**
 * Writes one row at out[p] and returns where the next starts. Kept small and called per row so
 * the engine optimises it as a whole, rather than as one long loop entered once.
 */
function writeRow(w: RowWriter, out: Uint8Array, p: number, bytes: Uint8Array, start: number, n: number, offset: number): number {
  out.set(w.template, p)
  const { hi, lo, hexCols, digits } = w
  let v = offset
  if (v < 0x1_0000_0000) {
    for (let k = p + w.offsetDigits - 1; k >= p; k--) {
      out[k] = digits[v & 15]!
      v >>>= 4
    }
  } else {
    for (let k = p + w.offsetDigits - 1; k >= p; k--) {
      const d = v % 16
      out[k] = digits[d]!
      v = (v - d) / 16
    }
  }
  const a = p + w.asciiStart
  for (let i = 0; i < n; i++) {
    const b = bytes[start + i]!
    const c = p + hexCols[i]!
    out[c] = hi[b]!
    out[c + 1] = lo[b]!
    out[a + i] = PRINTABLE[b]!
  }
  if (n === w.bpr) return p + w.width
  // A short last row closes its ascii column right after its bytes, as hexdump -C does.
  out[a + n] = BAR
  out[a + n + 1] = NEWLINE
  return a + n + 2
}

/**
 * The common case (full rows, 8 offset digits) four input bytes at a time with 32-bit stores:
 * 12 hex-column chars in three words and 4 ascii chars in one, a quarter of the byte stores.
 * Returns the output position after the last row.
 */
function writeFullRows(w: RowWriter, out: DataView, p: number, input: DataView, firstByte: number, rows: number, base: number, starts: Int32Array, startIndex: number): number {
  const pairs = w.pairs
  const bpr = w.bpr
  const width = w.width
  const asciiStart = w.asciiStart
  for (let r = 0; r < rows; r++) {
    const start = firstByte + r * bpr
    const offset = base + start
    starts[startIndex + r] = p
    const o0 = pairs[offset >>> 24]!
    const o1 = pairs[(offset >>> 16) & 0xff]!
    const o2 = pairs[(offset >>> 8) & 0xff]!
    const o3 = pairs[offset & 0xff]!
    out.setUint32(p, (o0 & 0xffff) | ((o1 & 0xffff) << 16), true)
    out.setUint32(p + 4, (o2 & 0xffff) | ((o3 & 0xffff) << 16), true)
    out.setUint16(p + 8, 0x2020, true)
    const a = p + asciiStart
    let c = p + 10
    for (let g = 0; g < bpr; g += 4) {
      const x = input.getUint32(start + g, true)
      const t0 = pairs[x & 0xff]!
      const t1 = pairs[(x >>> 8) & 0xff]!
      const t2 = pairs[(x >>> 16) & 0xff]!
      const t3 = pairs[x >>> 24]!
      out.setUint32(c, (t0 & 0xffff) | 0x200000 | ((t1 & 0xff) << 24), true)
      out.setUint32(c + 4, ((t1 >>> 8) & 0xff) | 0x2000 | ((t2 & 0xffff) << 16), true)
      out.setUint32(c + 8, 0x20 | ((t3 & 0xffff) << 8) | 0x20000000, true)
      out.setUint32(a + g, (t0 >>> 16) | ((t1 >>> 16) << 8) | ((t2 >>> 16) << 16) | ((t3 >>> 16) << 24), true)
      c += 12
      // The extra space between groups of eight; after the last group it is the one before '|'.
      if ((g & 4) !== 0) out.setUint8(c++, SPACE)
    }
    out.setUint16(a - 2, 0x7c20, true)
    out.setUint16(a + bpr, 0x0a7c, true)
    p += width
  }
  return p
}

/**
 * Writes rows [startRow, startRow + rowCount) as ASCII, each ending in '\n'. Returns the bytes
 * and where each row starts in them (one extra entry at the end).
 */
function writeRows(bytes: Uint8Array, layout: HexDumpLayout, startRow: number, rowCount: number, options: HexDumpOptions): { out: Uint8Array; starts: Int32Array } {
  const w = rowWriter(layout, options)
  const base = options.baseOffset ?? 0
  const out = new Uint8Array(rowCount * w.width)
  const starts = new Int32Array(rowCount + 1)
  const fullRows = Math.max(0, Math.min(rowCount, Math.floor(bytes.length / w.bpr) - startRow))
  let p = 0
  let r = 0
  if (w.offsetDigits === 8 && base + bytes.length <= 0x1_0000_0000 && fullRows > 0) {
    const outView = new DataView(out.buffer, out.byteOffset, out.byteLength)
    const inView = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    p = writeFullRows(w, outView, 0, inView, startRow * w.bpr, fullRows, base, starts, 0)
    r = fullRows
  }
  for (; r < rowCount; r++) {
    const start = (startRow + r) * w.bpr
    starts[r] = p
    p = writeRow(w, out, p, bytes, start, Math.min(w.bpr, bytes.length - start), base + start)
  }
  starts[rowCount] = p
  return { out: p === out.length ? out : out.subarray(0, p), starts }
}

const ascii = new TextDecoder()

/** The whole dump as ASCII bytes, one row per line; for writing to a file or a terminal. */
export function hexDumpBytes(bytes: Uint8Array, options: HexDumpOptions = {}): Uint8Array {
  const bpr = options.bytesPerRow ?? 16
  const layout = hexDumpLayout(bpr, offsetDigitsFor(bytes.length, options))
  return writeRows(bytes, layout, 0, hexDumpRowCount(bytes.length, bpr), options).out
}

/** The whole dump as one string, one row per line, each ending in '\n'. */
export function hexDump(bytes: Uint8Array, options: HexDumpOptions = {}): string {
  return ascii.decode(hexDumpBytes(bytes, options))
}

/**
 * Only the rows asked for, so a virtualized view formats what is visible. Offsets and the offset
 * column width are those of the whole dump, so rows line up whichever window is asked for.
 */
export function hexDumpRows(bytes: Uint8Array, options: HexDumpRowsOptions = {}): HexDumpRow[] {
  const bpr = options.bytesPerRow ?? 16
  const total = hexDumpRowCount(bytes.length, bpr)
  const startRow = Math.max(0, Math.min(options.startRow ?? 0, total))
  const rowCount = Math.max(0, Math.min(options.rowCount ?? total, total - startRow))
  const layout = hexDumpLayout(bpr, offsetDigitsFor(bytes.length, options))
  const { out, starts } = writeRows(bytes, layout, startRow, rowCount, options)
  const text = ascii.decode(out)
  const base = options.baseOffset ?? 0
  const rows: HexDumpRow[] = []
  for (let r = 0; r < rowCount; r++) {
    const offset = base + (startRow + r) * bpr
    const n = Math.min(bpr, bytes.length - (startRow + r) * bpr)
    rows.push({ offset, text: text.slice(starts[r]!, starts[r + 1]! - 1), spans: options.marks ? spansFor(options.marks, offset, n, layout) : [] })
  }
  return rows
}

function spansFor(marks: readonly HexMark[], rowOffset: number, n: number, layout: HexDumpLayout): HexSpan[] {
  const spans: HexSpan[] = []
  for (const m of marks) {
    const from = Math.max(m.offset, rowOffset) - rowOffset
    const to = Math.min(m.offset + m.length, rowOffset + n) - rowOffset
    if (from >= to) continue
    spans.push({ start: layout.hexColumn(from), end: layout.hexColumn(to - 1) + 2, kind: m.kind, column: 'hex' })
    spans.push({ start: layout.asciiColumn(from), end: layout.asciiColumn(to - 1) + 1, kind: m.kind, column: 'ascii' })
  }
  return spans
}

/** Marks the framing bytes of decoded frames (length prefixes, JSON headers) as 'header'. */
export function frameHeaderMarks(frames: readonly Frame[]): HexMark[] {
  return frames.filter((f) => f.headerLength > 0).map((f) => ({ offset: f.offset, length: f.headerLength, kind: 'header' }))
}

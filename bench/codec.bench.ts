// Codec throughput, each figure beside a baseline run on the same input in the same process.
import { createFramer, hexDump, hexDumpBytes, hexDumpRows } from '../src/shared/codec'
import { chunkingRows, heldPerByteRow } from './codec-chunking'
import type { BenchRow, BenchSuite } from './report'

const MiB = 1024 * 1024
const CHUNK = 1460 // one TCP segment's payload on Ethernet, as a socket tends to deliver it
const MB = 1e6

/** A stream of `total` bytes made by repeating `pattern` (whole frames), cut into CHUNK-byte views. */
function* chunksOf(pattern: Uint8Array, total: number): Generator<Uint8Array> {
  // Two copies back to back, so any chunk starting inside the pattern is one contiguous view.
  const doubled = new Uint8Array(pattern.length * 2)
  doubled.set(pattern)
  doubled.set(pattern, pattern.length)
  for (let at = 0; at < total; at += CHUNK) {
    const start = at % pattern.length
    yield doubled.subarray(start, start + Math.min(CHUNK, total - at))
  }
}

function framesPattern(sizes: number[]): Uint8Array {
  const framer = createFramer('len:4', { maxFrameSize: 64 * MiB })
  const parts = sizes.map((n) => framer.encode(new Uint8Array(n).fill(n & 0xff)))
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

/** What a first attempt usually looks like: append every chunk to one buffer, then parse. */
function naiveLengthPrefixDecode(chunks: Iterable<Uint8Array>): number {
  let buf = new Uint8Array(0)
  let payloadBytes = 0
  for (const chunk of chunks) {
    const joined = new Uint8Array(buf.length + chunk.length)
    joined.set(buf)
    joined.set(chunk, buf.length)
    buf = joined
    let at = 0
    while (buf.length - at >= 4) {
      const n = ((buf[at]! << 24) | (buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!) >>> 0
      if (buf.length - at < 4 + n) break
      payloadBytes += buf.slice(at + 4, at + 4 + n).length
      at += 4 + n
    }
    if (at > 0) buf = buf.slice(at)
  }
  return payloadBytes
}

function chunkListDecode(chunks: Iterable<Uint8Array>): number {
  const decoder = createFramer('len:4', { maxFrameSize: 64 * MiB }).createDecoder()
  let payloadBytes = 0
  for (const chunk of chunks) for (const f of decoder.push(chunk)) payloadBytes += f.payload.length
  return payloadBytes
}

function time(fn: () => unknown): number {
  const t0 = performance.now()
  fn()
  return performance.now() - t0
}

/**
 * MB/s of input for each contender, best of `runs` after one warm-up each. Runs alternate between
 * contenders so drift on this shared machine hits all of them alike, and the best run is the
 * least disturbed one.
 */
function race<T extends { bytes: number; fn: () => unknown }[]>(runs: number, contenders: [...T]): { [K in keyof T]: number } {
  const best = contenders.map((c) => (time(c.fn), Infinity))
  for (let r = 0; r < runs; r++) contenders.forEach((c, i) => (best[i] = Math.min(best[i]!, time(c.fn))))
  return best.map((ms, i) => contenders[i]!.bytes / MB / (ms / 1000)) as { [K in keyof T]: number }
}

function naiveHexDump(bytes: Uint8Array): string {
  let s = ''
  for (let row = 0; row < bytes.length; row += 16) {
    s += row.toString(16).padStart(8, '0') + '  '
    let ascii = ''
    for (let i = 0; i < 16; i++) {
      const b = bytes[row + i]
      s += b === undefined ? '   ' : b.toString(16).padStart(2, '0') + ' '
      if (i === 7) s += ' '
      if (b !== undefined) ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'
    }
    s += ' |' + ascii + '|\n'
  }
  return s
}

const suite: BenchSuite = {
  name: 'codecs',
  async run(): Promise<BenchRow[]> {
    const rows: BenchRow[] = [heldPerByteRow()]
    const total = 256 * MiB

    // Mixed frame sizes from 16 B to 16 KiB (about 4 KiB on average), fixed so runs compare.
    let seed = 1
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
    const mixed = framesPattern(Array.from({ length: 512 }, () => 16 + Math.floor(rand() * rand() * 16 * 1024)))
    const streamLen = Math.floor(total / mixed.length) * mixed.length
    const expected = chunkListDecode(chunksOf(mixed, streamLen))
    if (naiveLengthPrefixDecode(chunksOf(mixed, streamLen)) !== expected) throw new Error('baseline decoded a different byte count')
    const [ours, naive] = race(3, [
      { bytes: streamLen, fn: () => chunkListDecode(chunksOf(mixed, streamLen)) },
      { bytes: streamLen, fn: () => naiveLengthPrefixDecode(chunksOf(mixed, streamLen)) }
    ])
    rows.push({
      name: 'len:4 decode, 256 MiB in 1460-byte chunks, frames 16 B-16 KiB, chunk-list decoder',
      value: ours,
      baseline: naive,
      unit: 'MB/s',
      baselineName: 'concat on every chunk',
      higherIsBetter: true,
      target: { valueAtLeast: 1500 }
    })

    const big = framesPattern([8 * MiB])
    // Same pattern size as the 8 MiB one, so neither input sits in the CPU cache while the other does not.
    const small = framesPattern(Array.from({ length: 2046 }, () => 4096))
    const bigLen = Math.floor(total / big.length) * big.length
    const smallLen = Math.floor(total / small.length) * small.length
    const [bigRate, smallRate] = race(5, [
      { bytes: bigLen, fn: () => chunkListDecode(chunksOf(big, bigLen)) },
      { bytes: smallLen, fn: () => chunkListDecode(chunksOf(small, smallLen)) }
    ])
    rows.push({
      name: 'len:4 decode, 256 MiB in 1460-byte chunks, 8 MiB frames',
      value: bigRate,
      baseline: smallRate,
      unit: 'MB/s',
      baselineName: '4 KiB frames',
      higherIsBetter: true,
      target: { ratioAtLeast: 1.0 }
    })

    const dumpInput = new Uint8Array(64 * MiB)
    for (let i = 0; i < dumpInput.length; i++) dumpInput[i] = (i * 2654435761) >>> 24
    // The naive dump is measured on 4 MiB: at its speed 64 MiB would take many seconds.
    const sample = dumpInput.subarray(0, 4 * MiB)
    if (naiveHexDump(sample) !== hexDump(sample)) throw new Error('baseline dump differs')
    const BLOCK = 1 * MiB
    let dumpChars = 0
    const [blocksRate, stringRate, naiveDumpRate] = race(2, [
      {
        // How the CLI dumps a capture: a block at a time, as bytes for stdout.
        bytes: dumpInput.length,
        fn: () => {
          for (let at = 0; at < dumpInput.length; at += BLOCK) hexDumpBytes(dumpInput.subarray(at, at + BLOCK), { baseOffset: at })
        }
      },
      { bytes: dumpInput.length, fn: () => (dumpChars = hexDump(dumpInput).length) },
      { bytes: sample.length, fn: () => naiveHexDump(sample).length }
    ])
    rows.push({
      name: 'hex dump of 64 MiB, 16 bytes a row, lookup tables, as bytes in 1 MiB blocks',
      value: blocksRate,
      baseline: naiveDumpRate,
      unit: 'MB/s',
      baselineName: 'per-byte string concatenation (4 MiB)',
      higherIsBetter: true,
      target: { valueAtLeast: 150 }
    })
    rows.push({
      name: `hex dump of 64 MiB as one string (${(dumpChars / MB).toFixed(0)} M chars)`,
      value: stringRate,
      baseline: naiveDumpRate,
      unit: 'MB/s',
      baselineName: 'per-byte string concatenation (4 MiB)',
      higherIsBetter: true
    })

    // A virtualized view asks for the rows on screen only; the cost must not depend on the capture size.
    const lastRows = Math.ceil(dumpInput.length / 16) - 60
    let windowMs = Infinity
    for (let r = 0; r < 200; r++) windowMs = Math.min(windowMs, time(() => hexDumpRows(dumpInput, { startRow: lastRows, rowCount: 60 })))
    const wholeMs = dumpInput.length / MB / stringRate * 1000
    rows.push({
      name: '60 visible rows at the end of a 64 MiB dump (hexDumpRows)',
      value: windowMs * 1000,
      baseline: wholeMs * 1000,
      unit: 'us',
      baselineName: 'whole dump',
      higherIsBetter: false,
      target: { ratioAtMost: 0.001 }
    })

    rows.push(...chunkingRows())
    return rows
  }
}

export default suite

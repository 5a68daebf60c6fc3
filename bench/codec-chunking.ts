// How much a peer's choice of write size costs each decoder: every framing decodes the same
// stream in 1-byte and 1 KiB chunks, each beside the same stream in 64 KiB chunks, plus the
// adversarial cases that once stalled the process (a 4 MiB JSON header in 1 KiB writes, a 4 MiB
// line a byte at a time) and what a big frame fed a byte at a time costs in memory.
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { createFramer } from '../src/shared/codec'
import type { BenchRow } from './report'

const KiB = 1024
const MiB = 1024 * KiB
const MB = 1e6
const BIG = 64 * KiB

const SPECS = ['raw', 'line', 'delim:0d0a', 'fixed:256', 'len:1', 'len:2:le', 'len:4', 'len:8:le', 'struct:!I', 'json-header', 'slip']

/** Whole frames of 16 to 255 bytes (len:1 carries no more), fixed so runs compare. */
function framesPattern(spec: string): Uint8Array {
  const framer = createFramer(spec)
  let seed = 7
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
  const parts: Uint8Array[] = []
  let total = 0
  while (total < 256 * KiB) {
    const n = spec.startsWith('fixed') ? 256 : 16 + Math.floor(rand() * 240)
    // Printable bytes with no delimiter in them; SLIP gets some END and ESC to escape.
    const payload = Uint8Array.from({ length: n }, (_, i) => (spec === 'slip' && i % 50 === 0 ? 0xc0 : 0x41 + ((i * 7) % 26)))
    const frame = framer.encode(payload, { file_name: 'a.txt' })
    parts.push(frame)
    total += frame.length
  }
  const out = new Uint8Array(total)
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

/** `total` bytes of the repeated pattern, as `size`-byte views (a socket hands over fresh buffers; views cost alike). */
function* chunksOf(pattern: Uint8Array, total: number, size: number): Generator<Uint8Array> {
  if (size > pattern.length && total > pattern.length) throw new Error('the pattern must be at least one chunk long')
  const doubled = new Uint8Array(pattern.length * 2)
  doubled.set(pattern)
  doubled.set(pattern, pattern.length)
  for (let at = 0; at < total; at += size) {
    const start = at % pattern.length
    yield doubled.subarray(start, start + Math.min(size, total - at))
  }
}

function decodeAll(spec: string, chunks: Iterable<Uint8Array>, maxFrameSize?: number): number {
  const decoder = createFramer(spec, { maxFrameSize }).createDecoder()
  let frames = 0
  for (const chunk of chunks) frames += decoder.push(chunk).length
  return frames + decoder.end().length
}

function time(fn: () => unknown): number {
  const t0 = performance.now()
  fn()
  return performance.now() - t0
}

/** Best of `runs` after a warm-up, alternating contenders so drift on a shared machine hits them alike. */
function bestMs(runs: number, fns: (() => unknown)[]): number[] {
  const best = fns.map((fn) => (time(fn), Infinity))
  for (let r = 0; r < runs; r++) fns.forEach((fn, i) => (best[i] = Math.min(best[i]!, time(fn))))
  return best
}

export function chunkingRows(): BenchRow[] {
  const rows: BenchRow[] = []
  // Byte-at-a-time decoding is slow by nature (one call per byte), so it gets a shorter stream.
  const bigTotal = 32 * MiB
  const byteTotal = 2 * MiB
  for (const spec of SPECS) {
    const pattern = framesPattern(spec)
    const expected = decodeAll(spec, chunksOf(pattern, pattern.length, BIG))
    // Same frames whatever the chunking, or the comparison means nothing (raw: a frame per chunk).
    if (spec !== 'raw' && decodeAll(spec, chunksOf(pattern, pattern.length, 1)) !== expected) throw new Error(`${spec}: 1-byte chunks gave other frames`)
    const [big, kib, byte] = bestMs(2, [
      () => decodeAll(spec, chunksOf(pattern, bigTotal, BIG)),
      () => decodeAll(spec, chunksOf(pattern, bigTotal, KiB)),
      () => decodeAll(spec, chunksOf(pattern, byteTotal, 1))
    ])
    const bigRate = bigTotal / MB / (big! / 1000)
    const row = (label: string, rate: number): BenchRow => ({
      name: `${spec} decode, frames of 16-255 B, in ${label}`,
      value: rate,
      baseline: bigRate,
      unit: 'MB/s',
      baselineName: '64 KiB chunks',
      higherIsBetter: true
    })
    rows.push(row('1 KiB chunks', bigTotal / MB / (kib! / 1000)), row('1-byte chunks', byteTotal / MB / (byte! / 1000)))
  }

  // A 4 MiB JSON header in 1 KiB writes: the header was once read a byte at a time, each read
  // walking the list of chunks, which froze every socket of the process for seconds.
  const json = new TextEncoder().encode(JSON.stringify({ file_size: 2, pad: 'x'.repeat(4 * MiB - 30) }))
  const headerStream = new Uint8Array(4 + json.length + 2)
  new DataView(headerStream.buffer).setInt32(0, json.length, true)
  headerStream.set(json, 4)
  headerStream.set([0x68, 0x69], 4 + json.length)
  const [headerKib, headerWhole] = bestMs(3, [
    () => decodeAll('json-header:header=8m', chunksOf(headerStream, headerStream.length, KiB)),
    () => decodeAll('json-header:header=8m', [headerStream])
  ])
  rows.push({
    name: `json-header, one ${(json.length / MiB).toFixed(0)} MiB header in 1 KiB writes`,
    value: headerKib!,
    baseline: headerWhole!,
    unit: 'ms',
    baselineName: 'in one chunk',
    higherIsBetter: false,
    target: { ratioAtMost: 3 }
  })

  // One long line a byte at a time: each search once started over from the first chunk.
  const line = new Uint8Array(4 * MiB).fill(0x61)
  line[line.length - 1] = 0x0a
  const [lineBytes, lineWhole] = bestMs(1, [() => decodeAll('line', chunksOf(line, line.length, 1)), () => decodeAll('line', chunksOf(line, line.length, BIG))])
  rows.push({
    name: 'line, one 4 MiB line in 1-byte chunks',
    value: lineBytes!,
    baseline: lineWhole!,
    unit: 'ms',
    baselineName: 'in 64 KiB chunks',
    higherIsBetter: false
  })

  return rows
}

/**
 * Memory a decoder holds per byte of a frame still arriving, fed a byte at a time and in 64 KiB
 * chunks. Run it before anything else allocates: big buffers freed during the measurement would
 * be counted against it.
 */
export function heldPerByteRow(): BenchRow {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  const size = 8 * MiB
  const held = (chunk: number): number => {
    gc()
    gc()
    const before = process.memoryUsage()
    const decoder = createFramer('len:4').createDecoder()
    decoder.push(Uint8Array.of(size >>> 24, (size >>> 16) & 0xff, (size >>> 8) & 0xff, size & 0xff))
    // Fresh arrays, as a socket hands over: views of one buffer would share its memory.
    for (let at = 0; at < size - 1; at += chunk) decoder.push(new Uint8Array(Math.min(chunk, size - 1 - at)))
    gc()
    const after = process.memoryUsage()
    const grown = after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers
    if (decoder.pending !== size + 3) throw new Error('the frame completed early')
    return grown / decoder.pending
  }
  return {
    name: 'len:4, an 8 MiB frame still arriving, in 1-byte chunks: memory held per byte buffered',
    value: held(1),
    baseline: held(BIG),
    unit: 'B',
    baselineName: 'in 64 KiB chunks',
    higherIsBetter: false,
    target: { valueAtMost: 2 }
  }
}

// Exporting a 256 MiB capture as pcapng, beside writing the same bytes raw from the same capture in
// the same run: the raw export reads the capture the same way (pages of records, each chunk's
// bytes) and writes the bytes alone, so the ratio is what the pcapng framing costs (headers,
// checksums over every byte, the copy into blocks). Once to a file, once to a sink that drops the
// blocks, so the encoder's own cost shows without the disk.
import net from 'node:net'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEngine, type Engine } from '../src/main/engine'
import { streamCaptureExport } from '../src/main/export/capture-export'
import { openExportFile } from '../src/main/export/export-file'
import { ByteOut } from '../src/shared/export'
import type { BenchRow, BenchSuite } from './report'

const MiB = 1024 * 1024
const CAPTURE_BYTES = Number(process.env.EXPORT_BENCH_BYTES ?? 256 * MiB)
const CHUNK = 64 * 1024
const ROUNDS = Number(process.env.EXPORT_BENCH_ROUNDS ?? 3)

type Write = (bytes: Uint8Array) => Promise<void>

/** A TCP server endpoint whose capture holds CAPTURE_BYTES received from a plain Node client. */
async function filledCapture(): Promise<{ engine: Engine; endpointId: string }> {
  const engine = createEngine({ captureLimitBytes: CAPTURE_BYTES + 64 * MiB })
  const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0 })
  const port = (server.local as { port: number }).port
  const socket = net.connect({ host: '127.0.0.1', port })
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject))
  const chunk = Buffer.alloc(CHUNK)
  for (let sent = 0; sent < CAPTURE_BYTES; sent += CHUNK) {
    chunk.writeUInt32BE(sent >>> 0, 0)
    if (!socket.write(Buffer.from(chunk))) await new Promise((r) => socket.once('drain', r))
  }
  socket.end()
  const deadline = Date.now() + 120_000
  while (engine.get(server.id).counters.bytesIn < CAPTURE_BYTES) {
    if (Date.now() > deadline) throw new Error('the capture did not fill')
    await new Promise((r) => setTimeout(r, 20))
  }
  const peer = engine.peers(server.id)[0]
  if (peer) await engine.closePeer(server.id, peer.id, 'graceful')
  const info = engine.get(server.id)
  if (info.captureDroppedBytes > 0) throw new Error(`the capture dropped ${info.captureDroppedBytes} bytes`)
  return { engine, endpointId: server.id }
}

/** The baseline: the same pages and chunks, the bytes alone, in blocks of the same size. */
async function rawExport(engine: Engine, endpointId: string, write: Write): Promise<number> {
  const blocks: Uint8Array[] = []
  const out = new ByteOut((b) => blocks.push(b))
  let bytes = 0
  for (let from = 0; ; ) {
    const page = engine.readCapture(endpointId, from, 1000)
    for (const r of page.records) {
      if (r.type !== 'data') continue
      const chunk = engine.readChunk(endpointId, r.seq).bytes
      out.write(chunk)
      bytes += chunk.byteLength
      if (blocks.length >= 4) for (const b of blocks.splice(0)) await write(b)
    }
    if (page.nextSeq <= from) break
    from = page.nextSeq
  }
  out.flush()
  for (const b of blocks.splice(0)) await write(b)
  return bytes
}

async function pcapngExport(engine: Engine, endpointId: string, write: Write): Promise<number> {
  return (await streamCaptureExport(engine, { endpointIds: [endpointId], format: 'pcapng' }, write)).bytes
}

/** MB/s of capture payload, timing one export into a fresh file (or into nothing). */
async function timed(kind: 'file' | 'memory', run: (write: Write) => Promise<number>): Promise<number> {
  const path = join(tmpdir(), `socket-lab-export-bench-${process.pid}.out`)
  const file = kind === 'file' ? await openExportFile(path) : undefined
  const write: Write = file ? (b) => file.write(b) : async () => undefined
  const start = performance.now()
  const bytes = await run(write)
  await file?.finish()
  const seconds = (performance.now() - start) / 1000
  await rm(path, { force: true })
  if (bytes !== CAPTURE_BYTES) throw new Error(`exported ${bytes} bytes of ${CAPTURE_BYTES}`)
  return bytes / 1e6 / seconds
}

const suite: BenchSuite = {
  name: `export: a ${CAPTURE_BYTES / MiB} MiB capture as pcapng (best of ${ROUNDS} alternating runs)`,
  async run(): Promise<BenchRow[]> {
    const { engine, endpointId } = await filledCapture()
    try {
      const rows: BenchRow[] = []
      for (const kind of ['file', 'memory'] as const) {
        let pcap = 0
        let raw = 0
        for (let i = 0; i < ROUNDS; i++) {
          raw = Math.max(raw, await timed(kind, (w) => rawExport(engine, endpointId, w)))
          pcap = Math.max(pcap, await timed(kind, (w) => pcapngExport(engine, endpointId, w)))
        }
        rows.push({
          name: kind === 'file' ? 'pcapng export to a file' : 'pcapng export, blocks dropped (encoder only)',
          value: pcap,
          baseline: raw,
          unit: 'MB/s',
          baselineName: kind === 'file' ? 'the same bytes raw to a file' : 'the same bytes raw, dropped',
          higherIsBetter: true
        })
      }
      return rows
    } finally {
      await engine.closeAll()
    }
  }
}

export default suite

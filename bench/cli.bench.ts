// The CLI against plain Node doing the same job in its own process: a 100 MB file over TCP (wall time
// and peak memory of the sending process) and the UDP generator at full speed.
import { spawn } from 'node:child_process'
import { createSocket } from 'node:dgram'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BenchRow, BenchSuite } from './report'

const ROOT = join(__dirname, '..')
const CLI = join(ROOT, 'bin', 'socket-lab.cjs')
const MAX_RSS = join(__dirname, 'cli', 'max-rss.cjs')
const FILE_BYTES = 100 * 1000 * 1000
const UDP_COUNT = 1_000_000

interface Run {
  seconds: number
  peakRss: number
  stdout: string
}

function measure(args: string[], dir: string): Promise<Run> {
  const rssFile = join(dir, `rss-${Math.random().toString(36).slice(2)}`)
  const start = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', MAX_RSS, ...args], { env: { ...process.env, MAX_RSS_FILE: rssFile }, stdio: ['ignore', 'pipe', 'inherit'] })
    let stdout = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited with ${code}`))
      resolve({ seconds: (performance.now() - start) / 1000, peakRss: Number(readFileSync(rssFile, 'utf8')), stdout })
    })
  })
}

async function tcpSink(): Promise<{ port: number; received: () => number; close: () => Promise<void> }> {
  let received = 0
  const server = createServer((s) => s.on('data', (c: Buffer) => (received += c.byteLength)))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    port: (server.address() as AddressInfo).port,
    received: () => received,
    close: () => new Promise((r) => server.close(() => r()))
  }
}

async function fileRows(dir: string): Promise<BenchRow[]> {
  const file = join(dir, 'payload.bin')
  const block = Buffer.alloc(1024 * 1024)
  for (let i = 0; i < block.length; i++) block[i] = (i * 31) & 0xff
  writeFileSync(file, Buffer.concat(Array.from({ length: Math.ceil(FILE_BYTES / block.length) }, () => block)).subarray(0, FILE_BYTES))
  const sink = await tcpSink()
  try {
    const plain = await measure([join(__dirname, 'cli', 'plain-send-file.cjs'), String(sink.port), file], dir)
    const cli = await measure([CLI, 'send', 'tcp', `127.0.0.1:${sink.port}`, '-f', file], dir)
    const mb = (n: number) => n / 1e6
    return [
      { name: 'send --file 100 MB over TCP, wall time', value: cli.seconds, baseline: plain.seconds, unit: 's', baselineName: 'plain Node stream.pipe', higherIsBetter: false, target: { ratioAtMost: 1.5 } },
      { name: 'send --file 100 MB over TCP, peak RSS', value: mb(cli.peakRss), baseline: mb(plain.peakRss), unit: 'MB', baselineName: 'plain Node stream.pipe', higherIsBetter: false, target: { valueAtMost: 150 } }
    ]
  } finally {
    await sink.close()
  }
}

async function udpRows(dir: string): Promise<BenchRow[]> {
  const sink = createSocket('udp4')
  let received = 0
  sink.on('message', () => received++)
  await new Promise<void>((r) => sink.bind(0, '127.0.0.1', r))
  sink.setRecvBufferSize(4 * 1024 * 1024)
  const port = sink.address().port
  try {
    const rate = (run: Run): number => {
      const summary = run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { event: string; rate?: number })
        .find((e) => e.event === 'summary')
      if (summary?.rate === undefined) throw new Error(`no summary in:\n${run.stdout.slice(0, 500)}`)
      return summary.rate
    }
    const plain = await measure([join(__dirname, 'cli', 'plain-udp-flood.cjs'), String(port), String(UDP_COUNT)], dir)
    received = 0
    const cli = await measure([CLI, 'send', 'udp', `127.0.0.1:${port}`, '-x', '61'.repeat(64), '--count', String(UDP_COUNT), '--json'], dir)
    return [
      { name: `UDP generator, 64 B datagrams, ${UDP_COUNT} as fast as possible`, value: rate(cli), baseline: rate(plain), unit: 'datagrams/s', baselineName: 'plain Node dgram, same window', higherIsBetter: true, target: { valueAtLeast: 200_000 } }
    ]
  } finally {
    sink.close()
  }
}

const suite: BenchSuite = {
  name: 'cli (needs `npm run build` first)',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'socket-lab-bench-cli-'))
    try {
      return [...(await fileRows(dir)), ...(await udpRows(dir))]
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

export default suite

// socket-lab send against a peer that reads slowly: the file send and the traffic generator wait for
// it instead of failing or queueing everything, and every byte arrives in order.
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { assertBuilt, runCli } from './run-cli'

const cleanups: (() => Promise<void> | void)[] = []

afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

/** Far more than the engine's queue (4 MiB) and loopback's socket buffers together. */
const TOTAL = 24 * 1024 * 1024

/** A server that reads one connection slowly: a pause after every chunk. Hashes what it got. */
async function slowReader(): Promise<{ port: number; done: Promise<{ bytes: number; sha: string }> }> {
  let finish!: (r: { bytes: number; sha: string }) => void
  const done = new Promise<{ bytes: number; sha: string }>((r) => (finish = r))
  const server = net.createServer((s) => {
    const hash = createHash('sha256')
    let bytes = 0
    s.on('data', (c: Buffer) => {
      hash.update(c)
      bytes += c.length
      s.pause()
      setTimeout(() => s.resume(), 1)
    })
    s.on('end', () => {
      s.end()
      finish({ bytes, sha: hash.digest('hex') })
    })
    s.on('error', () => {})
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  cleanups.push(() => new Promise((r) => server.close(() => r())))
  return { port: (server.address() as net.AddressInfo).port, done }
}

describe('socket-lab send to a slow reader', () => {
  beforeAll(assertBuilt)

  it('a file send follows the reader and every byte arrives', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'socket-lab-slow-'))
    cleanups.push(() => rm(dir, { recursive: true, force: true }))
    const body = randomBytes(TOTAL)
    const path = join(dir, 'big.bin')
    await writeFile(path, body)
    const reader = await slowReader()
    const r = await runCli(['send', 'tcp', `127.0.0.1:${reader.port}`, '-f', path, '--until-close'], 30_000)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(await reader.done).toEqual({ bytes: TOTAL, sha: createHash('sha256').update(body).digest('hex') })
  })

  it('a paced generator of large messages follows the reader instead of failing', async () => {
    const reader = await slowReader()
    const message = 'a'.repeat(64 * 1024)
    const count = TOTAL / message.length
    const r = await runCli(['send', 'tcp', `127.0.0.1:${reader.port}`, message, '--count', String(count), '--rate', '100000', '--until-close', '--json'], 30_000)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const summary = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; sent?: number })
      .find((l) => l.event === 'summary')
    expect(summary?.sent).toBe(count)
    expect((await reader.done).bytes).toBe(TOTAL)
  })
})

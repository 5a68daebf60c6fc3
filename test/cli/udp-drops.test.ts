// `listen udp` says when the OS dropped datagrams it had no room for: the listener is stopped
// (SIGSTOP) while a sender floods it, so its receive buffer fills, then let go.
import dgram from 'node:dgram'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { assertBuilt, runCli, startCli, type Running } from './run-cli'

const SENT = 400
const SIZE = 60_000
const NOTICE = /^note: the OS dropped ([\d,]+) datagrams? for this socket so far, most likely because its receive buffer \([\d,]+ bytes\) was full/m
// Stopping a process and letting it go are POSIX signals; the OS count is Linux's.
const CAN_STOP = process.platform !== 'win32'

describe('listen udp and the datagrams the OS dropped', () => {
  const running: Running[] = []
  beforeAll(assertBuilt)
  afterEach(async () => {
    for (const r of running.splice(0)) {
      if (CAN_STOP) r.child.kill('SIGCONT')
      await r.stop()
    }
  })

  /** Floods a stopped listener; resolves with what it printed once it settled, or undefined off Linux. */
  async function floodStopped(args: string[]): Promise<{ dropped: number; stdout: string } | undefined> {
    const server = startCli(['listen', 'udp', '127.0.0.1:0', '-q', ...args])
    running.push(server)
    const port = Number((await server.waitForStderr(/^listening on 127\.0\.0\.1:(\d+)$/m))[1])
    if (process.platform !== 'linux') {
      console.log(`${process.platform}: the OS does not tell a socket's drops, so listen cannot say them`)
      return undefined
    }
    server.child.kill('SIGSTOP')
    const sender = dgram.createSocket('udp4')
    try {
      const payload = Buffer.alloc(SIZE, 0x61)
      await Promise.all(Array.from({ length: SENT }, () => new Promise<void>((resolve, reject) => sender.send(payload, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())))))
    } finally {
      sender.close()
      server.child.kill('SIGCONT')
    }
    await server.waitForStderr(NOTICE)
    // Settled once nothing more is printed for longer than the OS's count takes to be read again.
    let seen = ''
    for (let quiet = 0; quiet < 2; ) {
      await new Promise((r) => setTimeout(r, 1500))
      const now = server.stdout().length + ':' + server.stderr().length
      quiet = now === seen ? quiet + 1 : 0
      seen = now
    }
    const notices = [...server.stderr().matchAll(new RegExp(NOTICE.source, 'gm'))].map((m) => Number(m[1]!.replaceAll(',', '')))
    return { dropped: notices.at(-1)!, stdout: server.stdout() }
  }

  it('prints how many the OS dropped while the listener could not read', async () => {
    const r = await floodStopped([])
    if (!r) return
    expect(r.dropped).toBeGreaterThan(0)
    expect(r.dropped).toBeLessThan(SENT)
    // What was read is printed, whole datagram after whole datagram: with the drops, every one sent.
    expect(r.stdout).toBe(('a'.repeat(SIZE) + '\n').repeat(SENT - r.dropped))
  })

  it('--recv-buffer sizes the buffer: a small one holds only a few of them', async () => {
    // 64 KiB (the OS books twice that) has room for one or two 60,000-byte datagrams, 4 MiB for over a hundred.
    const r = await floodStopped(['--recv-buffer', '64k'])
    if (!r) return
    expect(r.dropped).toBeGreaterThanOrEqual(SENT - 8)
    expect(r.stdout).toBe(('a'.repeat(SIZE) + '\n').repeat(SENT - r.dropped))
  })

  it('--recv-buffer is refused for other transports and for sizes out of range, as usage errors', async () => {
    for (const args of [['listen', 'tcp', '127.0.0.1:0', '--recv-buffer', '1m'], ['listen', 'udp', '127.0.0.1:0', '--recv-buffer', '12'], ['listen', 'udp', '127.0.0.1:0', '--recv-buffer', '1g']]) {
      const r = await runCli(args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr).toMatch(/--recv-buffer/)
    }
  })
})

// `listen udp` says when the OS dropped datagrams it had no room for: the listener is stopped
// (SIGSTOP) while a sender floods it, so its receive buffer fills, then let go.
import dgram from 'node:dgram'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { assertBuilt, startCli, type Running } from './run-cli'

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

  it('prints how many the OS dropped while the listener could not read', async () => {
    const server = startCli(['listen', 'udp', '127.0.0.1:0', '-q'])
    running.push(server)
    const port = Number((await server.waitForStderr(/^listening on 127\.0\.0\.1:(\d+)$/m))[1])
    if (process.platform !== 'linux') {
      console.log(`${process.platform}: the OS does not tell a socket's drops, so listen cannot say them`)
      return
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
    const dropped = notices.at(-1)!
    expect(dropped).toBeGreaterThan(0)
    expect(dropped).toBeLessThan(SENT)
    // What was read is printed, whole datagram after whole datagram: with the drops, every one sent.
    expect(server.stdout()).toBe(('a'.repeat(SIZE) + '\n').repeat(SENT - dropped))
  })
})

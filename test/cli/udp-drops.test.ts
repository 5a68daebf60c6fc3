// `listen udp` says when the OS dropped datagrams it had no room for: the listener is stopped
// (SIGSTOP) while a sender floods it, so its receive buffer fills, then let go.
import dgram from 'node:dgram'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { assertBuilt, startCli, type Running } from './run-cli'

const SENT = 400
const SIZE = 60_000

describe('listen udp and the datagrams the OS dropped', () => {
  const running: Running[] = []
  beforeAll(assertBuilt)
  afterEach(async () => {
    for (const r of running.splice(0)) {
      r.child.kill('SIGCONT')
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
    const dropped = Number((await server.waitForStderr(/^note: the OS has dropped (\d+) datagrams for this socket so far: they came while its receive buffer \(\d+ bytes\) was full/m))[1])
    expect(dropped).toBeGreaterThan(0)
    expect(dropped).toBeLessThan(SENT)
    // What was read is printed, whole datagram after whole datagram: with the drops, every one sent.
    const line = 'a'.repeat(SIZE) + '\n'
    const deadline = Date.now() + 10_000
    while (server.stdout().length < (SENT - dropped) * line.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    expect(server.stdout()).toBe(line.repeat(SENT - dropped))
  })
})

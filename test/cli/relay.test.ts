// `socket-lab relay` as a user runs it: between socat or a Node client and a real upstream, printing
// the conversation, its faults, an upstream that refuses, and the capture as pcapng.
import { createHash, randomBytes } from 'node:crypto'
import dgram from 'node:dgram'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { requirePeerTool } from '../helpers/peer-tools'
import { assertBuilt, runCli, startCli, startProcess, type Running } from './run-cli'

const running: Running[] = []
const track = (r: Running): Running => (running.push(r), r)
const closers: (() => Promise<void> | void)[] = []

afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()))
  for (const c of closers.splice(0)) await c()
})

/** An upstream in this process: upper-cases what it reads, or runs `handle`; keeps every byte. */
async function upstream(handle?: (s: net.Socket) => void): Promise<{ port: number; received: () => Buffer }> {
  const got: Buffer[] = []
  const sockets: net.Socket[] = []
  const server = net.createServer((s) => {
    sockets.push(s)
    s.on('error', () => {})
    s.on('data', (c: Buffer) => got.push(c))
    if (handle) handle(s)
    else {
      s.on('data', (c: Buffer) => s.write(c.toString().toUpperCase()))
      s.on('end', () => s.end())
    }
  })
  await new Promise<void>((r) => server.listen({ host: '127.0.0.1', port: 0 }, () => r()))
  closers.push(() => {
    for (const s of sockets) s.destroy()
    return new Promise((r) => server.close(() => r()))
  })
  return { port: (server.address() as net.AddressInfo).port, received: () => Buffer.concat(got) }
}

async function freePort(): Promise<number> {
  const probe = net.createServer()
  await new Promise<void>((r) => probe.listen({ host: '127.0.0.1', port: 0 }, () => r()))
  const port = (probe.address() as net.AddressInfo).port
  await new Promise<void>((r) => probe.close(() => r()))
  return port
}

function sha(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex')
}

describe('socket-lab relay', () => {
  beforeAll(assertBuilt)

  it('relays socat to an upstream on a port it picked, printing both directions and the split note', async () => {
    const socat = requirePeerTool('socat')
    // The upstream answers the whole line at once: were it to echo each 3-byte piece as it came,
    // nothing toward the client would be long enough to split.
    const up = await upstream((s) => {
      let line = ''
      s.on('data', (c: Buffer) => {
        line += c.toString()
        if (line.endsWith('\n')) s.write(line.toUpperCase())
      })
      s.on('end', () => s.end())
    })
    const relay = track(startCli(['relay', 'tcp', '127.0.0.1:0', '--to', `127.0.0.1:${up.port}`, '--chunk', '3', '--once']))
    const port = (await relay.waitFor(/listening on 127\.0\.0\.1:(\d+)/))[1]!
    expect(Number(port)).toBeGreaterThan(0)
    // Notices go to stderr, beside the conversation on stdout.
    await relay.waitForStderr(/relaying to 127\.0\.0\.1:\d+ with 3-byte pieces/)
    const client = track(startProcess(socat, ['-', `TCP:127.0.0.1:${port}`], { stdin: true }))
    client.child.stdin!.end('hello through the relay\n')
    expect(await client.exited()).toBe(0)
    expect(client.stdout()).toBe('HELLO THROUGH THE RELAY\n')
    expect(up.received().toString()).toBe('hello through the relay\n')
    expect(await relay.exited()).toBe(0)
    expect(relay.stderr()).toMatch(/relay to upstream: split into 3-byte pieces/)
    expect(relay.stderr()).toMatch(/relay to client: split into 3-byte pieces/)
    // One conversation: the client's write in whole, the upstream's answer out in 3-byte writes.
    expect(relay.stdout()).toMatch(/data\s+127\.0\.0\.1:\d+\s+in\s+24 bytes/)
    expect(relay.stdout().match(/data\s+127\.0\.0\.1:\d+\s+out\s+3 bytes/g)).toHaveLength(8)
  })

  it('carries 4 MiB from socat unchanged and writes the conversation as pcapng', async () => {
    const socat = requirePeerTool('socat')
    const dir = mkdtempSync(join(tmpdir(), 'socket-lab-relay-'))
    closers.push(() => rmSync(dir, { recursive: true, force: true }))
    const pcap = join(dir, 'relay.pcapng')
    // This upstream only counts: the reply is its hash, so both ways are checked.
    const up = await upstream((s) => {
      const h = createHash('sha256')
      s.on('data', (c: Buffer) => h.update(c))
      s.on('end', () => s.end(h.digest('hex')))
    })
    const relay = track(startCli(['relay', 'tcp', '0', '--to', `127.0.0.1:${up.port}`, '--once', '-q', '--pcapng', pcap]))
    const port = (await relay.waitForStderr(/listening on 127\.0\.0\.1:(\d+)/))[1]!
    const payload = randomBytes(4 * 1024 * 1024)
    // -t: after its FIN socat waits that long for the upstream's answer.
    const client = track(startProcess(socat, ['-t', '10', '-', `TCP:127.0.0.1:${port}`], { stdin: true }))
    client.child.stdin!.end(payload)
    expect(await client.exited(20_000)).toBe(0)
    expect(await relay.exited(20_000)).toBe(0)
    expect(sha(up.received())).toBe(sha(payload))
    expect(client.stdout()).toBe(sha(payload))
    expect(statSync(pcap).size).toBeGreaterThan(payload.length)
    // pcapng's section header block.
    expect(readFileSync(pcap).subarray(0, 4).toString('hex')).toBe('0a0d0d0a')
  }, 30_000)

  it('resets the client after N bytes, the upstream having received exactly N', async () => {
    const up = await upstream((s) => s.resume())
    const relay = track(startCli(['relay', 'tcp', '0', '--to', `127.0.0.1:${up.port}`, '--reset-after', '10']))
    const port = Number((await relay.waitFor(/listening on 127\.0\.0\.1:(\d+)/))[1])
    const client = net.connect({ host: '127.0.0.1', port })
    const ended = new Promise<string>((resolve) => {
      client.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'))
      client.on('end', () => resolve('end'))
    })
    client.write('0123456789abcdef')
    expect(await ended).toBe('ECONNRESET')
    await relay.waitForStderr(/relay to upstream: reset after 10 bytes/)
    expect(up.received().toString()).toBe('0123456789')
  })

  it('says the upstream refused, resets that client and keeps listening', async () => {
    const dead = await freePort()
    const relay = track(startCli(['relay', 'tcp', '0', '--to', `127.0.0.1:${dead}`]))
    const port = Number((await relay.waitFor(/listening on 127\.0\.0\.1:(\d+)/))[1])
    for (let i = 0; i < 2; i++) {
      const client = net.connect({ host: '127.0.0.1', port })
      const ended = await new Promise<string>((resolve) => {
        client.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'))
        client.on('end', () => resolve('end'))
      })
      expect(ended).toBe('ECONNRESET')
    }
    // The error is printed as its event arrives, a moment after the reset.
    await relay.waitForStderr(/error\s+127\.0\.0\.1:\d+\s+ECONNREFUSED/)
    await relay.waitForStderr(new RegExp(`hint: The upstream at 127\\.0\\.0\\.1:${dead} refused`))
    expect(relay.child.exitCode).toBeNull()
  })

  it('relays UDP datagrams, sending each twice with --duplicate 1', async () => {
    const up = dgram.createSocket('udp4')
    closers.push(() => new Promise((r) => up.close(() => r())))
    const seen: string[] = []
    up.on('message', (m, r) => {
      seen.push(m.toString())
      up.send(m.toString().toUpperCase(), r.port, r.address)
    })
    await new Promise<void>((r) => up.bind(0, '127.0.0.1', () => r()))
    const relay = track(startCli(['relay', 'udp', '0', '--to', `127.0.0.1:${up.address().port}`, '--duplicate', '1', '--seed', '1']))
    const port = Number((await relay.waitFor(/listening on 127\.0\.0\.1:(\d+)/))[1])
    const client = dgram.createSocket('udp4')
    closers.push(() => new Promise((r) => client.close(() => r())))
    const back: string[] = []
    client.on('message', (m) => back.push(m.toString()))
    client.send('ping', port, '127.0.0.1')
    // Twice toward the upstream, and each answer twice toward the client.
    await relay.waitForStderr(/relay to client: datagram duplicated \(2 so far\)/)
    expect(seen).toEqual(['ping', 'ping'])
    await new Promise((r) => setTimeout(r, 50))
    expect(back).toEqual(['PING', 'PING', 'PING', 'PING'])
    expect(relay.stderr()).toMatch(/relay to upstream: datagram duplicated \(1 so far\)/)
  })

  it('refuses faults of the other transport and a missing upstream as usage errors', async () => {
    const drop = await runCli(['relay', 'tcp', '0', '--to', '127.0.0.1:9', '--drop', '0.1'])
    expect(drop.code).toBe(2)
    expect(drop.stderr).toMatch(/--drop is for a UDP relay/)
    const noTo = await runCli(['relay', 'tcp', '0'])
    expect(noTo.code).toBe(2)
    expect(noTo.stderr).toMatch(/--to/)
    const both = await runCli(['relay', 'tcp', '0', '--to', '127.0.0.1:9', '--chunk', '3', '--coalesce', '5'])
    expect(both.code).toBe(2)
    expect(both.stderr).toMatch(/--chunk and --coalesce/)
    const delay = await runCli(['relay', 'tcp', '0', '--to', '127.0.0.1:9', '--delay', '80-20'])
    expect(delay.code).toBe(2)
    expect(delay.stderr).toMatch(/not a delay/)
  })
})

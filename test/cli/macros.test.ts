// `send --macros` against listeners in this process, and `listen --reply ... --macros` against
// clients in it: the bytes on the wire, message by message.
import { createSocket, type Socket as UdpSocket } from 'node:dgram'
import { connect, createServer, type Server, type Socket } from 'node:net'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { checksum } from '../../src/shared/codec'
import { assertBuilt, runCli, startCli, type Running } from './run-cli'

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()))
})

/** A TCP listener on a free loopback port that keeps what each connection sent. */
async function tcpListener(): Promise<{ port: number; connections: Buffer[][] }> {
  const connections: Buffer[][] = []
  const server: Server = createServer((socket) => {
    const chunks: Buffer[] = []
    connections.push(chunks)
    socket.on('data', (c) => chunks.push(c))
    socket.on('error', () => undefined)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  closers.push(() => new Promise((r) => server.close(() => r())))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return { port: address.port, connections }
}

async function udpListener(): Promise<{ port: number; datagrams: Buffer[] }> {
  const datagrams: Buffer[] = []
  const socket: UdpSocket = createSocket('udp4')
  socket.on('message', (m) => datagrams.push(m))
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r))
  closers.push(() => new Promise((r) => socket.close(() => r())))
  return { port: socket.address().port, datagrams }
}

async function until(done: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 5000
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

const crcHex = (text: string): string => checksum(Buffer.from(text), 'crc16-modbus').toString(16).toUpperCase().padStart(4, '0')

describe('socket-lab send --macros', () => {
  beforeAll(assertBuilt)

  it('fills in the counter and a CRC in each of --count messages over TCP', async () => {
    const server = await tcpListener()
    const r = await runCli(['send', 'tcp', `127.0.0.1:${server.port}`, 'n={counter};{crc16}\\n', '--macros', '--count', '3', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const expected = [1, 2, 3].map((n) => `n=${n};${crcHex(`n=${n};`)}\n`).join('')
    await until(() => Buffer.concat(server.connections[0] ?? []).length >= expected.length, 'three messages')
    expect(Buffer.concat(server.connections[0]!).toString('latin1')).toBe(expected)
    expect(r.stdout).toMatch(/"sent":3,"bytes":27/)
  })

  it('hex with macros sends one datagram each: counter and length bytes, random bytes new each time, a MODBUS CRC', async () => {
    const udp = await udpListener()
    const r = await runCli(['send', 'udp', `127.0.0.1:${udp.port}`, 'aa {counter} {len} {random:4} {crc16}', '-x', '--macros', '--count', '3'])
    expect(r.code, r.stderr).toBe(0)
    await until(() => udp.datagrams.length >= 3, 'three datagrams')
    expect(udp.datagrams).toHaveLength(3)
    udp.datagrams.forEach((d, i) => {
      expect(d.length).toBe(9)
      expect([...d.subarray(0, 3)]).toEqual([0xaa, i + 1, 6])
      const crc = checksum(d.subarray(0, 7), 'crc16-modbus')
      expect([...d.subarray(7)]).toEqual([crc & 0xff, crc >>> 8])
    })
    // Fresh random bytes per message (the same four by chance: one in 2^32).
    expect(new Set(udp.datagrams.map((d) => d.subarray(3, 7).toString('hex'))).size).toBe(3)

    const modbus = await runCli(['send', 'udp', `127.0.0.1:${udp.port}`, '01 03 00 00 00 0a {crc16}', '-x', '--macros'])
    expect(modbus.code, modbus.stderr).toBe(0)
    await until(() => udp.datagrams.length >= 4, 'the MODBUS request')
    expect(udp.datagrams[3]!.toString('hex')).toBe('01030000000ac5cd')
  })

  it('frames each message after its macros are filled in, and writes the time of sending', async () => {
    const server = await tcpListener()
    const before = new Date().getFullYear()
    const r = await runCli(['send', 'tcp', `127.0.0.1:${server.port}`, '{time:%Y} #{counter}', '--macros', '--count', '2', '--framing', 'len:2'])
    const after = new Date().getFullYear()
    expect(r.code, r.stderr).toBe(0)
    await until(() => Buffer.concat(server.connections[0] ?? []).length >= 18, 'two frames')
    const got = Buffer.concat(server.connections[0]!).toString('latin1')
    expect([before, after].map((y) => `\u0000\u0007${y} #1\u0000\u0007${y} #2`)).toContain(got)
  })

  it('sends braces as typed without --macros, and {{ }} as one brace with it', async () => {
    const server = await tcpListener()
    expect((await runCli(['send', 'tcp', `127.0.0.1:${server.port}`, '{counter}'])).code).toBe(0)
    expect((await runCli(['send', 'tcp', `127.0.0.1:${server.port}`, '{{"n":{counter}}}', '--macros'])).code).toBe(0)
    await until(() => server.connections.length === 2 && Buffer.concat(server.connections[1]!).length >= 7, 'both sends')
    expect(Buffer.concat(server.connections[0]!).toString()).toBe('{counter}')
    expect(Buffer.concat(server.connections[1]!).toString()).toBe('{"n":1}')
  })

  it('says where a template is wrong and what to do, before connecting', async () => {
    const server = await tcpListener()
    const r = await runCli(['send', 'tcp', `127.0.0.1:${server.port}`, 'ok {nope}', '--macros'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('unknown macro {nope} at position 3')
    expect(r.stderr).toContain('{{ }}')
    const lone = await runCli(['send', 'tcp', `127.0.0.1:${server.port}`, '01 {len:u64}', '-x', '--macros'])
    expect(lone.code).toBe(2)
    expect(lone.stderr).toMatch(/\{len:u64\} at position 3 has no form 'u64'[\s\S]*u16be/)
    const file = await runCli(['send', 'tcp', `127.0.0.1:${server.port}`, '--file', '/dev/null', '--macros'])
    expect(file.code).toBe(2)
    expect(file.stderr).toContain('--macros fills in typed data')
    expect(server.connections).toHaveLength(0)
  })
})

describe('socket-lab listen --reply --macros', () => {
  beforeAll(assertBuilt)
  const servers: Running[] = []
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()))
  })

  /** A client that collects what it receives; `ask` sends and waits until the replies reach `length` bytes. */
  async function client(port: number): Promise<{ ask(text: string, length: number): Promise<string>; socket: Socket }> {
    const socket = connect(port, '127.0.0.1')
    await new Promise<void>((r, reject) => socket.once('connect', r).once('error', reject))
    let got = ''
    socket.on('data', (c: Buffer) => (got += c.toString('latin1')))
    closers.push(async () => void socket.destroy())
    return {
      socket,
      async ask(text, length) {
        socket.write(text)
        await until(() => got.length >= length, `${length} bytes of replies`)
        return got
      }
    }
  }

  it('counts each client on its own', async () => {
    const server = startCli(['listen', 'tcp', '0', '--reply', 'ack {counter};{crc16}\\n', '--macros', '--json'])
    servers.push(server)
    const port = Number((await server.waitFor(/"address":"127\.0\.0\.1:(\d+)"/))[1])
    const line = (n: number): string => `ack ${n};${crcHex(`ack ${n};`)}\n`
    const a = await client(port)
    expect(await a.ask('one', line(1).length)).toBe(line(1))
    expect(await a.ask('two', 2 * line(1).length)).toBe(line(1) + line(2))
    const b = await client(port)
    expect(await b.ask('one', line(1).length)).toBe(line(1))
  })

  it('refuses a bad template before listening, and --macros without --reply', async () => {
    const bad = await runCli(['listen', 'tcp', '0', '--reply', '{count}', '--macros'])
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toContain('unknown macro {count} at position 0')
    const alone = await runCli(['listen', 'tcp', '0', '--macros'])
    expect(alone.code).toBe(2)
    expect(alone.stderr).toContain('--macros fills in the --reply data')
  })
})

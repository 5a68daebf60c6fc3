// listen and send leave what they captured behind: --pcapng as Wireshark reads it, --save as the
// raw bytes a stream received.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { captureDir, followTcp, problems, udpDatagrams } from '../shared/export/tshark'
import { assertBuilt, runCli, startCli, type Running } from './run-cli'

const running: Running[] = []
const track = (r: Running) => (running.push(r), r)
const files = captureDir()

describe('socket-lab listen and send with --pcapng and --save', () => {
  beforeAll(assertBuilt)
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.stop()))
  })
  afterAll(() => files.remove())

  it('both ends write a pcapng whose TCP stream is what crossed, and listen saves the bytes it received', async () => {
    const serverPcap = files.file('listen.pcapng')
    const clientPcap = files.file('send.pcapng')
    const saved = files.file('received.bin')
    const server = track(startCli(['listen', 'tcp', '0', '--upper', '--once', '--pcapng', serverPcap, '--save', saved]))
    const port = (await server.waitFor(/listening on 127\.0\.0\.1:(\d+)/))[1]!
    const r = await runCli(['send', 'tcp', `127.0.0.1:${port}`, 'hello, \\x00binary\\n', '--until-close', '--pcapng', clientPcap])
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/wrote .*send\.pcapng: 30 bytes of payload/)
    expect(await server.exited()).toBe(0)
    expect(server.stderr()).toMatch(/saved 15 bytes received to .*received\.bin/)
    expect(readFileSync(saved)).toEqual(Buffer.from('hello, \x00binary\n', 'latin1'))
    for (const file of [serverPcap, clientPcap]) {
      expect(problems(file)).toEqual([])
      const f = followTcp(file, 0)
      expect(f.bytes0).toEqual(Buffer.from('hello, \x00binary\n', 'latin1'))
      expect(f.bytes1).toEqual(Buffer.from('HELLO, \x00BINARY\n', 'latin1'))
    }
    // Nothing but the files asked for: no temporary file left beside them.
    expect(readdirSync(files.dir).filter((n) => n.includes('.part'))).toEqual([])
  }, 60_000)

  it('send over UDP writes each datagram', async () => {
    const server = track(startCli(['listen', 'udp', '0', '--echo']))
    const port = (await server.waitFor(/listening on 127\.0\.0\.1:(\d+)/))[1]!
    const pcap = files.file('udp.pcapng')
    const r = await runCli(['send', 'udp', `127.0.0.1:${port}`, 'tick', '--count', '3', '-w', '300', '--pcapng', pcap])
    expect(r.code).toBe(0)
    const d = udpDatagrams(pcap)
    expect(d.map((x) => x.payload.toString())).toEqual(['tick', 'tick', 'tick', 'tick', 'tick', 'tick'])
    expect(d.filter((x) => x.dstPort === Number(port))).toHaveLength(3)
  }, 60_000)

  it('--save gives each connection a file of its own', async () => {
    const saved = files.file('each.bin')
    const server = track(startCli(['listen', 'tcp', '0', '--save', saved]))
    const port = (await server.waitFor(/listening on 127\.0\.0\.1:(\d+)/))[1]!
    expect((await runCli(['send', 'tcp', `127.0.0.1:${port}`, 'first'])).code).toBe(0)
    await server.waitFor(/close/)
    expect((await runCli(['send', 'tcp', `127.0.0.1:${port}`, 'second'])).code).toBe(0)
    await server.waitFor(/close[^]*close/)
    await server.stop()
    expect(readFileSync(saved, 'utf8')).toBe('first')
    expect(readFileSync(`${saved}.2`, 'utf8')).toBe('second')
  }, 30_000)

  it('refuses --save for UDP, and a file it cannot write before it listens', async () => {
    const udp = await runCli(['listen', 'udp', '0', '--save', files.file('x.bin')])
    expect(udp.code).toBe(2)
    expect(udp.stderr).toMatch(/--save keeps the bytes of a stream/)
    const missing = join(files.dir, 'no', 'such', 'dir', 'c.pcapng')
    const bad = await runCli(['listen', 'tcp', '0', '--pcapng', missing])
    expect(bad.code).toBe(1)
    expect(bad.stdout).not.toMatch(/listening on/)
    expect(bad.stderr).toContain(missing)
    expect(existsSync(join(files.dir, 'no'))).toBe(false)
  }, 30_000)
})

// send and listen against each other: output modes, echo frame by frame, the generator, --timeout.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { assertBuilt, runCli, startCli, type Running } from './run-cli'

const running: Running[] = []
const track = (r: Running) => (running.push(r), r)

interface JsonLine {
  event: string
  dir?: string
  len?: number
  hex?: string
  text?: string
  sent?: number
  peer?: string
}
const parseLines = (text: string): JsonLine[] =>
  text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as JsonLine)

describe('socket-lab send and listen', () => {
  beforeAll(assertBuilt)
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.stop()))
  })

  it('prints the bound address first, with port 0 resolved, and a hex dump of what arrives', async () => {
    const server = track(startCli(['listen', 'tcp', '0']))
    const port = (await server.waitFor(/^\S+\s+listening on 127\.0\.0\.1:(\d+)$/m))[1]!
    expect(Number(port)).toBeGreaterThan(0)
    expect(server.stdout().split('\n')[0]).toMatch(/listening on/)
    const r = await runCli(['send', 'tcp', `127.0.0.1:${port}`, '-x', 'de ad be ef 41'])
    expect(r.code).toBe(0)
    await server.waitFor(/00000000 {2}de ad be ef 41\s+\|\.\.\.\.A\|/)
    expect(server.stdout()).toMatch(/data\s+127\.0\.0\.1:\d+\s+in\s+5 bytes/)
  })

  it('--echo with a framing answers frame by frame, and send decodes the replies', async () => {
    const server = track(startCli(['listen', 'tcp', '0', '--echo', '--framing', 'line']))
    const port = (await server.waitFor(/listening on 127\.0\.0\.1:(\d+)/))[1]!
    const r = await runCli(['send', 'tcp', `127.0.0.1:${port}`, 'one\\ntwo\\r\\nthree\\n', '--framing', 'raw', '-w', '400', '--json'])
    expect(r.code).toBe(0)
    const replies = parseLines(r.stdout).filter((l) => l.event === 'data' && l.dir === 'in')
    expect(replies.map((l) => l.text).join('')).toBe('one\ntwo\nthree\n')
    // With a framing, each message is one frame: `line` adds the LF the receiver splits on.
    const framed = await runCli(['send', 'tcp', `127.0.0.1:${port}`, 'alpha', '--framing', 'line', '--count', '3', '-w', '400', '--json'])
    const frames = parseLines(framed.stdout).filter((l) => l.event === 'frame')
    expect(frames.map((f) => f.text)).toEqual(['alpha', 'alpha', 'alpha'])
  })

  it('-q prints only the received payload bytes, one a line; --raw exactly as they came', async () => {
    const server = track(startCli(['listen', 'tcp', '0', '--reply', '\\x00\\x01ok']))
    const port = (await server.waitFor(/listening on 127\.0\.0\.1:(\d+)/))[1]!
    const r = await runCli(['send', 'tcp', `127.0.0.1:${port}`, 'ping', '-w', '400', '-q'])
    expect(r.code).toBe(0)
    expect(Buffer.from(r.stdout, 'latin1')).toEqual(Buffer.from([0, 1, 0x6f, 0x6b, 0x0a]))
    const raw = await runCli(['send', 'tcp', `127.0.0.1:${port}`, 'ping', '-w', '400', '-q', '--raw'])
    expect(raw.code).toBe(0)
    expect(Buffer.from(raw.stdout, 'latin1')).toEqual(Buffer.from([0, 1, 0x6f, 0x6b]))
    const noQuiet = await runCli(['send', 'tcp', `127.0.0.1:${port}`, 'ping', '--raw'])
    expect(noQuiet.code).toBe(2)
    expect(noQuiet.stderr).toMatch(/--raw goes with -q/)
  })

  it('listen -q says on stderr where it listens, and keeps datagrams apart on stdout', async () => {
    const server = track(startCli(['listen', 'udp', '127.0.0.1:0', '-q']))
    const port = (await server.waitForStderr(/^listening on 127\.0\.0\.1:(\d+)$/m))[1]!
    expect(Number(port)).toBeGreaterThan(0)
    for (const data of ['one', 'two\\n', 'three']) {
      const r = await runCli(['send', 'udp', `127.0.0.1:${port}`, data])
      expect(r.code).toBe(0)
    }
    // A payload that ends its own line gets no second newline.
    await server.waitFor(/three\n/)
    expect(server.stdout()).toBe('one\ntwo\nthree\n')
  })

  it('listen -q over TCP and Unix puts the address on stderr too', async () => {
    const tcp = track(startCli(['listen', 'tcp', '127.0.0.1:0', '-q']))
    await tcp.waitForStderr(/^listening on 127\.0\.0\.1:[1-9]\d*$/m)
    const dir = mkdtempSync(join(tmpdir(), 'socket-lab-cli-'))
    try {
      const path = join(dir, 'lab.sock')
      const unix = track(startCli(['listen', 'unix', path, '-q']))
      await unix.waitForStderr(new RegExp(`^listening on ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'))
      const r = await runCli(['send', 'unix', path, 'over unix', '--until-close'])
      expect(r.code).toBe(0)
      await unix.waitFor(/over unix\n/)
      expect(tcp.stdout() + unix.stdout()).toBe('over unix\n')
    } finally {
      await Promise.all(running.splice(0).map((p) => p.stop()))
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('UDP says where it is bound and where it sends, not "connect"; a silent peer gets "no reply in N ms"', async () => {
    const server = track(startCli(['listen', 'udp', '127.0.0.1:0']))
    const port = (await server.waitFor(/listening on 127\.0\.0\.1:(\d+)/))[1]!
    const r = await runCli(['send', 'udp', `127.0.0.1:${port}`, 'anyone?', '-w', '300'])
    expect(r.code).toBe(0)
    const bound = /bound 127\.0\.0\.1:(\d+)/.exec(r.stdout)
    expect(bound, r.stdout).not.toBeNull()
    expect(r.stdout).toMatch(new RegExp(`sending to 127\\.0\\.0\\.1:${port}\\n`))
    expect(r.stdout).not.toMatch(/\bconnect\b/)
    expect(r.stderr).toMatch(/^no reply in 300 ms$/m)
    // The server names the sender by the port the client said it was bound to.
    await server.waitFor(new RegExp(`from {2}127\\.0\\.0\\.1:${bound![1]} `))
    expect(server.stdout()).not.toMatch(/\bconnect\b/)

    const quiet = await runCli(['send', 'udp', `127.0.0.1:${port}`, 'anyone?', '-w', '200', '-q'])
    expect(quiet.stdout).toBe('')
    expect(quiet.stderr).toBe('no reply in 200 ms\n')
    const json = await runCli(['send', 'udp', `127.0.0.1:${port}`, 'anyone?', '-w', '200', '--json'])
    expect(parseLines(json.stdout).map((l) => l.event)).toEqual(['bound', 'sending-to', 'notice'])
  })

  it('a reply within the wait means no "no reply" line', async () => {
    const server = track(startCli(['listen', 'udp', '127.0.0.1:0', '--echo']))
    const port = (await server.waitFor(/listening on 127\.0\.0\.1:(\d+)/))[1]!
    const r = await runCli(['send', 'udp', `127.0.0.1:${port}`, 'echo me', '-w', '300', '-q'])
    expect(r.stdout).toBe('echo me\n')
    expect(r.stderr).toBe('')
  })

  it('prints a frame\u2019s payload length apart from its header, and a JSON header\u2019s fields', async () => {
    const server = track(startCli(['listen', 'tcp', '0', '--framing', 'len:4']))
    const port = (await server.waitFor(/listening on 127\.0\.0\.1:(\d+)/))[1]!
    expect((await runCli(['send', 'tcp', `127.0.0.1:${port}`, 'hello world!', '--framing', 'len:4'])).code).toBe(0)
    await server.waitFor(/frame\s+127\.0\.0\.1:\d+\s+in\s+len=12 \(header 4 B\)\n/)

    const dir = mkdtempSync(join(tmpdir(), 'socket-lab-cli-'))
    try {
      const file = join(dir, 'notes.txt')
      writeFileSync(file, 'abc')
      const files = track(startCli(['listen', 'tcp', '0', '--framing', 'json-header', '--json']))
      const filesPort = (await files.waitFor(/"address":"127\.0\.0\.1:(\d+)"/))[1]!
      expect((await runCli(['send', 'tcp', `127.0.0.1:${filesPort}`, '-f', file, '--framing', 'json-header'])).code).toBe(0)
      await files.waitFor(/"event":"frame"/)
      const header = JSON.stringify({ file_name: 'notes.txt', file_size: 3 })
      const frame = parseLines(files.stdout()).find((l) => l.event === 'frame') as JsonLine & { headerLength?: number; meta?: unknown }
      expect(frame).toMatchObject({ len: 3, headerLength: 4 + header.length, text: 'abc', meta: { file_name: 'notes.txt', file_size: 3 } })

      const human = track(startCli(['listen', 'tcp', '0', '--framing', 'json-header']))
      const humanPort = (await human.waitFor(/listening on 127\.0\.0\.1:(\d+)/))[1]!
      expect((await runCli(['send', 'tcp', `127.0.0.1:${humanPort}`, '-f', file, '--framing', 'json-header'])).code).toBe(0)
      await human.waitFor(new RegExp(`in\\s+len=3 \\(header ${4 + header.length} B\\)  file_name=notes\\.txt file_size=3\\n`))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('the UDP generator sends --count datagrams and reports them; listen sees every one', async () => {
    const server = track(startCli(['listen', 'udp', '0', '--json']))
    const port = (await server.waitFor(/"address":"127\.0\.0\.1:(\d+)"/))[1]!
    const r = await runCli(['send', 'udp', `127.0.0.1:${port}`, 'tick', '--count', '500', '--json'])
    expect(r.code).toBe(0)
    const summary = parseLines(r.stdout).find((l) => l.event === 'summary')
    expect(summary?.sent).toBe(500)
    const deadline = Date.now() + 5000
    const received = () => parseLines(server.stdout()).filter((l) => l.event === 'data' && l.dir === 'in').length
    while (received() < 500 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50))
    expect(received()).toBe(500)
  })

  it('a paced TCP generator sends at the rate asked and every byte arrives', async () => {
    const server = track(startCli(['listen', 'tcp', '0', '--json', '--once']))
    const port = (await server.waitFor(/"address":"127\.0\.0\.1:(\d+)"/))[1]!
    const r = await runCli(['send', 'tcp', `127.0.0.1:${port}`, '0123456789', '--count', '20', '--interval', '5', '--json'])
    expect(r.code).toBe(0)
    expect(parseLines(r.stdout).find((l) => l.event === 'summary')?.sent).toBe(20)
    expect(await server.exited()).toBe(0)
    const bytes = parseLines(server.stdout())
      .filter((l) => l.event === 'data' && l.dir === 'in')
      .reduce((n, l) => n + (l.len ?? 0), 0)
    expect(bytes).toBe(200)
  })

  it('--timeout exits after being idle that long', async () => {
    const server = track(startCli(['listen', 'tcp', '0', '--timeout', '1']))
    await server.waitFor(/listening on/)
    expect(await server.exited(5000)).toBe(0)
  })

  it('takes the socket options the lessons name, and refuses those that do not fit the transport', async () => {
    const server = track(startCli(['listen', 'tcp', '[::1]:0', '--ipv6-only', '--reuse-address', '--backlog', '5', '--one-at-a-time', '--recv-size', '1', '--json']))
    const port = (await server.waitFor(/"address":"\[::1\]:(\d+)"/))[1]!
    const r = await runCli(['send', 'tcp', `[::1]:${port}`, 'abc', '--recv-size', '1024', '--connect-timeout', '2000', '--half-open'])
    expect(r.code).toBe(0)
    await server.waitFor(/"len":1,"hex":"63"/)
    const lens = parseLines(server.stdout()).filter((l) => l.event === 'data').map((l) => l.len)
    expect(lens).toEqual([1, 1, 1])

    for (const args of [
      ['send', 'udp', '127.0.0.1:9', 'x', '--half-open'],
      ['send', 'tcp', '127.0.0.1:9', 'x', '--broadcast'],
      ['listen', 'udp', '0', '--one-at-a-time'],
      ['listen', 'unix', '/tmp/socket-lab-never.sock', '--reuse-address'],
      ['listen', 'tcp', '0', '--recv-size', '70000'],
      ['listen', 'tcp', '0', '--backlog', '0']
    ]) {
      const bad = await runCli(args)
      expect(bad.code, args.join(' ')).toBe(2)
      expect(bad.stderr).toMatch(/error:/)
    }
  })
})

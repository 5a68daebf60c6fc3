// Python programs written like the lessons talk to `socket-lab listen` and `socket-lab send`.
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { assertBuilt, runCli, startCli, startProcess, type Running } from './run-cli'

const py = (name: string) => join(__dirname, 'python', `${name}.py`)
const running: Running[] = []
const track = (r: Running) => (running.push(r), r)

describe('interoperability with the lessons\u2019 Python programs', () => {
  beforeAll(assertBuilt)
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.stop()))
  })

  it('a Python client gets its line back in upper case from `listen --upper`', async () => {
    const server = track(startCli(['listen', 'tcp', '0', '--upper', '--once']))
    const port = (await server.waitFor(/listening on 127\.0\.0\.1:(\d+)/))[1]!
    const client = track(startProcess('python3', [py('upper_client'), port, 'hello socket lab']))
    expect(await client.exited()).toBe(0)
    expect(client.stdout().trim()).toBe('HELLO SOCKET LAB')
    expect(await server.exited()).toBe(0)
    expect(server.stdout()).toMatch(/close\s+127\.0\.0\.1:\d+\s+the peer closed \(FIN\)/)
  })

  it('`send` talks to a Python uppercase server and prints the reply', async () => {
    const server = track(startProcess('python3', [py('upper_server')]))
    const port = (await server.waitFor(/^(\d+)$/m))[1]!
    const r = await runCli(['send', 'tcp', `127.0.0.1:${port}`, 'abc\\x21', '--until-close', '-q'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    // -q puts each reply on its own line.
    expect(r.stdout).toBe('ABC!\n')
    expect(await server.exited()).toBe(0)
  })

  it('`listen --framing struct:i` decodes a struct.pack(\'i\', n) upload frame by frame', async () => {
    const server = track(startCli(['listen', 'tcp', '0', '--framing', 'struct:i', '--json', '--once']))
    const port = (await server.waitFor(/"address":"127\.0\.0\.1:(\d+)"/))[1]!
    const messages = ['first', 'second message', '', 'x'.repeat(3000)]
    const client = track(startProcess('python3', [py('struct_upload_client'), port, ...messages]))
    expect(await client.exited()).toBe(0)
    expect(await server.exited()).toBe(0)
    const lines = server.stdout().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines[0]).toMatchObject({ event: 'listening' })
    const frames = lines.filter((l) => l.event === 'frame')
    expect(frames.map((f) => f.len)).toEqual(messages.map((m) => m.length))
    expect(frames.map((f) => f.text ?? '')).toEqual(messages)
    for (const l of lines) {
      expect(typeof l.time).toBe('string')
      expect(typeof l.endpoint).toBe('string')
    }
    expect(lines.some((l) => l.event === 'connect' && typeof l.peer === 'string')).toBe(true)
    expect(lines.at(-1)).toMatchObject({ event: 'close', reason: 'fin-peer' })
  })

  it('`send udp` asks a Python time server for the time in a strftime format', async () => {
    const server = track(startProcess('python3', [py('udp_time_server')]))
    const port = (await server.waitFor(/^(\d+)$/m))[1]!
    const r = await runCli(['send', 'udp', `127.0.0.1:${port}`, '%Y|%m', '-w', '1500', '--json'])
    expect(r.code).toBe(0)
    const now = new Date()
    const reply = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; dir?: string; text?: string })
      .find((l) => l.event === 'data' && l.dir === 'in')
    expect(reply?.text).toBe(`${now.getFullYear()}|${String(now.getMonth() + 1).padStart(2, '0')}`)
    expect(await server.exited()).toBe(0)
  })

  it('`send` to the chat server that says bye and closes prints the FIN and the close, and stops waiting', async () => {
    const server = track(startProcess('python3', [py('chat_bye_server'), 'bye']))
    const port = (await server.waitFor(/^(\d+)$/m))[1]!
    // A minute's wait: only the peer's close can end it within the run's ten seconds.
    const r = await runCli(['send', 'tcp', `127.0.0.1:${port}`, 'hello', '-w', '60000', '--json'])
    expect(r.code).toBe(0)
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; text?: string; reason?: string; message?: string })
    expect(lines.map((l) => l.event)).toEqual(['connect', 'data', 'peer-ended', 'close'])
    expect(lines[1]!.text).toBe('bye')
    expect(lines[2]!.message).toBe("the peer closed its side (FIN): recv returned b''")
    expect(lines[3]!.reason).toBe('fin-peer')
    expect(await server.exited()).toBe(0)

    const again = track(startProcess('python3', [py('chat_bye_server'), 'bye']))
    const port2 = (await again.waitFor(/^(\d+)$/m))[1]!
    const human = await runCli(['send', 'tcp', `127.0.0.1:${port2}`, 'hello', '-w', '60000'])
    expect(human.code).toBe(0)
    expect(human.stdout).toMatch(/fin\s+127\.0\.0\.1:\d+\s+the peer closed its side \(FIN\): recv returned b''\n.*close\s+127\.0\.0\.1:\d+\s+the peer closed \(FIN\)/)
  })

  it('`listen --one-at-a-time --backlog 1` holds the second Python client, resets the third, then serves the second', async () => {
    const server = track(startCli(['listen', 'tcp', '0', '--upper', '--one-at-a-time', '--backlog', '1', '--json']))
    const port = (await server.waitFor(/"address":"127\.0\.0\.1:(\d+)"/))[1]!
    const clients = track(startProcess('python3', [py('accept_loop_clients'), port]))
    expect(await clients.exited(15_000)).toBe(0)
    expect(clients.stdout().trim().split('\n')).toEqual(['first ONE', 'second waiting', 'third reset', 'holding', 'second TWO'])
    await server.waitFor(/"event":"served"/)
    const lines = server.stdout().trim().split('\n').map((l) => JSON.parse(l) as { event: string; waiting?: boolean; reason?: string; code?: string })
    expect(lines.filter((l) => l.event === 'connect').map((l) => l.waiting === true)).toEqual([false, true, false])
    expect(lines.find((l) => l.event === 'close' && l.reason === 'reset')).toMatchObject({ code: 'EBACKLOG' })
  })

  it('`listen --recv-size 1024` prints a 10 KB sendall from Python as reads of at most 1024 bytes', async () => {
    const server = track(startCli(['listen', 'tcp', '0', '--recv-size', '1024', '--json', '--once']))
    const port = (await server.waitFor(/"address":"127\.0\.0\.1:(\d+)"/))[1]!
    const sender = track(startProcess('python3', [py('bulk_client'), port, '10240']))
    expect(await sender.exited()).toBe(0)
    expect(await server.exited()).toBe(0)
    const reads = server
      .stdout()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; len?: number })
      .filter((l) => l.event === 'data')
      .map((l) => l.len!)
    expect(Math.max(...reads)).toBeLessThanOrEqual(1024)
    expect(reads.reduce((a, b) => a + b, 0)).toBe(10240)
  })

  it('`send --connect-timeout` gives up on a server whose listen() queue is full, and the hint says why', async () => {
    const server = track(startProcess('python3', [py('full_backlog_server')]))
    const port = (await server.waitFor(/^(\d+)$/m))[1]!
    const r = await runCli(['send', 'tcp', `127.0.0.1:${port}`, 'hi', '--connect-timeout', '500'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/ETIMEDOUT/)
    expect(r.stderr).toMatch(/listen\(\) queue is full/)
    expect(r.stderr).toMatch(/--connect-timeout/)
  })

  it('`send --framing json-header -f` uploads a file whose sha256 matches at the far end', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'socket-lab-cli-'))
    try {
      const file = join(dir, 'lecture.mp4')
      const body = randomBytes(3 * 1024 * 1024 + 17)
      writeFileSync(file, body)
      const server = track(startProcess('python3', [py('json_header_server')]))
      const port = (await server.waitFor(/^(\d+)$/m))[1]!
      const r = await runCli(['send', 'tcp', `127.0.0.1:${port}`, '-f', file, '--framing', 'json-header', '--until-close', '-q'], 20_000)
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      expect(await server.exited()).toBe(0)
      // The server prints the digest of the body, the file name from the header, and the bytes missing.
      expect(server.stdout().trim().split('\n').at(-1)).toBe(`${createHash('sha256').update(body).digest('hex')} lecture.mp4 0`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

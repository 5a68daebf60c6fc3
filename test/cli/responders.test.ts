// listen --responder KIND: each kind's flags, the notes it prints, typed chat lines, a file server
// keeping its files in a folder, and clear usage errors for flags that do not fit.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { assertBuilt, runCli, startCli, type Running } from './run-cli'

const running: Running[] = []
const track = (r: Running): Running => (running.push(r), r)
const dirs: string[] = []
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'socket-lab-cli-responders-'))
  dirs.push(d)
  return d
}
const enginePy = (name: string): string => join(__dirname, '..', 'main', 'engine', 'python', `${name}.py`)

function python(script: string, args: string[], stdin: string | Uint8Array = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
    child.stdin.end(stdin)
  })
}

/** Sends `data`, then collects what comes back until the server closes or `ms` pass. */
function exchange(port: number, data: string, ms = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(data))
    let got = ''
    const timer = setTimeout(() => (s.destroy(), resolve(got)), ms)
    s.on('data', (c: Buffer) => (got += c.toString()))
    s.on('end', () => (clearTimeout(timer), s.destroy(), resolve(got)))
    s.on('error', reject)
  })
}

describe('socket-lab listen --responder', () => {
  beforeAll(assertBuilt)
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.stop()))
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  it('fixed answers with its hex, and rules from a JSON file answer by the first match and close', async () => {
    const fixed = track(startCli(['listen', 'tcp', '127.0.0.1:0', '--responder', 'fixed', '--fixed', '68 69', '--framing', 'line']))
    const port = Number((await fixed.waitFor(/listening on 127\.0\.0\.1:(\d+)/))[1])
    const r = await runCli(['send', 'tcp', `127.0.0.1:${port}`, 'x', '--framing', 'line', '-w', '400', '-q'])
    expect(r.stdout).toBe('hi\n')

    const file = join(tempDir(), 'rules.json')
    writeFileSync(
      file,
      JSON.stringify([
        { match: { type: 'contains', payload: { format: 'text', text: 'ping' } }, then: { type: 'reply', payload: { format: 'text', text: 'pong' } } },
        { match: { type: 'exact', payload: { format: 'text', text: 'quit' } }, then: { type: 'close' } }
      ])
    )
    const rules = track(startCli(['listen', 'tcp', '127.0.0.1:0', '--responder', 'rules', '--rules', file, '--framing', 'line']))
    const rport = Number((await rules.waitFor(/listening on 127\.0\.0\.1:(\d+)/))[1])
    expect(await exchange(rport, 'a ping\nquit\nping\n')).toBe('pong\n')
  })

  it('time over UDP answers the lesson\u2019s time client', async () => {
    const server = track(startCli(['listen', 'udp', '127.0.0.1:0', '--responder', 'time']))
    const port = (await server.waitFor(/listening on 127\.0\.0\.1:(\d+)/))[1]!
    const r = await python(enginePy('udp_time_client'), [port], '%Y\n')
    expect(r.stderr).toBe('')
    const [answer, local] = r.stdout.replaceAll('请输入时间格式(例%Y %m %d)>>: ', '').trim().split('\n')
    expect(answer!.replace('当前日期: ', '')).toBe(local!.replace('本地: ', ''))
  })

  it('chat answers the client with the lines typed on stdin, and prints the bye', async () => {
    const server = track(startCli(['listen', 'tcp', '127.0.0.1:0', '--responder', 'chat', '--json'], { stdin: true }))
    const port = (await server.waitFor(/"address":"127\.0\.0\.1:(\d+)"/))[1]!
    const client = python(enginePy('chat_client'), [port], 'hello\nbye\n')
    await server.waitFor(/"text":"hello"/)
    server.child.stdin!.write('hi from the server\n')
    const r = await client
    expect(r.stderr).toBe('')
    expect(r.stdout.replaceAll('客户端>>>', '').trim()).toBe('hi from the server')
    await server.waitFor(/"note":\{"kind":"bye","from":"peer"\}/)
  })

  it('file-server keeps the upload in the folder given, prints its sha256, and serves it on connect', async () => {
    const dir = tempDir()
    const body = Buffer.alloc(30_000, 'seed 004 ')
    const server = track(startCli(['listen', 'tcp', '127.0.0.1:0', '--responder', 'file-server', '--files', dir, '--json']))
    const port = (await server.waitFor(/"address":"127\.0\.0\.1:(\d+)"/))[1]!
    const up = await python(enginePy('upload_client'), [port, '1.mp4'], body)
    expect(up.stderr).toBe('')
    const digest = createHash('sha256').update(body).digest('hex')
    await server.waitFor(new RegExp(`"note":\\{"kind":"upload","fileName":"1.mp4","size":${body.length},"sha256":"${digest}"\\}`))
    expect(readFileSync(join(dir, '1.mp4'))).toEqual(body)
    // No temporary file is left beside it.
    expect(readdirSync(dir)).toEqual(['1.mp4'])

    const down = track(startCli(['listen', 'tcp', '127.0.0.1:0', '--responder', 'file-server', '--files', dir, '--send-on-connect', '1.mp4']))
    const dport = (await down.waitFor(/listening on 127\.0\.0\.1:(\d+)/))[1]!
    const got = await python(enginePy('recv_file_client'), [dport])
    expect(got.stdout.trim()).toBe(`${body.length} ${digest}`)
  })

  it('refuses an unknown kind, a kind\u2019s flag without it, a kind without its flag, and a bad rule, each with a hint', async () => {
    const unknown = await runCli(['listen', 'tcp', '127.0.0.1:0', '--responder', 'nope'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('echo, upper, fixed, rules, time, chat, command, file-server')
    const stray = await runCli(['listen', 'tcp', '127.0.0.1:0', '--fixed', '41'])
    expect(stray.code).toBe(2)
    expect(stray.stderr).toContain('--responder fixed')
    const missing = await runCli(['listen', 'tcp', '127.0.0.1:0', '--responder', 'rules'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('--rules')
    const both = await runCli(['listen', 'tcp', '127.0.0.1:0', '--echo', '--responder', 'upper'])
    expect(both.code).toBe(2)
    const file = join(tempDir(), 'bad.json')
    writeFileSync(file, JSON.stringify([{ match: { type: 'regex', pattern: '(a)\\1' }, then: { type: 'close' } }]))
    const bad = await runCli(['listen', 'tcp', '127.0.0.1:0', '--responder', 'rules', '--rules', file])
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toMatch(/rule 1/i)
    const help = await runCli(['listen', '--help'])
    expect(help.stdout).toMatch(/file-server\s+File server/)
  })
})

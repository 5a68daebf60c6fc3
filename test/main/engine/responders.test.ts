// Every responder kind run by the engine on loopback sockets, the lessons' Python clients where
// they fit (adapted only in port, with timeouts), and the older autoReply read as a responder.
import { spawn } from 'node:child_process'
import net from 'node:net'
import dgram from 'node:dgram'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/engine'
import { MemoryFileStore } from '../../../src/shared/responders'
import type { EngineEvent } from '../../../src/shared/api'
import { decode, portOf, record, rejection, sha256, text, waitFor } from './helpers'

const py = (name: string): string => join(__dirname, 'python', `${name}.py`)
let engine: Engine

afterEach(async () => {
  await engine.closeAll()
})

/** Runs a Python program to its end (at most 15 s), feeding it `stdin`. */
function runPython(script: string, args: string[], stdin: string | Uint8Array = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
    child.stdin.end(stdin)
  })
}

/** A TCP client that keeps everything it receives and whether the server closed. */
async function connect(port: number): Promise<{ socket: net.Socket; got: () => Buffer; ended: Promise<'end' | 'reset'> }> {
  const socket = net.connect(port, '127.0.0.1')
  const chunks: Buffer[] = []
  socket.on('data', (c: Buffer) => chunks.push(c))
  const ended = new Promise<'end' | 'reset'>((resolve) => {
    socket.on('end', () => resolve('end'))
    socket.on('error', () => resolve('reset'))
  })
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('error', reject)
  })
  return { socket, got: () => Buffer.concat(chunks), ended }
}

const notes = (events: EngineEvent[]) => events.flatMap((e) => (e.type === 'responder-note' ? [e] : []))

describe('responders run by the engine', () => {
  it('upper answers the lesson\u2019s Python client with data.upper()', async () => {
    engine = createEngine()
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, responder: { kind: 'upper' } })
    const r = await runPython(join(__dirname, '..', '..', 'cli', 'python', 'upper_client.py'), [String(portOf(server))].concat(['hello, 世界']))
    expect(r.stderr).toBe('')
    expect(r.stdout.trim()).toBe('HELLO, 世界')
  })

  it('echo and fixed answer each chunk, the fixed reply in hex, and the server closes after the client', async () => {
    engine = createEngine()
    const echo = await engine.open({ kind: 'unix-server', path: `/tmp/socket-lab-echo-${process.pid}.sock`, removeStale: true, responder: { kind: 'echo' } })
    const e = net.connect((echo.local as { path: string }).path)
    const got: Buffer[] = []
    e.on('data', (c: Buffer) => got.push(c))
    e.write('ping')
    await waitFor(() => Buffer.concat(got).toString() === 'ping', 'the echo')
    const ended = new Promise((r) => e.on('end', r))
    e.end()
    await ended

    const fixed = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, framing: 'line', responder: { kind: 'fixed', reply: { format: 'hex', text: '6869' } } })
    const c = await connect(portOf(fixed))
    c.socket.write('a\nb\n')
    await waitFor(() => c.got().toString() === 'hi\nhi\n', 'two framed fixed replies')
    c.socket.end()
    expect(await c.ended).toBe('end')
  })

  it('rules: a delayed reply holds back the next frame\u2019s, then close and reset act on the connection', async () => {
    engine = createEngine()
    const rules = {
      kind: 'rules' as const,
      rules: [
        { match: { type: 'exact' as const, payload: { format: 'text' as const, text: 'slow' } }, then: { type: 'reply' as const, payload: { format: 'text' as const, text: 'S' }, delayMs: 80 } },
        { match: { type: 'exact' as const, payload: { format: 'text' as const, text: 'fast' } }, then: { type: 'reply' as const, payload: { format: 'text' as const, text: 'F' } } },
        { match: { type: 'exact' as const, payload: { format: 'text' as const, text: 'quit' } }, then: { type: 'close' as const } },
        { match: { type: 'exact' as const, payload: { format: 'text' as const, text: 'kill' } }, then: { type: 'reset' as const } }
      ]
    }
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, framing: 'line', responder: rules })
    const a = await connect(portOf(server))
    a.socket.write('slow\nfast\nquit\n')
    expect(await a.ended).toBe('end')
    // The FIN came after both replies: the close waited behind the delayed one.
    expect(a.got().toString()).toBe('S\nF\n')
    a.socket.destroy()

    const b = await connect(portOf(server))
    b.socket.write('kill\n')
    expect(await b.ended).toBe('reset')
  })

  it('time answers the lesson\u2019s UDP time client with the format it sent', async () => {
    engine = createEngine()
    const server = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0, responder: { kind: 'time' } })
    const r = await runPython(py('udp_time_client'), [String(portOf(server))], '%Y\nyear %Y!\n')
    expect(r.stderr).toBe('')
    // input() writes its prompt to stdout too.
    const lines = r.stdout.replaceAll('请输入时间格式(例%Y %m %d)>>: ', '').trim().split('\n')
    expect(lines).toHaveLength(4)
    // The server's answer is what the client's own strftime gives (same machine, same zone).
    expect(lines[0]!.replace('当前日期: ', '')).toBe(lines[1]!.replace('本地: ', ''))
    expect(lines[2]!.replace('当前日期: ', '')).toBe(lines[3]!.replace('本地: ', ''))
    expect(lines[2]).toMatch(/^当前日期: year \d{4}!$/)
  })

  it('chat holds until the server\u2019s user types, answers with it, and the client\u2019s bye ends it', async () => {
    engine = createEngine()
    const rec = record(engine)
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, responder: { kind: 'chat' } })
    const client = runPython(py('chat_client'), [String(portOf(server))], 'hello\nbye\n')
    const frame = await waitFor(() => rec.of('data').find((e) => e.endpointId === server.id && e.dir === 'in'), 'the client\u2019s hello')
    expect(decode(frame.preview)).toBe('hello')
    engine.responderInput(server.id, frame.peerId, text('hi there'))
    const r = await client
    expect(r.stderr).toBe('')
    expect(r.stdout.replaceAll('客户端>>>', '').trim()).toBe('hi there')
    await waitFor(() => rec.of('peer-close').some((e) => e.peer.endpointId === server.id), 'the chat closed')
    expect(notes(rec.events).map((n) => n.note)).toEqual([{ kind: 'bye', from: 'peer' }])
  })

  it('typed input needs a responder and an open peer', async () => {
    engine = createEngine()
    const plain = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0 })
    const c = await connect(portOf(plain))
    const peer = await waitFor(() => engine.peers(plain.id)[0], 'the peer')
    expect((await rejection(() => engine.responderInput(plain.id, peer.id, text('x')))).code).toBe('EINVAL')
    expect((await rejection(() => engine.responderInput(plain.id, 'p999', text('x')))).hint).toBeTruthy()
    c.socket.destroy()
  })

  it('command answers dir with its output after struct.pack(\u2018i\u2019, n)', async () => {
    engine = createEngine()
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, responder: { kind: 'command', stage: 'length' } })
    const c = await connect(portOf(server))
    c.socket.write('dir')
    const got = await waitFor(() => {
      const b = c.got()
      return b.length >= 4 && b.length === 4 + b.readInt32LE(0) ? b : undefined
    }, 'the whole output')
    expect(got.readInt32LE(0)).toBeGreaterThan(100)
    c.socket.destroy()
  })

  it('file server: the Python upload is stored and noted with its sha256, then served on connect as seed 004 does', async () => {
    const files = new MemoryFileStore()
    engine = createEngine({ files })
    const rec = record(engine)
    const body = new Uint8Array(20_000).map((_, i) => (i * 7) & 0xff)
    const up = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, responder: { kind: 'file-server' } })
    const r = await runPython(py('upload_client'), [String(portOf(up)), '1.mp4'], body)
    expect(r.stderr).toBe('')
    const note = await waitFor(() => notes(rec.events).find((n) => n.note.kind === 'upload'), 'the upload note')
    expect(note.note).toEqual({ kind: 'upload', fileName: '1.mp4', size: body.byteLength, sha256: sha256(body) })
    expect(files.read('1.mp4')).toEqual(body)

    const down = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, responder: { kind: 'file-server', sendOnConnect: { fileName: '1.mp4' } } })
    const d = await runPython(py('recv_file_client'), [String(portOf(down))])
    expect(d.stderr).toBe('')
    expect(d.stdout.trim()).toBe(`${body.byteLength} ${sha256(body)}`)
  })

  it('file server refuses a framing it cannot read, and notes a header it cannot use', async () => {
    engine = createEngine()
    const rec = record(engine)
    const err = await rejection(engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, framing: 'line', responder: { kind: 'file-server' } }))
    expect(err.code).toBe('EINVAL')
    expect(err.message).toContain('framing')
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, responder: { kind: 'file-server' } })
    const c = await connect(portOf(server))
    const header = Buffer.from('not json')
    const len = Buffer.alloc(4)
    len.writeInt32LE(header.length)
    c.socket.write(Buffer.concat([len, header]))
    const note = await waitFor(() => notes(rec.events).find((n) => n.note.kind === 'error'), 'the error note')
    expect(note.note.kind === 'error' && note.note.error.code).toBeTruthy()
    c.socket.destroy()
  })

  it('a UDP socket keeps a session per sender, forgetting the least recently answered past its bound', async () => {
    engine = createEngine()
    const server = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0, responder: { kind: 'chat', script: ['first'], whenNoLine: 'silent' } })
    const port = portOf(server)
    const sockets: dgram.Socket[] = []
    const answers = new Map<dgram.Socket, string[]>()
    const open = async (): Promise<dgram.Socket> => {
      const s = dgram.createSocket('udp4')
      answers.set(s, [])
      s.on('message', (m) => answers.get(s)!.push(m.toString()))
      await new Promise<void>((r) => s.bind(0, '127.0.0.1', r))
      sockets.push(s)
      return s
    }
    try {
      const first = await open()
      first.send('a', port, '127.0.0.1')
      await waitFor(() => answers.get(first)!.length === 1, 'the first answer')
      first.send('b', port, '127.0.0.1')
      // The second datagram meets the same session: it has no line left and says nothing.
      const others: dgram.Socket[] = []
      for (let i = 0; i < 256; i++) others.push(await open())
      for (const s of others) s.send('x', port, '127.0.0.1')
      await waitFor(() => others.every((s) => answers.get(s)!.length === 1), 'every other sender answered')
      expect(answers.get(first)).toEqual(['first'])
      // 256 newer sessions pushed the first sender's out: it starts afresh.
      first.send('c', port, '127.0.0.1')
      await waitFor(() => answers.get(first)!.length === 2, 'a fresh session answered')
    } finally {
      for (const s of sockets) s.close()
    }
  })
})

describe('the older autoReply', () => {
  it('is read as the responder of the same kind, fixed bytes as hex, and turned off by null or off', async () => {
    engine = createEngine()
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, autoReply: { mode: 'fixed', bytes: Uint8Array.of(0x6f, 0x6b) } })
    expect(server.config).not.toHaveProperty('autoReply')
    expect(server.config).toMatchObject({ responder: { kind: 'fixed', reply: { format: 'hex', text: '6f6b' } } })
    const c = await connect(portOf(server))
    c.socket.write('x')
    await waitFor(() => c.got().toString() === 'ok', 'the fixed reply')

    const upper = engine.update(server.id, { autoReply: { mode: 'upper' } })
    expect(upper.config).toMatchObject({ responder: { kind: 'upper' } })
    c.socket.write('abc')
    await waitFor(() => c.got().toString() === 'okABC', 'the upper reply')

    const off = engine.update(server.id, { autoReply: { mode: 'off' } })
    expect(off.config).not.toHaveProperty('responder')
    expect(off.config).not.toHaveProperty('autoReply')
    c.socket.destroy()
    const udp = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0, autoReply: { mode: 'off' } })
    expect(udp.config).not.toHaveProperty('responder')
  })

  it('a client takes neither, and a bad responder is refused naming what is wrong', async () => {
    engine = createEngine()
    const client = await rejection(engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: 9, responder: { kind: 'echo' } } as never, false))
    expect(client.code).toBe('EINVAL')
    const regex = await rejection(
      engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, responder: { kind: 'rules', rules: [{ match: { type: 'regex', pattern: '(a)\\1' }, then: { type: 'close' } }] } }, false)
    )
    expect(regex.code).toBe('EINVAL')
    expect(regex.message).toMatch(/rule 1|backreference/i)
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0 }, false)
    expect((await rejection(() => engine.update(server.id, { responder: { kind: 'fixed', reply: { format: 'hex', text: 'zz' } } }))).code).toBe('EINVAL')
    expect(engine.get(server.id).config).not.toHaveProperty('responder')
  })
})

// socket-lab lab: the list, mistakes in how it is called, and a lab run end to end with the
// lesson's Python program against the servers it starts.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runLab, type LabOptions } from '../../src/cli/actions/lab'
import { LABS } from '../../src/shared/labs'
import { startCli, startProcess, type Running } from './run-cli'

const dirs: string[] = []
const running: Running[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()))
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

interface Captured {
  lines: string[]
  text(): string
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>
}

function capture(): Captured & { line(t: string): void } {
  const lines: string[] = []
  const text = (): string => lines.join('\n')
  return {
    lines,
    line: (t) => void lines.push(t),
    text,
    waitFor: async (pattern, timeoutMs = 10_000) => {
      const end = Date.now() + timeoutMs
      for (;;) {
        const m = pattern.exec(text())
        if (m) return m
        if (Date.now() > end) throw new Error(`no ${pattern} in:\n${text()}`)
        await new Promise((r) => setTimeout(r, 10))
      }
    }
  }
}

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'socket-lab-lab-'))
  dirs.push(d)
  return d
}

describe('socket-lab lab', () => {
  it('--list shows every lab by number, id and title, in the language asked for', async () => {
    const out = capture()
    await runLab(undefined, { list: true }, out)
    for (const lab of LABS) expect(out.text()).toMatch(new RegExp(`^\\s*${lab.order}\\s+${lab.id}\\s+${lab.title.en.replace(/[()?*+.]/g, '\\$&')}$`, 'm'))
    const zh = capture()
    await runLab(undefined, { list: true, lang: 'zh-CN' }, zh)
    expect(zh.text()).toContain('粘包与拆包')
  })

  it('refuses an unknown lab, a non-IPv4 host and an unknown language, saying what to do', async () => {
    const cases: [string, LabOptions, RegExp, RegExp][] = [
      ['nope', {}, /there is no lab 'nope'/, /tcp-hello, upper-echo/],
      ['tcp-hello', { host: '::1' }, /'::1' is not an IPv4 address/, /AF_INET/],
      ['tcp-hello', { lang: 'fr' }, /'fr' is not a language/, /--lang en or --lang zh-CN/]
    ]
    for (const [id, options, message, hint] of cases) {
      const err = (await runLab(id, options, capture()).then(
        () => undefined,
        (e: unknown) => e
      )) as { code?: string; message: string; hint: string } | undefined
      expect(err?.code).toBe('EUSAGE')
      expect(err?.message).toMatch(message)
      expect(err?.hint).toMatch(hint)
    }
  })

  it('runs tcp-hello: prints the address and the program, and ticks every step as the lesson\u2019s client runs', async () => {
    const dir = await tempDir()
    const out = capture()
    const lab = runLab('tcp-hello', { savePrograms: dir, exitWhenDone: true, timeout: 20 }, out)
    const port = Number((await out.waitFor(/^server: tcp 127\.0\.0\.1:(\d+)/m))[1])
    await out.waitFor(/^\(Ctrl\+C ends the lab\)$/m)
    expect(out.text()).toContain(`sk.connect(('127.0.0.1', ${port}))`)
    expect(out.text()).toMatch(/^ {2}\[ \] 4\. The client closes; the server sees its FIN\.$/m)
    const saved = join(dir, 'tcp_client.py')
    expect(await readFile(saved, 'utf8')).toContain(`${port}`)

    const client = startProcess('python3', [saved])
    running.push(client)
    expect(await client.exited()).toBe(0)
    expect(client.stdout().trim()).toBe("b'hi'")
    await lab
    const ticked = out.lines.filter((l) => /^ {2}\[x\]/.test(l))
    expect(ticked).toEqual(['  [x] 1. Run tcp_client.py so that it connects.', '  [x] 2. Its hello reaches the server.', '  [x] 3. The server answers hi.', '  [x] 4. The client closes; the server sees its FIN.'])
    expect(out.text()).toContain('All 4 steps done.')
  })

  it('a lab server without a responder closes its side when the client ends, as the lessons\u2019 servers do', async () => {
    const out = capture()
    const stop = new AbortController()
    const lab = runLab('sticky-packets', { timeout: 10 }, out, stop.signal)
    const port = Number((await out.waitFor(/^server: tcp 127\.0\.0\.1:(\d+)/m))[1])
    const script = ['import socket', `s = socket.create_connection(('127.0.0.1', ${port}))`, 's.settimeout(5)', "s.sendall(b'aaa')", 's.shutdown(socket.SHUT_WR)', 'print(s.recv(10))'].join('\n')
    const client = startProcess('python3', ['-c', script])
    running.push(client)
    expect(await client.exited()).toBe(0)
    expect(client.stdout().trim()).toBe("b''")
    stop.abort()
    await lab
    expect(out.text()).toMatch(/0 of 3 steps done/)
  })

  it('ends at --timeout with the steps not done and their hints, in Chinese when asked', async () => {
    const out = capture()
    await runLab('2', { timeout: 1, lang: 'zh-CN' }, out)
    expect(out.text()).toContain('大写回显')
    expect(out.text()).toContain('完成了 0/4 个步骤。还没有完成：')
    expect(out.text()).toContain('还没有：运行 upper_client.py')
  })

  it('as a process, chat-bye answers with the lines typed on its stdin once the script runs out', async () => {
    const dir = await tempDir()
    const cli = startCli(['lab', 'chat-bye', '--save-programs', dir, '--exit-when-done', '--timeout', '30'], { stdin: true })
    running.push(cli)
    await cli.waitFor(/^Type a line here to answer as the chat server\.$/m)
    const client = startProcess('python3', [join(dir, 'chat_client.py')], { stdin: true })
    running.push(client)
    for (const line of ['hi', 'how are you?', 'what now?']) client.child.stdin!.write(`${line}\n`)
    await client.waitFor(/nice to meet you/)
    await cli.waitFor(/^ {2}\[x\] 2\. Keep talking: two rounds at least\.$/m)
    cli.child.stdin!.write('see you\n')
    await client.waitFor(/see you/)
    client.child.stdin!.end('bye\n')
    expect(await client.exited()).toBe(0)
    expect(await cli.exited(15_000)).toBe(0)
    expect(cli.stdout()).toContain('All 4 steps done.')
  })
})

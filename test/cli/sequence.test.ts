// `socket-lab send --sequence`: a sequence saved in a workspace, played from the command line to
// Python servers, byte for byte as the window would send it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ComposerDraft } from '../../src/shared/api'
import type { SequenceDocument, WorkspaceDocument } from '../../src/shared/schemas'
import { workspaceFileText } from '../../src/shared/workspace-file'
import { assertBuilt, runCli, startProcess, type Running } from './run-cli'

const py = join(__dirname, 'python', 'recording_server.py')
const running: Running[] = []
let dir: string

beforeAll(() => {
  assertBuilt()
  dir = mkdtempSync(join(tmpdir(), 'socket-lab-sequence-cli-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()))
})

const draft: ComposerDraft = { mode: 'escaped', text: '', encoding: 'utf-8', lineEnding: 'none', framing: 'raw', checksum: 'none' }

/** Three steps: text with a line ending, hex framed with a 2-byte length, and a saved payload with a counter. */
const greet: SequenceDocument = {
  name: 'greet',
  loops: 2,
  steps: [
    { kind: 'payload', ...draft, text: 'HELLO', lineEnding: 'lf', delayMs: 20 },
    { kind: 'payload', ...draft, mode: 'hex', text: 'de ad be ef', framing: 'len:2', delayMs: 0 },
    { kind: 'saved', name: 'ping', delayMs: 5 }
  ]
}

function workspace(sequences: SequenceDocument[]): WorkspaceDocument {
  return {
    version: 1,
    endpoints: [],
    history: [],
    savedPayloads: [{ name: 'ping', ...draft, text: 'PING {counter}\\n', macros: true }],
    sequences,
    layout: { sidebar: 280, inspector: 420, composer: 240 }
  }
}

function workspaceFile(name: string, sequences: SequenceDocument[]): string {
  const path = join(dir, name)
  writeFileSync(path, workspaceFileText(workspace(sequences)))
  return path
}

async function pythonServer(...args: string[]): Promise<{ server: Running; port: string }> {
  const server = startProcess('python3', [py, ...args])
  running.push(server)
  const port = (await server.waitFor(/^(\d+)\n/))[1]!
  return { server, port }
}

const pass = Buffer.concat([Buffer.from('HELLO\n'), Buffer.from([0, 4, 0xde, 0xad, 0xbe, 0xef])])

describe('send --sequence', () => {
  it('plays every step of every pass in order over TCP, macros counting from 1', async () => {
    const ws = workspaceFile('tcp.json', [greet])
    const { server, port } = await pythonServer('tcp')
    const r = await runCli(['send', 'tcp', `127.0.0.1:${port}`, '--sequence', 'greet', '--workspace', ws])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout + r.stderr).toContain("played the sequence 'greet': 6 sends")
    await server.waitFor(/\n[0-9a-f]+\n/)
    const got = Buffer.from(server.stdout().trim().split('\n').at(-1)!, 'hex')
    expect(got).toEqual(Buffer.concat([pass, Buffer.from('PING 1\n'), pass, Buffer.from('PING 2\n')]))
  })

  it('sends each step as one datagram over UDP, as many passes as --loops says', async () => {
    const ws = workspaceFile('udp.json', [greet])
    const { server, port } = await pythonServer('udp', '9')
    const r = await runCli(['send', 'udp', `127.0.0.1:${port}`, '--sequence', 'greet', '--workspace', ws, '--loops', '3'])
    expect(r.code, r.stderr).toBe(0)
    await server.exited()
    const datagrams = server.stdout().trim().split('\n').slice(1)
    const one = (n: number) => ['48454c4c4f0a', '0004deadbeef', Buffer.from(`PING ${n}\n`).toString('hex')]
    expect(datagrams).toEqual([...one(1), ...one(2), ...one(3)])
  })

  it('reads the workspace the browser shell keeps when no file is named', async () => {
    const config = mkdtempSync(join(dir, 'config-'))
    // The settings folder holds the document itself, without the export's envelope.
    writeFileSync(join(config, 'workspace.json'), JSON.stringify(workspace([{ ...greet, loops: 1 }])))
    const { server, port } = await pythonServer('tcp')
    const r = await runCli(['send', 'tcp', `127.0.0.1:${port}`, '--sequence', 'greet'], 10_000, { SOCKET_LAB_CONFIG_DIR: config })
    expect(r.code, r.stderr).toBe(0)
    await server.waitFor(/\n[0-9a-f]+\n/)
    expect(Buffer.from(server.stdout().trim().split('\n').at(-1)!, 'hex')).toEqual(Buffer.concat([pass, Buffer.from('PING 1\n')]))
  })

  it('stops at the step the peer refused, naming it, and exits 1', async () => {
    const slow: SequenceDocument = { name: 'slow', loops: 1, steps: [{ kind: 'payload', ...draft, text: 'one', delayMs: 300 }, { kind: 'payload', ...draft, text: 'two', delayMs: 0 }] }
    const ws = workspaceFile('refused.json', [slow])
    const { port } = await pythonServer('close-first')
    const r = await runCli(['send', 'tcp', `127.0.0.1:${port}`, '--sequence', 'slow', '--workspace', ws])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/step 2 of 'slow' \(pass 1\) was not sent/)
    expect(r.stdout + r.stderr).toContain("failed the sequence 'slow': 1 send (3 bytes)")
  })

  it('says what is wrong with the call before connecting anywhere', async () => {
    const ws = workspaceFile('errors.json', [greet, { name: 'broken', loops: 1, steps: [{ kind: 'saved', name: 'gone', delayMs: 0 }] }])
    // Nothing listens on port 9: each of these must fail before it would matter.
    const cases: [string[], RegExp, RegExp][] = [
      [['--sequence', 'nope', '--workspace', ws], /no sequence named 'nope'/, /Its sequences: 'greet', 'broken'/],
      [['--sequence', 'broken', '--workspace', ws], /step 1 of 'broken' plays the saved payload 'gone'/, /Save a payload by that name/],
      [['--sequence', 'greet', '--workspace', join(dir, 'missing.json')], /cannot read the workspace/, /--workspace FILE/],
      [['--loops', '2'], /--loops goes with --sequence/, /--sequence NAME/],
      [['data', '--sequence', 'greet', '--workspace', ws], /drop data/, /--loops sets how many passes/],
      [['--sequence', 'greet', '--workspace', ws, '--rate', '5'], /drop --rate/, /Each step carries/]
    ]
    for (const [args, error, hint] of cases) {
      const r = await runCli(['send', 'tcp', '127.0.0.1:9', ...args])
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr).toMatch(error)
      expect(r.stderr).toMatch(hint)
    }
    writeFileSync(join(dir, 'not.json'), '{"hello": 1}')
    const r = await runCli(['send', 'tcp', '127.0.0.1:9', '--sequence', 'greet', '--workspace', join(dir, 'not.json')])
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/is not a workspace/)])
  })
})

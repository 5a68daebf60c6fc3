// `socket-lab relay tcp` toward a Unix socket (--to unix:PATH) and a TLS server (--to-tls, with
// the flags `send tls` spells the same way), run as a real process with real peers.
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import tls from 'node:tls'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { requirePeerTool } from '../helpers/peer-tools'
import { makeTestCertificates, type TestCertificates } from '../helpers/tls-certs'
import { assertBuilt, runCli, startCli, startProcess, type Running } from './run-cli'

const running: Running[] = []
const track = (r: Running): Running => (running.push(r), r)
const closers: (() => Promise<void> | void)[] = []
let certs: TestCertificates
let dir: string

beforeAll(() => {
  assertBuilt()
  certs = makeTestCertificates()
  dir = mkdtempSync(join(tmpdir(), 'socket-lab-relay-cli-'))
})
afterAll(() => {
  certs.remove()
  rmSync(dir, { recursive: true, force: true })
})
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()))
  for (const c of closers.splice(0).reverse()) await c()
})

/** Upper-cases what it reads and ends after the client does; keeps every byte it read. */
function upperCasing(got: Buffer[]): (s: net.Socket) => void {
  return (s) => {
    s.on('error', () => {})
    s.on('data', (c: Buffer) => {
      got.push(c)
      s.write(c.toString('latin1').toUpperCase(), 'latin1')
    })
    s.on('end', () => s.end())
  }
}

async function serve(server: net.Server, at: net.ListenOptions): Promise<void> {
  const taken: net.Socket[] = []
  server.on('connection', (s: net.Socket) => taken.push(s))
  await new Promise<void>((r) => server.listen(at, () => r()))
  closers.push(() => {
    taken.forEach((s) => s.destroy())
    return new Promise((r) => server.close(() => r()))
  })
}

/** Sends `data`, then FIN; resolves with what came back and how the connection ended. */
async function through(port: number, data: Buffer): Promise<{ back: Buffer; ended: string }> {
  const client = net.connect({ host: '127.0.0.1', port, allowHalfOpen: true })
  closers.push(() => void client.destroy())
  const chunks: Buffer[] = []
  const ended = await new Promise<string>((resolve) => {
    client.on('data', (c: Buffer) => chunks.push(c))
    client.on('end', () => resolve('end'))
    client.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'))
    client.end(data)
  })
  return { back: Buffer.concat(chunks), ended }
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

describe('socket-lab relay tcp to a Unix socket or a TLS server', () => {
  it('forwards to unix:PATH both ways, 1 MiB byte for byte, then FIN', async () => {
    const got: Buffer[] = []
    const path = join(dir, 'up.sock')
    await serve(net.createServer({ allowHalfOpen: true }, upperCasing(got)), { path })
    const relay = track(startCli(['relay', 'tcp', '0', '--to', `unix:${path}`, '-q']))
    const port = Number((await relay.waitForStderr(/listening on 127\.0\.0\.1:(\d+)/))[1])
    await relay.waitForStderr(new RegExp(`relaying to unix:${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`))
    const sent = randomBytes(1024 * 1024)
    const { back, ended } = await through(port, sent)
    expect(ended).toBe('end')
    expect(sha(Buffer.concat(got))).toBe(sha(sent))
    expect(sha(back)).toBe(sha(Buffer.from(sent.toString('latin1').toUpperCase(), 'latin1')))
  })

  it("forwards to a Python server on a Unix socket (AF_UNIX, the course's echo), then passes its FIN on", async () => {
    const python = requirePeerTool('python3')
    const path = join(dir, 'py.sock')
    const script = [
      'import socket, sys',
      's = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)',
      's.bind(sys.argv[1]); s.listen(1)',
      "print('ready', flush=True)",
      'c, _ = s.accept()',
      'while True:',
      '    data = c.recv(1024)',
      '    if not data: break',
      '    c.sendall(data)',
      'c.close()'
    ].join('\n')
    const upstream = track(startProcess(python, ['-c', script, path]))
    await upstream.waitFor(/ready/, 10_000)
    const relay = track(startCli(['relay', 'tcp', '0', '--to', `unix:${path}`, '-q']))
    const port = Number((await relay.waitForStderr(/listening on 127\.0\.0\.1:(\d+)/))[1])
    const sent = randomBytes(256 * 1024)
    const { back, ended } = await through(port, sent)
    expect(ended).toBe('end')
    expect(sha(back)).toBe(sha(sent))
    expect(await upstream.exited()).toBe(0)
  })

  it('speaks TLS to the upstream with --to-tls --ca, and refuses an untrusted one with a hint', async () => {
    const got: Buffer[] = []
    const server = tls.createServer({ cert: certs.leaf.cert, key: certs.leaf.key, allowHalfOpen: true }, upperCasing(got))
    await serve(server, { host: '127.0.0.1', port: 0 })
    const upPort = (server.address() as net.AddressInfo).port
    const relay = track(startCli(['relay', 'tcp', '0', '--to', `127.0.0.1:${upPort}`, '--to-tls', '--ca', certs.ca.certPath, '--servername', 'localhost', '--alpn', 'h2,http/1.1']))
    const port = Number((await relay.waitFor(/listening on 127\.0\.0\.1:(\d+)/))[1])
    await relay.waitForStderr(new RegExp(`relaying to tls://127\\.0\\.0\\.1:${upPort}`))
    const { back, ended } = await through(port, Buffer.from('hello over tls\n'))
    expect(ended).toBe('end')
    expect(back.toString()).toBe('HELLO OVER TLS\n')
    expect(Buffer.concat(got).toString()).toBe('hello over tls\n')
    // What the relay's handshake negotiated is said once per client, before its bytes go on.
    await relay.waitForStderr(new RegExp(`upstream tls://127\\.0\\.0\\.1:${upPort}: TLSv1\\.[23] \\S+, ALPN none, certificate \\S*localhost\\S* verified`))

    // The same server without the CA: the certificate is not trusted, the client is reset.
    const strict = track(startCli(['relay', 'tcp', '0', '--to', `127.0.0.1:${upPort}`, '--to-tls']))
    const strictPort = Number((await strict.waitFor(/listening on 127\.0\.0\.1:(\d+)/))[1])
    expect((await through(strictPort, Buffer.from('x'))).ended).toBe('ECONNRESET')
    await strict.waitForStderr(new RegExp(`could not connect to its upstream tls://127\\.0\\.0\\.1:${upPort}`))
    await strict.waitForStderr(/error\s+127\.0\.0\.1:\d+\s+UNABLE_TO_VERIFY_LEAF_SIGNATURE/)
    await strict.waitForStderr(/hint: The authority that signed the certificate of tls:\/\/127\.0\.0\.1:\d+ is not trusted.*--ca FILE/)
    expect(strict.child.exitCode).toBeNull()
  })

  it('relays socat to openssl s_server, verifying its certificate (-rev answers each line reversed)', async () => {
    const openssl = requirePeerTool('openssl')
    const socat = requirePeerTool('socat')
    const upstream = track(startProcess(openssl, ['s_server', '-accept', '127.0.0.1:0', '-cert', certs.leaf.certPath, '-key', certs.leaf.keyPath, '-rev', '-naccept', '1']))
    const upPort = Number((await upstream.waitFor(/ACCEPT 127\.0\.0\.1:(\d+)/, 10_000))[1])
    const relay = track(startCli(['relay', 'tcp', '0', '--to', `127.0.0.1:${upPort}`, '--to-tls', '--ca', certs.ca.certPath, '--servername', 'localhost']))
    const port = Number((await relay.waitFor(/listening on 127\.0\.0\.1:(\d+)/))[1])
    const client = track(startProcess(socat, ['-t', '5', '-', `TCP:127.0.0.1:${port}`], { stdin: true }))
    client.child.stdin!.write('socket lab\n')
    await client.waitFor(/bal tekcos/, 10_000)
    client.child.stdin!.end()
    await relay.waitForStderr(new RegExp(`upstream tls://127\\.0\\.0\\.1:${upPort}: TLSv1\\.[23] .* verified`))
    expect(relay.stdout()).toMatch(/data\s+127\.0\.0\.1:\d+\s+in\s+11 bytes/)
  })

  it('connects to a self-signed upstream with --insecure', async () => {
    const got: Buffer[] = []
    const server = tls.createServer({ cert: certs.selfSigned.cert, key: certs.selfSigned.key, allowHalfOpen: true }, upperCasing(got))
    await serve(server, { host: '127.0.0.1', port: 0 })
    const upPort = (server.address() as net.AddressInfo).port
    const relay = track(startCli(['relay', 'tcp', '0', '--to', `127.0.0.1:${upPort}`, '--to-tls', '--insecure']))
    const port = Number((await relay.waitFor(/listening on 127\.0\.0\.1:(\d+)/))[1])
    expect(await through(port, Buffer.from('abc'))).toEqual({ back: Buffer.from('ABC'), ended: 'end' })
  })

  it('refuses TLS flags without --to-tls, TLS or a path for a Unix or UDP upstream, as usage errors', async () => {
    const cases: [string[], RegExp][] = [
      [['relay', 'tcp', '0', '--to', '127.0.0.1:9', '--insecure'], /--insecure needs --to-tls/],
      [['relay', 'tcp', '0', '--to', '127.0.0.1:9', '--ca', certs.ca.certPath, '--servername', 'x'], /--ca and --servername need --to-tls/],
      [['relay', 'tcp', '0', '--to', 'unix:/tmp/x.sock', '--to-tls'], /--to-tls needs host:port/],
      [['relay', 'udp', '0', '--to', 'unix:/tmp/x.sock'], /UDP relay cannot forward to a Unix socket/],
      [['relay', 'udp', '0', '--to', '127.0.0.1:9', '--to-tls'], /--to-tls is for a TCP relay/],
      [['relay', 'tcp', '0', '--to', 'unix:'], /is not a socket path/],
      [['relay', 'tcp', '0', '--to', '127.0.0.1:9', '--to-tls', '--cert', certs.leaf.certPath], /--cert and --key go together/],
      [['relay', 'tcp', '0', '--to', '127.0.0.1:9', '--to-tls', '--ca', join(dir, 'missing.pem')], /cannot read --ca/]
    ]
    for (const [args, wanted] of cases) {
      const r = await runCli(args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr, args.join(' ')).toMatch(wanted)
    }
  })
})

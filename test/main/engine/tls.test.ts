import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/engine'
import { endpointConfig } from '../../../src/shared/schemas'
import { requirePeerTool } from '../../helpers/peer-tools'
import { makeTestCertificates, type TestCertificates } from '../../helpers/tls-certs'
import { decode, portOf, readWholeCapture, rejection, sha256, text, waitFor } from './helpers'

let engine: Engine
let certs: TestCertificates
const children: ChildProcess[] = []

beforeAll(() => {
  certs = makeTestCertificates()
})
afterAll(() => certs.remove())
afterEach(async () => {
  for (const c of children.splice(0)) c.kill()
  await engine.closeAll()
})

/** The bytes of every data record one way, joined, from an endpoint's capture. */
function captured(endpointId: string, dir: 'in' | 'out'): Uint8Array[] {
  return readWholeCapture(engine, endpointId).flatMap((r) => (r.type === 'data' && r.dir === dir ? [engine.readChunk(endpointId, r.seq).bytes] : []))
}

function joined(chunks: Uint8Array[]): string {
  return chunks.map(decode).join('')
}

function server(extra: Record<string, unknown> = {}) {
  return engine.open(endpointConfig.parse({ kind: 'tls-server', host: '127.0.0.1', port: 0, cert: certs.leaf.cert, key: certs.leaf.key, ...extra }))
}

/** Runs a program and collects its output until it exits (bounded in time). */
function run(command: string, args: string[], input?: string): { child: ChildProcess; out: () => string; done: Promise<number | null> } {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] })
  children.push(child)
  let out = ''
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()))
  if (input !== undefined) child.stdin!.write(input)
  const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, out: () => out, done }
}

describe('TLS endpoints', () => {
  it('echoes between an engine server and client, with the session, the verified chain and the plaintext captured', async () => {
    engine = createEngine()
    const srv = await server({ responder: { kind: 'echo' }, alpn: ['h2', 'http/1.1'] })
    expect(srv.state).toBe('listening')
    const ownCert = srv.tls?.certificate
    expect(ownCert?.subject).toBe('CN=localhost')
    expect(ownCert?.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)

    const client = await engine.open({ kind: 'tls-client', host: '127.0.0.1', port: portOf(srv), ca: certs.ca.cert, servername: 'localhost', alpn: ['http/1.1'] })
    expect(client.state).toBe('connected')
    const session = engine.get(client.id).tls!
    expect(session).toMatchObject({ authorized: true, alpn: 'http/1.1', servername: 'localhost' })
    expect(session.protocol).toMatch(/^TLSv1\.[23]$/)
    expect(session.cipher).toMatch(/^TLS_/)
    expect(session.peerChain?.[0]).toMatchObject({ subject: 'CN=localhost', fingerprint256: ownCert!.fingerprint256, selfSigned: false })
    expect(session.peerChain?.[0]?.subjectAltNames).toContain('IP Address:127.0.0.1')

    const parts = ['hello ', 'over ', 'TLS\n', 'x'.repeat(100_000)]
    for (const p of parts) await engine.send(client.id, undefined, text(p))
    const total = parts.join('').length
    await waitFor(() => engine.get(client.id).counters.bytesIn === total, 'the whole echo', 10_000)
    // What the capture holds is the plaintext, byte for byte, on both sides.
    const sent = sha256(parts.map(text))
    expect(sha256(captured(client.id, 'out'))).toBe(sent)
    expect(sha256(captured(srv.id, 'in'))).toBe(sent)
    expect(sha256(captured(client.id, 'in'))).toBe(sent)
    expect(engine.peers(srv.id)).toHaveLength(1)
  })

  it('reads at most recvSize bytes at a time, as recv(n) does', async () => {
    engine = createEngine()
    const srv = await server({ recvSize: 4 })
    const client = await engine.open({ kind: 'tls-client', host: '127.0.0.1', port: portOf(srv), insecure: true })
    await engine.send(client.id, undefined, text('0123456789'))
    await waitFor(() => engine.get(srv.id).counters.bytesIn === 10, 'ten bytes at the server')
    const reads = captured(srv.id, 'in')
    expect(reads.every((r) => r.byteLength <= 4)).toBe(true)
    expect(joined(reads)).toBe('0123456789')
  })

  it('refuses a self-signed server unless told not to check, and explains why', async () => {
    engine = createEngine()
    const srv = await engine.open({ kind: 'tls-server', host: '127.0.0.1', port: 0, cert: certs.selfSigned.cert, key: certs.selfSigned.key })
    const err = await rejection(engine.open({ kind: 'tls-client', host: '127.0.0.1', port: portOf(srv) }))
    expect(err.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT')
    expect(err.hint).toMatch(/self-signed/)
    expect(err.hint).toMatch(/--insecure/)

    const ok = await engine.open({ kind: 'tls-client', host: '127.0.0.1', port: portOf(srv), insecure: true })
    expect(ok.state).toBe('connected')
    expect(engine.get(ok.id).tls).toMatchObject({ authorized: false, authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT' })
    expect(engine.get(ok.id).tls?.peerChain?.[0]?.selfSigned).toBe(true)
    // The server gave up on the first client's handshake and still listens.
    expect(engine.get(srv.id).state).toBe('listening')
  })

  it('makes a self-signed certificate for localhost, 127.0.0.1 and ::1 when asked, and openssl verifies it pinned', async () => {
    engine = createEngine()
    const srv = await engine.open({ kind: 'tls-server', host: '127.0.0.1', port: 0, selfSigned: true })
    const cert = engine.get(srv.id).tls?.certificate
    expect(cert).toMatchObject({ subject: 'CN=localhost', selfSigned: true })
    expect(cert?.subjectAltNames).toMatch(/DNS:localhost/)
    expect(cert?.subjectAltNames).toMatch(/IP Address:127\.0\.0\.1/)
    expect(cert?.subjectAltNames).toMatch(/IP Address:0:0:0:0:0:0:0:1/)
    expect(cert?.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
    // A client that checks refuses it; one told not to check connects, and sees the same fingerprint.
    expect((await rejection(engine.open({ kind: 'tls-client', host: '127.0.0.1', port: portOf(srv) }))).code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT')
    const client = await engine.open({ kind: 'tls-client', host: '127.0.0.1', port: portOf(srv), insecure: true, servername: 'localhost' })
    expect(engine.get(client.id).tls?.peerChain?.[0]?.fingerprint256).toBe(cert?.fingerprint256)
    const openssl = run(requirePeerTool('openssl'), ['s_client', '-connect', `127.0.0.1:${portOf(srv)}`, '-servername', 'localhost', '-brief'], 'ping\n')
    await waitFor(() => /Protocol version/i.test(openssl.out()), 'openssl to finish the handshake')
    openssl.child.stdin!.end()
    await openssl.done
    expect(openssl.out()).toMatch(/Peer certificate: CN ?= ?localhost/)
  })

  it('asks clients for certificates when told to: one signed by the CA is served and shown on its peer, one without is refused', async () => {
    engine = createEngine()
    const srv = await server({ requestCert: true, ca: certs.ca.cert, responder: { kind: 'echo' } })
    const client = await engine.open({ kind: 'tls-client', host: '127.0.0.1', port: portOf(srv), ca: certs.ca.cert, servername: 'localhost', cert: certs.leaf.cert, key: certs.leaf.key })
    await engine.send(client.id, undefined, text('with a certificate\n'))
    await waitFor(() => engine.get(client.id).counters.bytesIn === 19, 'the echo')
    const [peer] = engine.peers(srv.id)
    expect(peer?.tls).toMatchObject({ authorized: true, servername: 'localhost' })
    expect(peer?.tls?.protocol).toMatch(/^TLSv1\.[23]$/)
    expect(peer?.tls?.peerChain?.[0]).toMatchObject({ subject: 'CN=localhost', issuer: 'CN=Socket Lab Test CA' })

    // Without a certificate the server refuses the handshake. TLS 1.3 finishes the client's side
    // first, so the refusal arrives as an alert on the first read; the client says what to do.
    const bare = await engine.open({ kind: 'tls-client', host: '127.0.0.1', port: portOf(srv), ca: certs.ca.cert, servername: 'localhost' }, false)
    const refused = await rejection(async () => {
      await engine.start(bare.id)
      await waitFor(() => engine.get(bare.id).state !== 'connected', 'the server to refuse', 5000)
      throw engine.get(bare.id).error
    })
    expect(refused.code).toMatch(/CERTIFICATE_REQUIRED|PEER_DID_NOT_RETURN_A_CERTIFICATE|HANDSHAKE_FAILURE/)
    expect(refused.hint).toMatch(/client certificate/)
    expect(refused.hint).toMatch(/--cert FILE --key FILE/)
    // The server keeps listening and keeps serving the first client.
    expect(engine.get(srv.id).state).toBe('listening')
    expect(engine.peers(srv.id).map((p) => p.id)).toEqual([peer!.id])
  })

  it('shows nothing about verification on the peers of a server that does not ask for certificates', async () => {
    engine = createEngine()
    const srv = await server({ responder: { kind: 'echo' } })
    const client = await engine.open({ kind: 'tls-client', host: '127.0.0.1', port: portOf(srv), ca: certs.ca.cert, servername: 'localhost', alpn: ['x-lab'] })
    await waitFor(() => engine.peers(srv.id).length === 1, 'the peer')
    const tls = engine.peers(srv.id)[0]!.tls
    expect(tls?.protocol).toMatch(/^TLSv1\.[23]$/)
    expect(tls?.cipher).toMatch(/^TLS_/)
    expect(tls?.authorized).toBeUndefined()
    expect(tls?.peerChain).toBeUndefined()
    void client
  })

  it('refuses a certificate made out to another name', async () => {
    engine = createEngine()
    const srv = await engine.open({ kind: 'tls-server', host: '127.0.0.1', port: 0, cert: certs.otherName.cert, key: certs.otherName.key })
    const err = await rejection(engine.open({ kind: 'tls-client', host: '127.0.0.1', port: portOf(srv), ca: certs.ca.cert, servername: 'localhost' }))
    expect(err.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID')
    expect(err.hint).toMatch(/localhost/)
    expect(err.hint).toMatch(/servername/)
  })

  it('says so when the server does not speak TLS', async () => {
    engine = createEngine()
    const plain = net.createServer((s) => s.end('HTTP/1.0 400 Bad Request\r\n\r\n'))
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r))
    try {
      const port = (plain.address() as net.AddressInfo).port
      const err = await rejection(engine.open({ kind: 'tls-client', host: '127.0.0.1', port, insecure: true }))
      expect(err.code).toMatch(/^ERR_SSL_|ECONNRESET/)
      expect(err.hint).toMatch(/not TLS|TCP/)
    } finally {
      plain.close()
    }
  })

  it('refuses a server certificate whose key does not belong to it, before listening', async () => {
    engine = createEngine()
    const err = await rejection(engine.open({ kind: 'tls-server', host: '127.0.0.1', port: 0, cert: certs.leaf.cert, key: certs.selfSigned.key }))
    expect(err.code).toBe('EINVAL')
    expect(err.message).toMatch(/certificate and key/)
  })

  it('validates TLS configs: PEM text only, cert with key, bounded sizes', () => {
    const base = { kind: 'tls-server', host: '127.0.0.1', port: 0 }
    expect(endpointConfig.safeParse(base).success).toBe(false)
    expect(endpointConfig.safeParse({ ...base, cert: '/etc/ssl/cert.pem', key: '/etc/ssl/key.pem' }).error?.issues[0]?.message).toMatch(/not PEM text/)
    expect(endpointConfig.safeParse({ ...base, cert: certs.leaf.cert }).success).toBe(false)
    expect(endpointConfig.safeParse({ ...base, cert: `-----BEGIN CERTIFICATE-----${'A'.repeat(300_000)}`, key: certs.leaf.key }).success).toBe(false)
    expect(endpointConfig.safeParse({ ...base, selfSigned: true }).success).toBe(true)
    expect(endpointConfig.safeParse({ kind: 'tls-client', host: 'localhost', port: 443, alpn: ['h2', 'bad name'] }).success).toBe(false)
    expect(endpointConfig.safeParse({ kind: 'tls-client', host: 'localhost', port: 443, cert: certs.leaf.cert }).success).toBe(false)
  })
})

describe('TLS with other programs', () => {
  it("talks to openssl s_server (-rev answers each line reversed)", async () => {
    engine = createEngine()
    const openssl = requirePeerTool('openssl')
    const s = run(openssl, ['s_server', '-accept', '127.0.0.1:0', '-cert', certs.leaf.certPath, '-key', certs.leaf.keyPath, '-rev', '-naccept', '1'])
    const port = Number(await waitFor(() => /ACCEPT 127\.0\.0\.1:(\d+)/.exec(s.out())?.[1], 'openssl s_server to listen', 10_000))
    const client = await engine.open({ kind: 'tls-client', host: '127.0.0.1', port, ca: certs.ca.cert, servername: 'localhost' })
    expect(engine.get(client.id).tls?.authorized).toBe(true)
    await engine.send(client.id, undefined, text('socket lab\n'))
    await waitFor(() => joined(captured(client.id, 'in')).includes('bal tekcos'), 'the reversed line', 10_000)
  })

  it('serves openssl s_client, which verifies the chain', async () => {
    engine = createEngine()
    const openssl = requirePeerTool('openssl')
    const srv = await server({ responder: { kind: 'upper' } })
    const c = run(openssl, ['s_client', '-connect', `127.0.0.1:${portOf(srv)}`, '-CAfile', certs.ca.certPath, '-servername', 'localhost', '-verify_return_error', '-quiet'], 'from openssl\n')
    await waitFor(() => joined(captured(srv.id, 'in')) === 'from openssl\n', 'the line from s_client', 10_000)
    await waitFor(() => c.out().includes('FROM OPENSSL'), 'the upper-case answer at s_client', 10_000)
  })

  it("serves Python's ssl module, and the bytes arrive as sent", async () => {
    engine = createEngine()
    const srv = await server({ responder: { kind: 'echo' } })
    const script = [
      'import socket, ssl, sys',
      'ctx = ssl.create_default_context(cafile=sys.argv[2])',
      "with socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=10) as raw:",
      "    with ctx.wrap_socket(raw, server_hostname='localhost') as s:",
      "        msg = bytes(range(256)) * 4",
      '        s.sendall(msg)',
      "        got = b''",
      '        while len(got) < len(msg):',
      '            got += s.recv(1024)',
      "        print(s.version(), 'same' if got == msg else 'different')"
    ].join('\n')
    const py = run('python3', ['-c', script, String(portOf(srv)), certs.ca.certPath])
    expect(await py.done).toBe(0)
    expect(py.out()).toMatch(/^TLSv1\.[23] same/)
    expect(sha256(captured(srv.id, 'in'))).toBe(sha256(new Uint8Array(Array.from({ length: 1024 }, (_, i) => i % 256))))
  })
})

// send tls and listen tls against each other, and openssl: the negotiated session printed, the
// certificate checked (or not, with --insecure), and TLS flags refused where they make no sense.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { makeTestCertificates, type TestCertificates } from '../helpers/tls-certs'
import { assertBuilt, runCli, startCli, type Running } from './run-cli'

const running: Running[] = []
const track = (r: Running) => (running.push(r), r)
let certs: TestCertificates

describe('socket-lab send tls and listen tls', () => {
  beforeAll(() => {
    assertBuilt()
    certs = makeTestCertificates()
  })
  afterAll(() => certs.remove())
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.stop()))
  })

  it('listens with a certificate and key, prints its fingerprint, and echoes to a client that verifies it', async () => {
    const server = track(startCli(['listen', 'tls', '0', '--cert', certs.leaf.certPath, '--key', certs.leaf.keyPath, '--echo', '--alpn', 'http/1.1']))
    const port = (await server.waitFor(/listening on 127\.0\.0\.1:(\d+)/))[1]!
    const fingerprint = (await server.waitFor(/tls {2}certificate {2}CN=localhost .* sha256 ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})/))[1]!
    const r = await runCli(['send', 'tls', `127.0.0.1:${port}`, 'secret\\n', '--ca', certs.ca.certPath, '--servername', 'localhost', '--alpn', 'h2,http/1.1', '-w', '500'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/tls {2}TLSv1\.[23] {2}TLS_\S+ {2}ALPN http\/1\.1 {2}server name localhost {2}certificate verified/)
    expect(r.stdout).toContain(`sha256 ${fingerprint}`)
    // The echo came back, in plaintext.
    expect(r.stdout).toMatch(/in\s+7 bytes[\s\S]*73 65 63 72 65 74 0a/)
    await server.waitFor(/data\s+127\.0\.0\.1:\d+\s+in\s+7 bytes/)
  })

  it('asks clients for a certificate with --ca, prints the one each showed, and refuses a client without one', async () => {
    const server = track(startCli(['listen', 'tls', '0', '--cert', certs.leaf.certPath, '--key', certs.leaf.keyPath, '--ca', certs.ca.certPath, '--echo']))
    const port = (await server.waitFor(/listening on 127\.0\.0\.1:(\d+)/))[1]!
    const r = await runCli(['send', 'tls', `127.0.0.1:${port}`, 'mutual\\n', '--ca', certs.ca.certPath, '--servername', 'localhost', '--cert', certs.leaf.certPath, '--key', certs.leaf.keyPath, '-q', '-w', '500'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe('mutual\n')
    await server.waitFor(/tls {2}127\.0\.0\.1:\d+ {2}TLSv1\.[23] {2}TLS_\S+ {2}ALPN none {2}asked for localhost {2}client certificate verified/)
    await server.waitFor(/tls {2}127\.0\.0\.1:\d+ {2}client certificate {2}CN=localhost {2}issued by CN=Socket Lab Test CA/)
    const bare = await runCli(['send', 'tls', `127.0.0.1:${port}`, 'x\\n', '--ca', certs.ca.certPath, '--servername', 'localhost', '-w', '500'])
    // TLS 1.3 lets the client finish first: the refusal comes as the connection's end, with a hint and a failed exit.
    expect(bare.code).toBe(1)
    expect(bare.stdout + bare.stderr).toMatch(/CERTIFICATE_REQUIRED[\s\S]*hint: The server requires a client certificate/)
    await server.waitForStderr(/ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE[\s\S]*hint: This server asks every client for a certificate, and this client sent none/)
  })

  it('refuses a server it cannot verify, with a hint, and connects with --insecure', async () => {
    const server = track(startCli(['listen', 'tls', '0', '--cert', certs.selfSigned.certPath, '--key', certs.selfSigned.keyPath, '--echo']))
    const port = (await server.waitFor(/listening on 127\.0\.0\.1:(\d+)/))[1]!
    const refused = await runCli(['send', 'tls', `127.0.0.1:${port}`, 'x'])
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toMatch(/DEPTH_ZERO_SELF_SIGNED_CERT/)
    expect(refused.stderr).toMatch(/hint: .*--insecure/)
    const insecure = await runCli(['send', 'tls', `127.0.0.1:${port}`, 'x', '--insecure', '-q', '-w', '500'])
    expect(insecure.code).toBe(0)
    expect(insecure.stdout).toBe('x\n')
    expect(insecure.stderr).toMatch(/certificate NOT verified \(DEPTH_ZERO_SELF_SIGNED_CERT/)
  })

  it('makes its own certificate with --self-signed, and a client pinned to nothing connects with --insecure', async () => {
    const server = track(startCli(['listen', 'tls', '0', '--self-signed', '--echo']))
    const port = (await server.waitFor(/listening on 127\.0\.0\.1:(\d+)/))[1]!
    const fingerprint = (await server.waitFor(/tls {2}certificate {2}CN=localhost .* sha256 ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})/))[1]!
    const r = await runCli(['send', 'tls', `127.0.0.1:${port}`, 'hi', '--insecure', '-w', '500'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain(`sha256 ${fingerprint}`)
    expect(r.stdout).toMatch(/68 69/)
  })

  it('refuses TLS flags on other transports, and a server without a certificate', async () => {
    const tcp = await runCli(['send', 'tcp', '127.0.0.1:9', 'x', '--insecure'])
    expect(tcp.code).toBe(2)
    expect(tcp.stderr).toMatch(/--insecure needs TLS/)
    const bare = await runCli(['listen', 'tls', '0'])
    expect(bare.code).toBe(2)
    expect(bare.stderr).toMatch(/needs a certificate/)
    const half = await runCli(['listen', 'tls', '0', '--cert', certs.leaf.certPath])
    expect(half.stderr).toMatch(/--cert and --key go together/)
    const notPem = await runCli(['listen', 'tls', '0', '--cert', certs.dir, '--key', certs.leaf.keyPath])
    expect(notPem.stderr).toMatch(/cannot read --cert/)
  })
})

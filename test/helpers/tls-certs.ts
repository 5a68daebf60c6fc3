// Certificates for TLS tests, written by openssl into a temp dir: a self-signed one for localhost,
// 127.0.0.1 and ::1, a CA with a leaf it signed, and a leaf for another name.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { requirePeerTool } from './peer-tools'

export interface Pem {
  cert: string
  key: string
  certPath: string
  keyPath: string
}

export interface TestCertificates {
  dir: string
  /** Self-signed, for localhost, 127.0.0.1 and ::1. */
  selfSigned: Pem
  /** A CA's certificate, and a leaf for localhost and 127.0.0.1 it signed. */
  ca: Pem
  leaf: Pem
  /** Signed by the CA, but for other.example only. */
  otherName: Pem
  remove(): void
}

const LOCAL_SAN = 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1'

export function makeTestCertificates(): TestCertificates {
  const openssl = requirePeerTool('openssl')
  const dir = mkdtempSync(join(tmpdir(), 'socket-lab-tls-'))
  const run = (...args: string[]): void => {
    execFileSync(openssl, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 })
  }
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes']
  const read = (name: string): Pem => {
    const certPath = join(dir, `${name}.crt`)
    const keyPath = join(dir, `${name}.key`)
    return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8'), certPath, keyPath }
  }
  run('req', '-x509', ...ec, '-days', '2', '-subj', '/CN=localhost', '-addext', LOCAL_SAN, '-keyout', 'self.key', '-out', 'self.crt')
  run('req', '-x509', ...ec, '-days', '2', '-subj', '/CN=Socket Lab Test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign', '-keyout', 'ca.key', '-out', 'ca.crt')
  const signed = (name: string, cn: string, san: string): void => {
    writeFileSync(join(dir, `${name}.ext`), `${san}\n`)
    run('req', ...ec, '-subj', `/CN=${cn}`, '-keyout', `${name}.key`, '-out', `${name}.csr`)
    run('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', `${name}.ext`, '-out', `${name}.crt`)
  }
  signed('leaf', 'localhost', LOCAL_SAN)
  signed('other', 'other.example', 'subjectAltName=DNS:other.example')
  return {
    dir,
    selfSigned: read('self'),
    ca: read('ca'),
    leaf: read('leaf'),
    otherName: read('other'),
    remove: () => rmSync(dir, { recursive: true, force: true })
  }
}

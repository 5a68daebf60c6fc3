// The TLS flags of `send tls` and `listen tls`: certificate files read here (the engine takes PEM
// text, never a path), what each side negotiated printed in one line a fact.
import { readFileSync } from 'node:fs'
import type { TlsCertificateInfo, TlsInfo } from '../shared/api'
import { MAX_PEM_CHARS } from '../shared/schemas'
import type { Transport } from './target'
import { UsageError } from './usage-error'

export interface TlsFlags {
  selfSigned?: boolean
  cert?: string
  key?: string
  ca?: string
  insecure?: boolean
  alpn?: string
  servername?: string
}

function readPem(path: string, flag: string): string {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new UsageError(`cannot read ${flag} '${path}': ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'Check the path and that you may read it.')
  }
  if (text.length > MAX_PEM_CHARS) throw new UsageError(`${flag} '${path}' is larger than ${MAX_PEM_CHARS} characters`, 'A PEM certificate or key is a few KiB: give the .pem file itself.')
  if (!/-----BEGIN [A-Z0-9 ]+-----/.test(text)) {
    throw new UsageError(`${flag} '${path}' is not PEM`, 'Give a PEM file (text starting with -----BEGIN ...-----); convert a DER file with: openssl x509 -inform der -in cert.der -out cert.pem')
  }
  return text
}

function parseAlpn(list: string): string[] {
  const names = list.split(',').map((n) => n.trim()).filter((n) => n.length > 0)
  if (names.length === 0) throw new UsageError(`--alpn '${list}' names no protocol`, 'Give protocol names separated by commas: --alpn h2,http/1.1')
  return names
}

/** Refuses TLS flags on other transports, and half a key pair. */
export function checkTlsFlags(transport: Transport, o: TlsFlags, role: 'client' | 'server'): void {
  const given = (['selfSigned', 'cert', 'key', 'ca', 'insecure', 'alpn', 'servername'] as const).filter((k) => o[k] !== undefined && o[k] !== false)
  const flag = (k: string): string => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`
  if (transport !== 'tls') {
    if (given.length > 0) throw new UsageError(`${given.map(flag).join(' and ')} need${given.length === 1 ? 's' : ''} TLS`, `Use the tls transport: socket-lab ${role === 'client' ? 'send' : 'listen'} tls ...`)
    return
  }
  if ((o.cert === undefined) !== (o.key === undefined)) throw new UsageError('--cert and --key go together', 'Give the certificate file and the file of its private key.')
  if (role === 'server') {
    if (o.selfSigned && o.cert !== undefined) throw new UsageError('--self-signed and --cert exclude each other', 'Give a certificate and key, or --self-signed to have one made.')
    if (!o.selfSigned && o.cert === undefined) {
      throw new UsageError('a TLS server needs a certificate', 'Give --cert FILE --key FILE (PEM), or --self-signed for one made for localhost.')
    }
    for (const k of ['insecure', 'servername'] as const) if (o[k] !== undefined) throw new UsageError(`${flag(k)} is for a TLS client`, 'Drop it: a server presents its certificate; the client checks it.')
  } else if (o.selfSigned) throw new UsageError('--self-signed is for a TLS server', 'A client checks the server\u2019s certificate; use --insecure to connect to a self-signed one, or --ca FILE to trust it.')
}

/** The fields a `tls-client` config takes from the flags. */
export function tlsClientFields(o: TlsFlags): Record<string, unknown> {
  return {
    ...(o.insecure ? { insecure: true } : {}),
    ...(o.servername !== undefined ? { servername: o.servername } : {}),
    ...(o.alpn !== undefined ? { alpn: parseAlpn(o.alpn) } : {}),
    ...(o.ca !== undefined ? { ca: readPem(o.ca, '--ca') } : {}),
    ...(o.cert !== undefined ? { cert: readPem(o.cert, '--cert') } : {}),
    ...(o.key !== undefined ? { key: readPem(o.key, '--key') } : {})
  }
}

/** The fields a `tls-server` config takes from the flags. */
export function tlsServerFields(o: TlsFlags): Record<string, unknown> {
  return {
    ...(o.selfSigned ? { selfSigned: true } : {}),
    ...(o.cert !== undefined ? { cert: readPem(o.cert, '--cert') } : {}),
    ...(o.key !== undefined ? { key: readPem(o.key, '--key') } : {}),
    ...(o.alpn !== undefined ? { alpn: parseAlpn(o.alpn) } : {}),
    ...(o.ca !== undefined ? { ca: readPem(o.ca, '--ca'), requestCert: true } : {})
  }
}

function certificateLine(c: TlsCertificateInfo): string {
  const names = c.subjectAltNames ? `  names ${c.subjectAltNames}` : ''
  return `${c.subject}  issued by ${c.selfSigned ? 'itself (self-signed)' : c.issuer}  valid ${c.validFrom} to ${c.validTo}${names}  sha256 ${c.fingerprint256}`
}

/** Lines that say what a client's handshake negotiated and whom it reached. */
export function describeSession(tls: TlsInfo): string[] {
  const verified = tls.authorized ? 'certificate verified' : `certificate NOT verified (${tls.authorizationError ?? 'unknown'}; --insecure)`
  const lines = [`${tls.protocol ?? '?'}  ${tls.cipher ?? '?'}  ALPN ${tls.alpn || 'none'}${tls.servername ? `  server name ${tls.servername}` : ''}  ${verified}`]
  tls.peerChain?.forEach((c, i) => lines.push(`${i === 0 ? 'certificate' : `issuer ${i}`}  ${certificateLine(c)}`))
  return lines
}

/** Lines that say what a TLS server's client negotiated, and the certificate it showed when asked. */
export function describeClientSession(tls: TlsInfo): string[] {
  const verified = tls.authorized === undefined ? '' : tls.authorized ? '  client certificate verified' : `  client certificate NOT verified (${tls.authorizationError ?? 'unknown'})`
  const lines = [`${tls.protocol ?? '?'}  ${tls.cipher ?? '?'}  ALPN ${tls.alpn || 'none'}${tls.servername ? `  asked for ${tls.servername}` : ''}${verified}`]
  tls.peerChain?.forEach((c, i) => lines.push(`${i === 0 ? 'client certificate' : `issuer ${i}`}  ${certificateLine(c)}`))
  return lines
}

/** The line that says which certificate a server presents. */
export function describeServerCertificate(tls: TlsInfo): string[] {
  return tls.certificate ? [`certificate  ${certificateLine(tls.certificate)}`] : []
}

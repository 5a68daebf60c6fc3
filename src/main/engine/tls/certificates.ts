// Certificates described for people: from a peer's certificate chain as the handshake gave it, or
// from PEM text a server presents.
import { X509Certificate } from 'node:crypto'
import type tls from 'node:tls'
import type { TlsCertificateInfo, TlsInfo } from '../../../shared/api'
import { SocketLabError } from '../../../shared/errors'

/** How deep a chain is followed: real chains are 2 to 4 long; a loop ends here too. */
const MAX_CHAIN = 10

/**
 * Signed by its own key, naming itself as issuer. OpenSSL's checkIssued also wants the key usage to
 * allow signing certificates, which a server's own leaf (rightly) does not say.
 */
function isSelfSigned(cert: X509Certificate): boolean {
  if (cert.checkIssued(cert)) return true
  try {
    return cert.subject === cert.issuer && cert.verify(cert.publicKey)
  } catch {
    return false
  }
}

function describeX509(cert: X509Certificate): TlsCertificateInfo {
  const info: TlsCertificateInfo = {
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    validFrom: cert.validFrom,
    validTo: cert.validTo,
    fingerprint256: cert.fingerprint256,
    serialNumber: cert.serialNumber,
    selfSigned: isSelfSigned(cert)
  }
  if (cert.subjectAltName) info.subjectAltNames = cert.subjectAltName
  return info
}

/** Node gives a DN one attribute per line; one line reads better in a header. */
function oneLine(dn: string): string {
  return dn.split('\n').filter((p) => p.length > 0).join(', ')
}

/** The first certificate in PEM text, described; a clear error when it does not parse. */
export function describePem(pem: string, what: string): TlsCertificateInfo {
  try {
    return describeX509(new X509Certificate(pem))
  } catch (err) {
    throw SocketLabError.of('EINVAL', { id: 'tlsCertUnreadable', params: { what, reason: (err as Error).message } })
  }
}

/** The peer's certificate and the issuers it sent, in order. */
export function peerChain(socket: tls.TLSSocket): TlsCertificateInfo[] {
  const out: TlsCertificateInfo[] = []
  let cert = socket.getPeerX509Certificate()
  const seen = new Set<string>()
  while (cert && out.length < MAX_CHAIN && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256)
    out.push(describeX509(cert))
    cert = cert.issuerCertificate
  }
  return out
}

/** What a finished handshake negotiated, as the endpoint's header shows it. */
export function sessionInfo(socket: tls.TLSSocket, servername: string | undefined): TlsInfo {
  const info: TlsInfo = { alpn: socket.alpnProtocol ?? false, authorized: socket.authorized }
  const protocol = socket.getProtocol()
  if (protocol) info.protocol = protocol
  const cipher = socket.getCipher() as { standardName?: string; name: string } | undefined
  if (cipher) info.cipher = cipher.standardName ?? cipher.name
  if (servername) info.servername = servername
  const why = socket.authorizationError
  if (why) info.authorizationError = String(why)
  const chain = peerChain(socket)
  if (chain.length > 0) info.peerChain = chain
  return info
}

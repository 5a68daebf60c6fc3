// A TLS handshake that fails says why in OpenSSL's words (DEPTH_ZERO_SELF_SIGNED_CERT,
// ERR_SSL_WRONG_VERSION_NUMBER...): these turn them into what happened and what to do about it.
import { SocketLabError } from '../../shared/errors'
import { fromOsError, type ErrorContext } from './errors'

const INSECURE = 'turn certificate checks off for this client (insecure: true in its options, --insecure on the command line)'

/** Node's certificate check codes and OpenSSL's alerts, by what they mean to the user. */
function tlsHint(code: string, ctx: ErrorContext, servername: string | undefined): string | undefined {
  const where = ctx.target ?? 'the server'
  switch (code) {
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return `${where} presented a self-signed certificate, which no trusted authority vouches for. Give its certificate as the client's CA (--ca FILE on the command line) to trust it, or ${INSECURE} to connect anyway.`
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return `The authority that signed the certificate of ${where} is not trusted here, or the server did not send the intermediate certificates. Give the issuing CA's certificate as the CA (--ca FILE), or ${INSECURE}.`
    case 'CERT_HAS_EXPIRED':
      return `The certificate of ${where} has expired: its validity ended (notAfter) (or this machine's clock is wrong). Renew the server's certificate, or ${INSECURE}.`
    case 'CERT_NOT_YET_VALID':
      return `The certificate of ${where} is not valid yet: its validity starts later (notBefore) (or this machine's clock is wrong).`
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `The certificate of ${where} is not made out to the name checked (${servername ?? 'the host'}): its subject alternative names list other names. Connect by a name the certificate lists, set the server name (--servername) to one of them, or ${INSECURE}.`
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
    case 'ERR_SSL_PACKET_LENGTH_TOO_LONG':
      return `What ${where} answered is not TLS: it is probably a plain TCP server. Connect with a TCP client instead, or to the server's TLS port.`
    case 'ERR_SSL_UNSUPPORTED_PROTOCOL':
    case 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION':
    case 'ERR_SSL_NO_PROTOCOLS_AVAILABLE':
    case 'ERR_SSL_UNSUPPORTED_PROTOCOL_VERSION':
      return `The client and ${where} share no TLS version: one requires a version the other does not allow. Widen the minimum or maximum version on one side.`
    case 'ERR_SSL_NO_SHARED_CIPHER':
    case 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE':
      return `The handshake with ${where} failed: the two sides agreed on no cipher or parameters, or the server wants something the client did not offer (a client certificate).`
    case 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL':
    case 'ERR_SSL_NO_APPLICATION_PROTOCOL':
      return 'Client and server share no ALPN protocol: make their ALPN lists (--alpn) have one name in common, or leave ALPN out on one side.'
    case 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED':
    case 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE':
      return 'The server requires a client certificate: give the client one with its key (--cert FILE --key FILE).'
    case 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE':
    case 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA':
    case 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN':
      return 'The other side refused the certificate it was shown: it does not trust its issuer. Give that side the issuing certificate as its CA.'
    case 'ECONNRESET':
      return `${where} closed the connection during the TLS handshake: it may not speak TLS, or it refused what the client offered (version, cipher, server name).`
    default:
      if (/^ERR_SSL_|^ERR_TLS_|CERT/.test(code)) return `The TLS handshake with ${where} failed (${code}). Check that the server speaks TLS and that its certificate suits this client, or ${INSECURE}.`
      return undefined
  }
}

/** A failed connect or handshake, with a TLS hint where one fits, else the TCP one. */
export function tlsConnectError(err: unknown, ctx: ErrorContext, servername?: string): SocketLabError {
  const base = fromOsError(err, ctx)
  const hint = tlsHint(base.code, ctx, servername)
  return hint ? new SocketLabError(base.code, base.message, hint) : base
}

/** A client whose handshake with our server failed: the server keeps listening, the timeline says why. */
export function tlsClientRefused(err: unknown, client: string): SocketLabError {
  const e = err as NodeJS.ErrnoException | undefined
  const code = typeof e?.code === 'string' ? e.code : 'ETLSHANDSHAKE'
  const detail = e?.message ?? String(err)
  const hint =
    code === 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN' || code === 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA' || code === 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE'
      ? 'The client does not trust this server\'s certificate (self-signed or from an unknown authority). Give the client the certificate as its CA, or let it skip the check (--insecure).'
      : code === 'ECONNRESET'
        ? 'The client closed the connection during the TLS handshake: most often it did not trust this server\'s certificate (self-signed or from an unknown authority), or it does not speak TLS. Give the client the certificate as its CA, or let it skip the check (--insecure).'
      : code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_HTTP_REQUEST' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG'
        ? 'The client did not start a TLS handshake: it is probably a plain TCP client. Connect with a TLS client, or use a TCP server.'
        : (tlsHint(code, { action: 'connectionWith', transport: 'tcp', target: client }, undefined) ??
          'The client went away or gave up during the TLS handshake; the server keeps listening.')
  return new SocketLabError(code, `TLS handshake with ${client} failed: ${detail}`, hint)
}

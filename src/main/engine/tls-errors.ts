// A TLS handshake that fails says why in OpenSSL's words (DEPTH_ZERO_SELF_SIGNED_CERT,
// ERR_SSL_WRONG_VERSION_NUMBER...): these turn them into what happened and what to do about it,
// with texts from the error catalog so the window says them in the user's language.
import type { ErrorParams } from '../../shared/api'
import { SocketLabError, type CatalogRef } from '../../shared/errors'
import type { ErrorHintId } from '../../shared/messages/en'
import { fromOsError, type ErrorContext } from './errors'

/** Node's certificate check codes and OpenSSL's alerts, by what they mean to the user. */
function tlsHintId(code: string): ErrorHintId | undefined {
  switch (code) {
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return 'tlsSelfSigned'
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return 'tlsUntrustedIssuer'
    case 'CERT_HAS_EXPIRED':
      return 'tlsExpired'
    case 'CERT_NOT_YET_VALID':
      return 'tlsNotYetValid'
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return 'tlsWrongName'
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
    case 'ERR_SSL_PACKET_LENGTH_TOO_LONG':
      return 'tlsNotTls'
    case 'ERR_SSL_UNSUPPORTED_PROTOCOL':
    case 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION':
    case 'ERR_SSL_NO_PROTOCOLS_AVAILABLE':
    case 'ERR_SSL_UNSUPPORTED_PROTOCOL_VERSION':
      return 'tlsNoSharedVersion'
    case 'ERR_SSL_NO_SHARED_CIPHER':
    case 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE':
      return 'tlsNoSharedCipher'
    case 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL':
    case 'ERR_SSL_NO_APPLICATION_PROTOCOL':
      return 'tlsNoAlpn'
    case 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED':
    case 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE':
      return 'tlsClientCertRequired'
    case 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE':
    case 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA':
    case 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN':
      return 'tlsCertRefused'
    case 'ECONNRESET':
      return 'tlsResetInHandshake'
    default:
      return /^ERR_SSL_|^ERR_TLS_|CERT/.test(code) ? 'tlsOther' : undefined
  }
}

/** A failed connect or handshake, with a TLS hint where one fits, else the TCP one. */
export function tlsConnectError(err: unknown, ctx: ErrorContext, servername: string): SocketLabError {
  const base = fromOsError(err, ctx)
  const hintId = tlsHintId(base.code)
  if (!hintId || base.id === undefined) return base
  const params: ErrorParams = { ...base.params, servername, code: base.code, target: ctx.target ?? servername }
  return SocketLabError.of(base.code, { id: base.id, hintId, params } as CatalogRef)
}

/**
 * A TLS connection that failed after it was set up: with TLS 1.3 a server refuses a client's
 * certificate only after the client has finished its side, so the refusal arrives as an alert on
 * the first read. Only OpenSSL's codes get a TLS hint here; a reset is a reset.
 */
export function tlsSessionError(err: unknown, ctx: ErrorContext, servername: string): SocketLabError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  return typeof code === 'string' && /^ERR_SSL_|^ERR_TLS_/.test(code) ? tlsConnectError(err, ctx, servername) : fromOsError(err, ctx)
}

/** What a failed handshake of a client with our server means to the user, by OpenSSL's or Node's code. */
function clientHintId(code: string): ErrorHintId {
  switch (code) {
    case 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN':
    case 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA':
    case 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE':
      return 'tlsClientDistrusts'
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
    case 'ERR_SSL_HTTP_REQUEST':
    case 'ERR_SSL_PACKET_LENGTH_TOO_LONG':
      return 'tlsClientNotTls'
    case 'ECONNRESET':
      return 'tlsClientClosed'
    case 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE':
      return 'tlsClientSentNoCert'
    case 'ERR_SSL_CERTIFICATE_VERIFY_FAILED':
      return 'tlsClientCertUntrusted'
    case 'ERR_TLS_HANDSHAKE_TIMEOUT':
      return 'tlsClientTooSlow'
    case 'ERR_SSL_NO_SHARED_CIPHER':
    case 'ERR_SSL_UNSUPPORTED_PROTOCOL':
    case 'ERR_SSL_NO_PROTOCOLS_AVAILABLE':
      return tlsHintId(code) ?? 'tlsClientGaveUp'
    default:
      return 'tlsClientGaveUp'
  }
}

/** A client whose handshake with our server failed: the server keeps listening, the timeline says why. */
export function tlsClientRefused(err: unknown, client: string, handshakeTimeoutMs: number): SocketLabError {
  const e = err as NodeJS.ErrnoException | undefined
  const code = typeof e?.code === 'string' ? e.code : 'ETLSHANDSHAKE'
  const reason = e?.message ?? String(err)
  const seconds = handshakeTimeoutMs / 1000
  return SocketLabError.of(code, { id: 'tlsHandshakeFailed', hintId: clientHintId(code), params: { client, reason, target: client, code, seconds } })
}

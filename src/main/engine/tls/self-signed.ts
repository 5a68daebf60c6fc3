// A certificate for `selfSigned` servers, made on demand for localhost, 127.0.0.1 and ::1.
import { SocketLabError } from '../../../shared/errors'

export interface KeyPair {
  cert: string
  key: string
}

/**
 * Node can read certificates (crypto.X509Certificate) but not write them, and writing one by hand
 * means hand-written ASN.1. Until a certificate library is part of the application, a server asked
 * for a self-signed certificate says how to make one with openssl instead.
 */
export function makeSelfSigned(): Promise<KeyPair> {
  return Promise.reject(SocketLabError.of('ENOTSUP', { id: 'tlsSelfSignedUnavailable' }))
}

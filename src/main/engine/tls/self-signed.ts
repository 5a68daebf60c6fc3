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
  return Promise.reject(
    new SocketLabError(
      'ENOTSUP',
      'This build cannot make a self-signed certificate by itself',
      'Make one with openssl and give it as the certificate and key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" -keyout key.pem -out cert.pem'
    )
  )
}

// A certificate for `selfSigned` servers, made on demand for localhost, 127.0.0.1 and ::1 with the
// selfsigned package (pure JavaScript over WebCrypto: no hand-written ASN.1, nothing native).
import { generate } from 'selfsigned'

export interface KeyPair {
  cert: string
  key: string
}

/** How long a made certificate is valid: long enough for a course, short enough to stay a test one. */
const VALID_DAYS = 30

export async function makeSelfSigned(now = new Date()): Promise<KeyPair> {
  const notAfterDate = new Date(now.getTime() + VALID_DAYS * 24 * 60 * 60 * 1000)
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' }
        ]
      }
    ]
  })
  return { cert: pems.cert, key: pems.private }
}

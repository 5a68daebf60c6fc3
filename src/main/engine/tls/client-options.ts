// What node:tls is given to connect as a client: shared by the TLS client and a relay whose
// upstream speaks TLS, so both check certificates alike.
import type tls from 'node:tls'
import type { TlsUpstreamOptions } from '../../../shared/schemas'

export function tlsClientOptions(c: TlsUpstreamOptions): tls.ConnectionOptions {
  const opts: tls.ConnectionOptions = { rejectUnauthorized: c.insecure !== true }
  if (c.servername !== undefined) opts.servername = c.servername
  if (c.alpn) opts.ALPNProtocols = c.alpn
  if (c.ca !== undefined) opts.ca = c.ca
  if (c.cert !== undefined) opts.cert = c.cert
  if (c.key !== undefined) opts.key = c.key
  if (c.passphrase !== undefined) opts.passphrase = c.passphrase
  if (c.minVersion) opts.minVersion = c.minVersion
  if (c.maxVersion) opts.maxVersion = c.maxVersion
  return opts
}

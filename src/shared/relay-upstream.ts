// How a relay's upstream is written for people: host:port for TCP, tls://host:port for TLS,
// unix:PATH for a Unix socket; the same words the command line takes after --to.
import { formatHostPort } from './address'
import type { StreamUpstream } from './schemas'

export function upstreamLabel(upstream: StreamUpstream | { host: string; port: number }): string {
  if ('path' in upstream) return `unix:${upstream.path}`
  const at = formatHostPort(upstream.host, upstream.port)
  return 'tls' in upstream && upstream.tls ? `tls://${at}` : at
}

// What a TCP relay needs to know of its upstream (a TCP server, a TLS server or a Unix socket),
// in one place: how to reach it, when it carries bytes, how it reads as a remote address, and
// whether an error is its TLS layer speaking.
import net from 'node:net'
import tls from 'node:tls'
import type { SocketAddress } from '../../../shared/api'
import type { StreamUpstream } from '../../../shared/schemas'
import { familyOf } from '../peer'
import { tlsClientOptions } from '../tls/client-options'

/** A TLS upstream's name, checked against its certificate (and sent for SNI); undefined unless TLS. */
export function upstreamTlsName(u: StreamUpstream): string | undefined {
  return 'host' in u && u.tls ? (u.tls.servername ?? u.host) : undefined
}

/**
 * A new connection. TLS runs over a TCP socket made here (`tcp`), so that a reset can reach it:
 * Node resets only a plain TCP handle, not the TLS one wrapped around it. A plain stream reads into
 * `readBuffer` and hands each read to `read` (no 'data' events, whose fresh buffer per read would be
 * garbage at once); TLS decrypts into its own buffers and emits 'data'.
 */
export function dialUpstream(u: StreamUpstream, readBuffer: Uint8Array, read: (bytes: Uint8Array) => void): { upstream: net.Socket; tcp: net.Socket | undefined } {
  const onread = {
    buffer: readBuffer,
    callback: (n: number, buf: Uint8Array): boolean => {
      read(buf.subarray(0, n))
      return true
    }
  }
  if ('path' in u) return { upstream: net.connect({ path: u.path, allowHalfOpen: true, onread }), tcp: undefined }
  if (!u.tls) {
    const plain = net.connect({ host: u.host, port: u.port, allowHalfOpen: true, noDelay: true, onread })
    return { upstream: plain, tcp: plain }
  }
  const tcp = net.connect({ host: u.host, port: u.port, allowHalfOpen: true, noDelay: true })
  // The TLS socket takes allowHalfOpen from the TCP one it runs over.
  return { upstream: tls.connect({ ...tlsClientOptions(u.tls), socket: tcp, host: u.host }), tcp }
}

/** The event after which the upstream carries bytes: a TLS one has finished its handshake too. */
export function upstreamReadyEvent(u: StreamUpstream): 'connect' | 'secureConnect' {
  return upstreamTlsName(u) !== undefined ? 'secureConnect' : 'connect'
}

/** The upstream as a remote address: a path for a Unix socket. */
export function upstreamRemote(u: StreamUpstream): SocketAddress | { path: string } {
  if ('path' in u) return { path: u.path }
  return { address: u.host, port: u.port, family: familyOf(undefined, u.host) }
}

/** A TLS upstream's own failure (an alert, a check that failed), not a reset or a socket error. */
export function isUpstreamTlsFailure(u: StreamUpstream, err: Error): boolean {
  const code = (err as NodeJS.ErrnoException).code
  return upstreamTlsName(u) !== undefined && typeof code === 'string' && /^ERR_SSL_|^ERR_TLS_/.test(code)
}

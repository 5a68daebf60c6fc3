// A TCP server on an IPv4 or IPv6 address, or dual-stack on `::`.
import type net from 'node:net'
import { formatHostPort } from '../../../shared/address'
import type { SocketLabError } from '../../../shared/errors'
import type { tcpRelayConfig, tcpServerConfig, tlsServerConfig } from '../../../shared/schemas'
import type { z } from 'zod'
import { fromOsError, type ErrorAction, type ErrorContext } from '../errors'
import { familyOf, type PeerRemote } from '../peer'
import type { LocalAddress } from './endpoint'
import { DEFAULT_BACKLOG, StreamServer } from './stream-server'

type TcpServerConfig = z.infer<typeof tcpServerConfig>
type TlsServerConfig = z.infer<typeof tlsServerConfig>
type TcpRelayConfig = z.infer<typeof tcpRelayConfig>

/** Generic so that a TLS server and a TCP relay listen the same way. */
export class TcpServer<C extends TcpServerConfig | TlsServerConfig | TcpRelayConfig = TcpServerConfig> extends StreamServer<C> {
  protected listenOptions(): net.ListenOptions {
    const c = this.config
    // libuv sets SO_REUSEADDR on every TCP listener on Unix-like systems, so reuseAddress needs no
    // socket option there: a port in TIME_WAIT never blocks a new server.
    const opts: net.ListenOptions = { host: c.host, port: c.port, backlog: c.backlog ?? DEFAULT_BACKLOG }
    if ('exclusive' in c && c.exclusive !== undefined) opts.exclusive = c.exclusive
    if ('ipv6Only' in c && c.ipv6Only !== undefined) opts.ipv6Only = c.ipv6Only
    return opts
  }

  protected errorContext(action: ErrorAction): ErrorContext {
    // Where it listens once it does, rather than port 0 as configured.
    const port = this.config.port === 0 && this.local && 'port' in this.local ? this.local.port : this.config.port
    return { action, transport: 'tcp', target: formatHostPort(this.config.host, port), port: this.config.port }
  }

  protected async listenFailed(err: unknown): Promise<SocketLabError> {
    const ctx = this.errorContext('listenOn')
    const owner = this.config.port > 0 ? this.ctx.ownerOf('tcp', this.config.port, this.id) : undefined
    if (owner) ctx.owner = owner
    return fromOsError(err, ctx)
  }

  protected localOf(server: net.Server): LocalAddress {
    const a = server.address() as net.AddressInfo
    return { address: a.address, port: a.port, family: familyOf(a.family, a.address) }
  }

  protected remoteOf(socket: net.Socket): PeerRemote {
    const address = socket.remoteAddress ?? '?'
    return { address, port: socket.remotePort ?? 0, family: familyOf(socket.remoteFamily, address) }
  }
}

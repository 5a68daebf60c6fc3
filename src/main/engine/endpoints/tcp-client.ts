// A TCP client: host and port, optional local address and port, Nagle and keep-alive toggles.
import type net from 'node:net'
import type { z } from 'zod'
import { formatHostPort } from '../../../shared/address'
import type { tcpClientConfig, tlsClientConfig } from '../../../shared/schemas'
import type { ErrorAction, ErrorContext } from '../errors'
import { familyOf, type PeerRemote } from '../peer'
import type { LocalAddress } from './endpoint'
import { DEFAULT_CONNECT_TIMEOUT_MS, StreamClient } from './stream-client'

type TcpClientConfig = z.infer<typeof tcpClientConfig>
type TlsClientConfig = z.infer<typeof tlsClientConfig>

/** Generic so that a TLS client connects the same way. */
export class TcpClient<C extends TcpClientConfig | TlsClientConfig = TcpClientConfig> extends StreamClient<C> {
  protected connectOptions(): net.NetConnectOpts {
    const c = this.config
    const opts: net.TcpNetConnectOpts = { host: c.host, port: c.port }
    if (c.localAddress !== undefined) opts.localAddress = c.localAddress
    if (c.localPort !== undefined) opts.localPort = c.localPort
    return opts
  }

  protected get target(): string {
    return formatHostPort(this.config.host, this.config.port)
  }

  protected connectTimeoutMs(): number {
    return this.config.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS
  }

  protected override prepare(socket: net.Socket): void {
    const c = this.config
    if (c.noDelay !== undefined) socket.setNoDelay(c.noDelay)
    if (c.keepAlive) socket.setKeepAlive(true, c.keepAliveDelayMs ?? 0)
  }

  /** Nagle toggles on the live connection so its timeline carries on; the config keeps it for reconnects. */
  override update(config: C): void {
    if (config.noDelay !== undefined && config.noDelay !== this.config.noDelay) this.connectedSocket?.setNoDelay(config.noDelay)
    super.update(config)
  }

  protected errorContext(action: ErrorAction): ErrorContext {
    return { action, transport: 'tcp', target: formatHostPort(this.config.host, this.config.port), port: this.config.port }
  }

  protected addressesOf(socket: net.Socket): { local: LocalAddress | undefined; remote: PeerRemote } {
    const la = socket.localAddress ?? '?'
    const ra = socket.remoteAddress ?? this.config.host
    return {
      local: { address: la, port: socket.localPort ?? 0, family: familyOf(socket.localFamily, la) },
      remote: { address: ra, port: socket.remotePort ?? this.config.port, family: familyOf(socket.remoteFamily, ra) }
    }
  }
}

// A TLS client: a TCP client that completes a handshake before it counts as connected. The header
// shows what was negotiated and the server's certificate chain; a failed handshake says why.
import type net from 'node:net'
import tls from 'node:tls'
import type { z } from 'zod'
import type { SocketLabError } from '../../../shared/errors'
import type { tlsClientConfig } from '../../../shared/schemas'
import { sessionInfo } from '../tls/certificates'
import { tlsClientOptions } from '../tls/client-options'
import { tlsConnectError, tlsSessionError } from '../tls-errors'
import type { ErrorAction } from '../errors'
import type { Peer } from '../peer'
import { TcpClient } from './tcp-client'

type TlsClientConfig = z.infer<typeof tlsClientConfig>

export class TlsClient extends TcpClient<TlsClientConfig> {
  protected override readonly readyEvent = 'secureConnect'

  override start(): Promise<void> {
    // A new connection negotiates anew: the last one's details go.
    if (this.state !== 'connected' && this.state !== 'opening') this.extraInfo = {}
    return super.start()
  }

  protected override dial(options: net.NetConnectOpts): net.Socket {
    return tls.connect({ ...(options as net.TcpNetConnectOpts), ...tlsClientOptions(this.config) })
  }

  protected override connectFailed(err: unknown, timeoutMs: number): SocketLabError {
    return tlsConnectError(err, { ...this.errorContext('connectTo'), timeoutMs }, this.checkedName)
  }

  protected override peerError(err: unknown, peer: Peer, action: ErrorAction): SocketLabError {
    return tlsSessionError(err, this.peerContext(peer, action), this.checkedName)
  }

  protected override connected(socket: net.Socket): void {
    this.extraInfo = { tls: sessionInfo(socket as tls.TLSSocket, this.checkedName) }
  }

  /** The name the certificate is checked against: the server name, else the host. */
  private get checkedName(): string {
    return this.config.servername ?? this.config.host
  }
}

// A TLS server: a TCP server whose connections are served once their handshake is done, so peers,
// framing, capture and responders all see the plaintext. A failed handshake is reported on the
// endpoint and the server keeps listening.
import type net from 'node:net'
import tls from 'node:tls'
import type { z } from 'zod'
import { formatHostPort } from '../../../shared/address'
import { SocketLabError, type CatalogRef } from '../../../shared/errors'
import type { ErrorAction } from '../errors'
import type { Peer } from '../peer'
import type { tlsServerConfig } from '../../../shared/schemas'
import type { TlsInfo } from '../../../shared/api'
import { describePem, sessionInfo } from '../tls/certificates'
import { makeSelfSigned, type KeyPair } from '../tls/self-signed'
import { tlsClientRefused } from '../tls-errors'
import { TcpServer } from './tcp-server'

type TlsServerConfig = z.infer<typeof tlsServerConfig>

export class TlsServer extends TcpServer<TlsServerConfig> {
  /** The certificate and key served, read or made when the server starts. */
  private keyPair: KeyPair | undefined
  /** Connections still in their handshake, by remote address: a stop cuts them rather than wait. */
  private handshaking = new Map<string, net.Socket>()

  override async start(): Promise<void> {
    try {
      this.keyPair = await this.certificate()
      this.extraInfo = { tls: { certificate: describePem(this.keyPair.cert, 'certificate') } }
      // Node checks the key against the certificate here, before anything listens.
      tls.createSecureContext(this.secureOptions(this.keyPair))
    } catch (err) {
      const e = err instanceof SocketLabError ? err : badKeyPair(err)
      this.setState('error', e.toJSON())
      throw e
    }
    return super.start()
  }

  private async certificate(): Promise<KeyPair> {
    const c = this.config
    if (c.cert !== undefined && c.key !== undefined) return { cert: c.cert, key: c.key }
    // Made once per endpoint, so clients that trusted it keep doing so across restarts.
    return this.keyPair ?? (await makeSelfSigned())
  }

  private secureOptions(pair: KeyPair): tls.SecureContextOptions & tls.TlsOptions {
    const c = this.config
    const opts: tls.TlsOptions = { cert: pair.cert, key: pair.key }
    if (c.passphrase !== undefined) opts.passphrase = c.passphrase
    if (c.alpn) opts.ALPNProtocols = c.alpn
    if (c.ca !== undefined) opts.ca = c.ca
    if (c.requestCert) opts.requestCert = true
    return opts
  }

  /** Each client's handshake: protocol, cipher, ALPN, the name it asked for, the certificate it showed. */
  protected override sessionOf(socket: net.Socket): TlsInfo {
    const s = socket as tls.TLSSocket
    const info = sessionInfo(s, typeof s.servername === 'string' ? s.servername : undefined)
    // Unasked, a client shows no certificate, and "not authorized" would only alarm.
    if (!this.config.requestCert) {
      delete info.authorized
      delete info.authorizationError
    }
    return info
  }

  /**
   * A session that broke after its handshake says so with a TLS hint: a record that does not
   * decrypt, or renegotiation past Node's limit.
   */
  protected override peerError(err: unknown, peer: Peer, action: ErrorAction): SocketLabError {
    const base = super.peerError(err, peer, action)
    const hintId = base.code === 'ERR_TLS_SESSION_ATTACK' ? 'tlsClientRenegotiates' : /^ERR_SSL_/.test(base.code) ? 'tlsClientBrokeSession' : undefined
    if (!hintId || base.id === undefined) return base
    return SocketLabError.of(base.code, { id: base.id, hintId, params: { ...base.params, code: base.code } } as CatalogRef)
  }

  protected override createServer(accepted: (socket: net.Socket) => void): net.Server {
    // Not half open during the handshake: a client that gives up (it did not trust the certificate)
    // ends its side, and only a socket that is not half open closes then rather than wait forever.
    const server = tls.createServer({ ...this.secureOptions(this.keyPair!), handshakeTimeout: this.ctx.limits.tlsHandshakeTimeoutMs })
    server.on('connection', (raw: net.Socket) => {
      const key = remoteKey(raw)
      this.handshaking.set(key, raw)
      raw.once('close', () => {
        if (this.handshaking.get(key) === raw) this.handshaking.delete(key)
      })
    })
    server.on('secureConnection', (socket: tls.TLSSocket) => {
      this.handshaking.delete(remoteKey(socket))
      // Half open from now on, as a TCP server's connections are (writable, not a readonly field).
      socket.allowHalfOpen = true
      // Held until its reads are set up, as a TCP server's sockets are paused on connect.
      socket.pause()
      accepted(socket)
    })
    server.on('tlsClientError', (err, socket) => {
      const who = socket.remoteAddress ? formatHostPort(socket.remoteAddress, socket.remotePort ?? 0) : 'a client'
      this.emitError(tlsClientRefused(err, who, this.ctx.limits.tlsHandshakeTimeoutMs))
      // A handshake that timed out leaves its socket open: whatever failed, this client is done.
      socket.destroy()
    })
    return server
  }

  override async stop(): Promise<void> {
    for (const raw of this.handshaking.values()) raw.destroy()
    this.handshaking.clear()
    return super.stop()
  }
}

function remoteKey(socket: net.Socket): string {
  return `${socket.remoteAddress ?? ''}|${socket.remotePort ?? 0}`
}

function badKeyPair(err: unknown): SocketLabError {
  return SocketLabError.of('EINVAL', { id: 'tlsBadKeyPair', params: { reason: (err as Error).message ?? String(err) } })
}

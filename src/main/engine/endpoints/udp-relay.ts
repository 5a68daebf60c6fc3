// A UDP relay: one socket where senders send, and for each sender a socket of its own connected to
// the upstream, so the upstream's answers find their way back to whoever asked. Each sender is a
// peer: its datagrams are the chunks in, the upstream's answers sent back to it the chunks out.
// Both directions go through DatagramFaults (drop, duplicate, reorder, delay). Senders are bounded:
// past `maxPeers`, the one heard from least recently is let go to make room.
import dgram from 'node:dgram'
import { isIP } from 'node:net'
import type { z } from 'zod'
import type { EndpointInfo, PeerInfo, SendResult, SendTarget } from '../../../shared/api'
import { formatHostPort } from '../../../shared/address'
import { SocketLabError } from '../../../shared/errors'
import type { udpRelayConfig } from '../../../shared/schemas'
import { now } from '../clock'
import { fromOsError, type ErrorAction, type ErrorContext } from '../errors'
import { decodeFrames } from '../framing'
import { familyOf, Peer } from '../peer'
import { DatagramFaults } from '../relay/datagram-faults'
import { freshSeed, seededRandom } from '../relay/prng'
import { Endpoint } from './endpoint'

type UdpRelayConfig = z.infer<typeof udpRelayConfig>

export const DEFAULT_UDP_RELAY_PEERS = 256

/** Bytes of datagrams handed to one socket that the OS has not sent yet; past it, datagrams drop. */
const MAX_PENDING_SEND_BYTES = 4 * 1024 * 1024

/** Datagrams kept for an upstream socket still connecting (a name being looked up); past it, dropped. */
const MAX_EARLY_DATAGRAMS = 64

class RelayedSender extends Peer {
  upstream!: dgram.Socket
  toUpstream!: DatagramFaults
  toClient!: DatagramFaults
  /** Bytes handed to the upstream socket not yet sent. */
  upPending = 0
  /** Datagrams for the upstream that came before its socket was connected (a connected socket only sends once it is). */
  early: Uint8Array[] | undefined = []
  lastHeard = now()
}

export class UdpRelay extends Endpoint<UdpRelayConfig> {
  private socket: dgram.Socket | undefined
  private readonly byAddress = new Map<string, RelayedSender>()
  private seed = this.config.faults?.seed ?? freshSeed()

  private errorContext(action: ErrorAction, target?: string): ErrorContext {
    const port = this.config.port === 0 && this.local && 'port' in this.local ? this.local.port : this.config.port
    return { action, transport: 'udp', target: target ?? formatHostPort(this.config.host, port), port: this.config.port }
  }

  private get upstreamLabel(): string {
    return formatHostPort(this.config.upstream.host, this.config.upstream.port)
  }

  async start(): Promise<void> {
    if (this.socket) return
    this.error = undefined
    this.setState('opening')
    const c = this.config
    const socket = dgram.createSocket({ type: isIP(c.host) === 6 ? 'udp6' : 'udp4' })
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject)
        socket.bind({ port: c.port, address: c.host, exclusive: true }, () => {
          socket.off('error', reject)
          resolve()
        })
      })
    } catch (err) {
      socket.close()
      const ctx = this.errorContext('bind')
      const owner = c.port > 0 ? this.ctx.ownerOf('udp', c.port, this.id) : undefined
      if (owner) ctx.owner = owner
      const e = fromOsError(err, ctx)
      this.setState('error', e.toJSON())
      throw e
    }
    socket.on('message', (msg, rinfo) => {
      const peer = this.senderAt(rinfo.address, rinfo.port, rinfo.family)
      peer.lastHeard = now()
      this.received(peer, msg)
      peer.toUpstream.push(msg)
    })
    socket.on('error', (err) => this.emitError(fromOsError(err, this.errorContext('receiveOn'))))
    this.socket = socket
    const a = socket.address()
    this.local = { address: a.address, port: a.port, family: familyOf(a.family, a.address) }
    this.setState('listening')
  }

  /** The sender's peer, made with its upstream socket on first sight. */
  private senderAt(address: string, port: number, family: string): RelayedSender {
    const key = `${address}|${port}`
    const known = this.byAddress.get(key)
    if (known) return known
    const max = this.config.maxPeers ?? DEFAULT_UDP_RELAY_PEERS
    if (this.byAddress.size >= max) this.letGoOldest()
    const peer = new RelayedSender(this.newPeerId(), this.id, { address, port, family: familyOf(family, address) })
    peer.outDecoder = this.framing?.createDecoder()
    const { host, port: upPort } = this.config.upstream
    const up = dgram.createSocket({ type: isIP(host) === 6 ? 'udp6' : 'udp4' })
    peer.upstream = up
    const n = this.peers.size
    peer.toUpstream = new DatagramFaults('upstream', this.config.faults, { send: (b) => this.toUpstream(peer, b), note: (note) => this.responderNote(peer, note) }, seededRandom(this.seed + 2 * n))
    peer.toClient = new DatagramFaults('client', this.config.faults, { send: (b) => this.toClient(peer, b), note: (note) => this.responderNote(peer, note) }, seededRandom(this.seed + 2 * n + 1))
    up.on('message', (msg) => peer.toClient.push(msg))
    // ICMP port unreachable from the upstream arrives here: said once per sender, the relay goes on.
    let told = false
    up.on('error', (err) => {
      if (told) return
      told = true
      const code = (err as NodeJS.ErrnoException).code ?? 'EINTERNAL'
      const reason = fromOsError(err, this.errorContext('sendTo', this.upstreamLabel)).params?.reason ?? code
      const hintId = code === 'ECONNREFUSED' ? 'relayUpstreamRefused' : 'relayUpstreamFailed'
      this.emitError(SocketLabError.of(code, { id: 'relayUpstreamFailed', hintId, params: { endpoint: this.name, upstream: this.upstreamLabel, reason } }), peer.id)
    })
    up.connect(upPort, host, () => {
      const early = peer.early ?? []
      peer.early = undefined
      for (const b of early) this.toUpstream(peer, b)
    })
    this.byAddress.set(key, peer)
    this.addPeer(peer)
    return peer
  }

  private letGoOldest(): void {
    let oldest: RelayedSender | undefined
    for (const p of this.byAddress.values()) if (!oldest || p.lastHeard < oldest.lastHeard) oldest = p
    if (oldest) this.letGo(oldest, 'fin-local')
  }

  private letGo(peer: RelayedSender, reason: 'fin-local' | 'endpoint-closed'): void {
    const r = peer.remote as { address: string; port: number }
    this.byAddress.delete(`${r.address}|${r.port}`)
    peer.toUpstream.stop()
    peer.toClient.stop()
    try {
      peer.upstream.close()
    } catch {
      // Closed already.
    }
    this.removePeer(peer, reason)
  }

  private toUpstream(peer: RelayedSender, bytes: Uint8Array): void {
    if (!peer.isOpen || peer.upPending + bytes.byteLength > MAX_PENDING_SEND_BYTES) return
    if (peer.early) {
      if (peer.early.length < MAX_EARLY_DATAGRAMS) peer.early.push(bytes)
      return
    }
    peer.upPending += bytes.byteLength
    peer.upstream.send(bytes, () => (peer.upPending -= bytes.byteLength))
  }

  /** An answer for the sender: recorded once the OS took it, as every datagram sent is. */
  private toClient(peer: RelayedSender, bytes: Uint8Array): void {
    const s = this.socket
    if (!s || !peer.isOpen || peer.pendingOut + bytes.byteLength > MAX_PENDING_SEND_BYTES) return
    const r = peer.remote as { address: string; port: number }
    peer.pendingOut += bytes.byteLength
    s.send(bytes, r.port, r.address, (err) => {
      peer.pendingOut -= bytes.byteLength
      if (err) {
        this.emitError(fromOsError(err, this.errorContext('sendTo', formatHostPort(r.address, r.port))), peer.id)
        return
      }
      if (!peer.isOpen) return
      const time = now()
      const seq = this.recordOut(peer, bytes, time)
      if (peer.outDecoder && this.framing) decodeFrames(peer, bytes, seq, time, this, 'out')
      this.countOut(peer, bytes.byteLength, 1)
    })
  }

  /** Sends to a sender as if the upstream had answered (no faults): a datagram to test its client. */
  async send(to: SendTarget | undefined, bytes: Uint8Array): Promise<SendResult> {
    if (bytes.byteLength === 0) throw SocketLabError.of('EINVAL', { id: 'emptySend' })
    const targets = to === undefined || to === 'all' ? [...this.byAddress.values()] : 'peerId' in to ? [this.peer(to.peerId) as RelayedSender] : [...this.byAddress.values()].filter((p) => 'port' in p.remote && p.remote.address === to.host && p.remote.port === to.port)
    if (targets.length === 0) throw SocketLabError.of('EUNKNOWN', { id: 'noPeerAt', params: { address: to && to !== 'all' && 'host' in to ? formatHostPort(to.host, to.port) : '*', endpoint: this.name } })
    for (const p of targets) this.toClient(p, bytes)
    return { bytes: bytes.byteLength * targets.length, seqs: [] }
  }

  sendStream(): Promise<{ bytes: number; chunks: number }> {
    return Promise.reject(new SocketLabError('ENOTSUP', 'A UDP relay sends datagrams, not a stream', 'Send one datagram at a time.'))
  }

  async closePeer(peerId: string): Promise<PeerInfo> {
    const peer = this.peer(peerId) as RelayedSender
    this.letGo(peer, 'fin-local')
    return peer.info()
  }

  async endOutput(): Promise<number> {
    return 0
  }

  protected reply(): void {}

  protected queueOf(): undefined {
    return undefined
  }

  override update(config: UdpRelayConfig): void {
    super.update(config)
    const seed = config.faults?.seed
    if (seed !== undefined) this.seed = seed
    let n = 0
    for (const p of this.byAddress.values()) {
      const fresh = seed !== undefined
      p.toUpstream.setFaults(config.faults, fresh ? seededRandom(this.seed + 2 * n) : undefined)
      p.toClient.setFaults(config.faults, fresh ? seededRandom(this.seed + 2 * n + 1) : undefined)
      n++
    }
  }

  override info(): EndpointInfo {
    const info = super.info()
    const { host, port } = this.config.upstream
    info.remote = { address: host, port, family: familyOf(undefined, host) }
    return info
  }

  async stop(): Promise<void> {
    const socket = this.socket
    if (!socket) return
    this.socket = undefined
    this.setState('closing')
    for (const p of [...this.byAddress.values()]) this.letGo(p, 'endpoint-closed')
    await new Promise<void>((res) => socket.close(() => res()))
    this.setState('closed')
  }
}

// A UDP socket: bind, send to anyone, reply to whoever sent, optionally connect to one peer,
// broadcast and multicast. Its peers are the remote addresses it has heard from or sent to.
import dgram from 'node:dgram'
import { lookup } from 'node:dns/promises'
import type { z } from 'zod'
import type { EndpointInfo, PeerInfo, SendResult, SendTarget } from '../../../shared/api'
import { formatHostPort, isIP } from '../../../shared/address'
import { SocketLabError } from '../../../shared/errors'
import { formatMembership, membershipProblem, sameMembership, type MulticastMembership } from '../../../shared/multicast'
import { MAX_MULTICAST_GROUPS, type udpConfig } from '../../../shared/schemas'
import { datagramTooLarge, fromOsError, notRunning, socketNotSending, UDP_MAX_PAYLOAD_V4, UDP_MAX_PAYLOAD_V6, type ErrorAction, type ErrorContext } from '../errors'
import { OutboundQueue } from '../outbound-queue'
import { familyOf, Peer } from '../peer'
import type { PeerResponder } from '../responding'
import { watchUdpDrops } from '../udp-drops'
import { setReceiving } from '../udp-handle'
import { Endpoint } from './endpoint'

type UdpConfig = z.infer<typeof udpConfig>

/** How often, at most, a change of the last sender is told to the window during a flood. */
const SENDER_INFO_MS = 100

/**
 * Remote addresses whose responder sessions a UDP socket keeps: a UDP server has a session per
 * sender, and anyone can send from many ports, so past this the least recently answered is
 * forgotten (it starts afresh if it sends again).
 */
export const MAX_UDP_RESPONDERS = 256

/** Node's default buffer (about 208 KiB on Linux) loses datagrams below 100k/s; 4 MiB does not. */
export const DEFAULT_UDP_RECV_BUFFER = 4 * 1024 * 1024

async function resolve(host: string, family: 4 | 6 | undefined, ctx: ErrorContext): Promise<{ address: string; family: 4 | 6 }> {
  const literal = isIP(host)
  if (literal !== 0) return { address: host, family: literal }
  try {
    const r = family ? await lookup(host, { family }) : await lookup(host)
    return { address: r.address, family: r.family === 6 ? 6 : 4 }
  } catch (err) {
    throw fromOsError(err, { ...ctx, action: 'lookUp', target: host })
  }
}

export class UdpEndpoint extends Endpoint<UdpConfig> {
  private socket: dgram.Socket | undefined
  private family: 4 | 6 = 4
  private readonly byAddress = new Map<string, Peer>()
  private connectedPeer: Peer | undefined
  private lastPeer: Peer | undefined
  /** Datagrams handed to the OS and not yet sent, all peers together: they share the socket's buffer. */
  private queue: OutboundQueue | undefined
  /** Whom the last datagram came from: a reply goes there by default (recvfrom, then sendto). */
  private lastSender: Peer | undefined
  private announcedSender: Peer | undefined
  private senderTimer: NodeJS.Timeout | undefined
  /** Peers with a responder session, least recently answered first. */
  private readonly answered = new Set<Peer>()
  private lastAnswered: Peer | undefined
  private dropsWatch: { stop(): void } | undefined

  protected override responderFor(peer: Peer): PeerResponder | undefined {
    const r = super.responderFor(peer)
    if (r && peer !== this.lastAnswered) {
      this.lastAnswered = peer
      this.answered.delete(peer)
      this.answered.add(peer)
      while (this.answered.size > MAX_UDP_RESPONDERS) {
        const oldest = this.answered.values().next().value!
        this.dropResponder(oldest)
      }
    }
    return r
  }

  protected override dropResponder(peer: Peer): void {
    super.dropResponder(peer)
    this.answered.delete(peer)
    if (this.lastAnswered === peer) this.lastAnswered = undefined
  }

  /**
   * A datagram came from someone other than the last one: the window learns it at once, then at
   * most every SENDER_INFO_MS, so senders taking turns in a flood do not cost an event a datagram.
   */
  /**
   * Groups joined, kept in the config so they outlive a restart (the kernel forgets them with the
   * socket, so start joins again) and are saved with the workspace.
   */
  private get groups(): readonly MulticastMembership[] {
    return this.config.multicastGroups ?? []
  }

  private setGroups(groups: MulticastMembership[]): void {
    const { multicastGroups: _old, ...rest } = this.config
    this.config = groups.length > 0 ? { ...rest, multicastGroups: groups } : rest
  }

  private heardFrom(peer: Peer): void {
    this.lastSender = peer
    if (this.senderTimer) return
    this.announceSender()
    this.senderTimer = setTimeout(() => {
      this.senderTimer = undefined
      if (this.lastSender !== this.announcedSender) this.announceSender()
    }, SENDER_INFO_MS)
    this.senderTimer.unref()
  }

  private announceSender(): void {
    this.announcedSender = this.lastSender
    this.emitInfo()
  }

  override info(): EndpointInfo {
    const info = super.info()
    const sender = this.lastSender
    if (sender && 'port' in sender.remote) info.lastSender = { ...sender.remote }
    if (this.groups.length > 0) info.multicastGroups = this.groups.map((g) => ({ ...g }))
    return info
  }

  private errorContext(action: ErrorAction, target?: string): ErrorContext {
    // Where it is bound once it is, rather than port 0 as configured.
    const port = this.config.port === 0 && this.local && 'port' in this.local ? this.local.port : this.config.port
    return { action, transport: 'udp', target: target ?? formatHostPort(this.config.host, port), port: this.config.port, family: this.family }
  }

  async start(): Promise<void> {
    if (this.socket) return
    this.error = undefined
    this.setState('opening')
    const c = this.config
    let socket: dgram.Socket | undefined
    try {
      const bindTo = await resolve(c.host, undefined, this.errorContext('bind'))
      this.family = bindTo.family
      socket = dgram.createSocket({ type: bindTo.family === 6 ? 'udp6' : 'udp4', reuseAddr: c.reuseAddress ?? false, ipv6Only: c.ipv6Only ?? false })
      await bind(socket, c.port, bindTo.address).catch((err: unknown) => {
        const ctx = this.errorContext('bind')
        const owner = c.port > 0 ? this.ctx.ownerOf('udp', c.port, this.id) : undefined
        if (owner) ctx.owner = owner
        throw fromOsError(err, ctx)
      })
      const s = socket
      const queue = new OutboundQueue(this.ctx.limits.outboundLimitBytes, {
        answer: (p, payload, meta, time) => this.makeAnswer(p, payload, meta, time),
        // One queue for every sender: while one sender's responder waits (a delay, a chat's hold),
        // the socket answers nobody, like a lesson's one-threaded server blocked in input().
        ready: (p) => this.responderReady(p),
        setReading: (on) => this.socket === s && setReceiving(s, on)
      })
      this.queue = queue
      s.on('message', (msg, rinfo) => {
        const peer = this.peerAt(rinfo.address, rinfo.port, rinfo.family)
        this.received(peer, msg)
        if (peer !== this.lastSender) this.heardFrom(peer)
      })
      // ICMP errors on a connected socket (port unreachable) and the like: reported, socket kept.
      s.on('error', (err) => this.emitError(fromOsError(err, this.errorContext('receiveOn'))))
      this.applyOptions(s)
      this.socket = s
      this.rejoin(s)
      if (c.connect) {
        const to = await resolve(c.connect.host, this.family, this.errorContext('connectTo'))
        const target = formatHostPort(c.connect.host, c.connect.port)
        await new Promise<void>((res, rej) => s.connect(c.connect!.port, to.address, (err?: Error) => (err ? rej(fromOsError(err, this.errorContext('connectTo', target))) : res())))
        const r = s.remoteAddress()
        this.connectedPeer = this.peerAt(r.address, r.port, r.family)
        this.remote = { address: r.address, port: r.port, family: familyOf(r.family, r.address) }
      }
      const a = s.address()
      this.local = { address: a.address, port: a.port, family: familyOf(a.family, a.address) }
      this.watchDrops(s)
      this.setState(this.connectedPeer ? 'connected' : 'listening')
    } catch (err) {
      this.socket = undefined
      this.stopWatchingDrops()
      this.queue?.close()
      this.queue = undefined
      this.forgetPeers()
      if (socket) socket.close()
      const e = fromOsError(err, this.errorContext('bind'))
      this.setState('error', e.toJSON())
      throw e
    }
  }

  private applyOptions(s: dgram.Socket): void {
    const c = this.config
    const wanted = c.recvBufferSize ?? DEFAULT_UDP_RECV_BUFFER
    try {
      s.setRecvBufferSize(wanted)
      if (c.sendBufferSize !== undefined) s.setSendBufferSize(c.sendBufferSize)
    } catch (err) {
      this.emitError(fromOsError(err, this.errorContext('setBufferSizeOf')))
    }
    const got = s.getRecvBufferSize()
    this.extraInfo = { recvBufferSize: got }
    // Linux reports twice what it grants, so less than asked means the OS capped it.
    if (got < wanted) {
      this.emitError(
        SocketLabError.of('ENOBUFS', { id: 'recvBufferCapped', params: { got, wanted } })
      )
    }
    if (c.broadcast) s.setBroadcast(true)
    if (c.multicastTtl !== undefined) s.setMulticastTTL(c.multicastTtl)
    if (c.multicastLoopback !== undefined) s.setMulticastLoopback(c.multicastLoopback)
    if (c.multicastInterface !== undefined) s.setMulticastInterface(c.multicastInterface)
  }

  /**
   * Follows, while the socket is open, how many datagrams the OS dropped for it, and tells the
   * window when the count grows. Where the OS does not tell, nothing is shown.
   */
  private watchDrops(s: dgram.Socket): void {
    const watch = watchUdpDrops(s, (drops) => {
      if (this.socket !== s) return
      this.extraInfo = { ...this.extraInfo, kernelDrops: drops }
      this.emitInfo()
    })
    if (!watch) return
    this.dropsWatch?.stop()
    this.dropsWatch = watch
    this.extraInfo = { ...this.extraInfo, kernelDrops: watch.drops }
  }

  private peerAt(address: string, port: number, family: string | number): Peer {
    // A flood comes from one sender: skip building the key when it is the same one again.
    const last = this.lastPeer
    if (last && last.isOpen) {
      const r = last.remote as { address: string; port: number }
      if (r.port === port && r.address === address) return last
    }
    const key = `${address}|${port}`
    let peer = this.byAddress.get(key)
    if (!peer) {
      peer = new Peer(this.newPeerId(), this.id, { address, port, family: familyOf(family, address) })
      this.byAddress.set(key, peer)
      this.addPeer(peer)
    }
    this.lastPeer = peer
    return peer
  }

  private requireSocket(): dgram.Socket {
    if (!this.socket) throw notRunning(this.name, 'bound')
    return this.socket
  }

  send(to: SendTarget | undefined, bytes: Uint8Array, waitMs = 0): Promise<SendResult> {
    let socket: dgram.Socket
    try {
      socket = this.requireSocket()
      const max = this.family === 6 ? UDP_MAX_PAYLOAD_V6 : UDP_MAX_PAYLOAD_V4
      if (bytes.byteLength > max) throw datagramTooLarge(bytes.byteLength, this.family)
    } catch (err) {
      return Promise.reject(err)
    }
    // A connected socket sending to its peer is the traffic generator's path: one promise, no more.
    const single = to === undefined ? this.connectedPeer : undefined
    if (single && this.queue?.hasRoom(bytes.byteLength)) return this.sendTo(socket, single, bytes).then((seq) => ({ bytes: bytes.byteLength, seqs: [seq] }))
    return this.sendMany(socket, to, bytes, waitMs)
  }

  /**
   * Sends one datagram once the queue has room for it, waiting at most until `deadline`. The last
   * check and the send happen in one go: sends racing for the same room cannot all pass the check.
   */
  private async sendWhenRoom(peer: Peer, bytes: Uint8Array, deadline: number): Promise<number> {
    for (;;) {
      const socket = this.requireSocket()
      const queue = this.queue!
      if (queue.hasRoom(bytes.byteLength)) return this.sendTo(socket, peer, bytes)
      if (!(await queue.waitForRoom(bytes.byteLength, deadline - performance.now())) && !queue.isClosed) {
        throw socketNotSending(this.name, queue.pending, queue.limit)
      }
    }
  }

  private async sendMany(socket: dgram.Socket, to: SendTarget | undefined, bytes: Uint8Array, waitMs: number): Promise<SendResult> {
    const deadline = performance.now() + waitMs
    if (to === undefined && this.connectedPeer) {
      const seq = await this.sendWhenRoom(this.connectedPeer, bytes, deadline)
      return { bytes: bytes.byteLength, seqs: [seq] }
    }
    let targets: Peer[]
    if (to === undefined) {
      throw SocketLabError.of('EDESTADDRREQ', { id: 'udpNeedsDestination' })
    } else if (to === 'all') {
      targets = [...this.byAddress.values()]
      if (targets.length === 0) throw SocketLabError.of('EDESTADDRREQ', { id: 'udpNoPeers' })
    } else if ('peerId' in to) {
      targets = [this.peer(to.peerId)]
    } else {
      const target = formatHostPort(to.host, to.port)
      const r = await resolve(to.host, this.family, this.errorContext('sendTo', target))
      targets = [this.peerAt(r.address, to.port, r.family)]
    }
    const seqs: number[] = []
    for (const peer of targets) seqs.push(await this.sendWhenRoom(peer, bytes, deadline))
    return { bytes: bytes.byteLength * targets.length, seqs }
  }

  /**
   * Hands one datagram to the OS; it waits in the socket's queue until the OS says it went. Recorded
   * and counted only then, so counters only count what left.
   */
  private sendTo(socket: dgram.Socket, peer: Peer, bytes: Uint8Array): Promise<number> {
    const remote = peer.remote as { address: string; port: number }
    const n = bytes.byteLength
    const queue = this.queue
    queue?.added(n)
    peer.pendingOut += n
    return new Promise((res, rej) => {
      const done = (err: Error | null): void => {
        peer.pendingOut -= n
        if (err) rej(fromOsError(err, this.errorContext('sendTo', formatHostPort(remote.address, remote.port))))
        else {
          const seq = this.recordOut(peer, bytes)
          this.countOut(peer, n, 1)
          res(seq)
        }
        // After the datagram is recorded, so answers this makes room for come after it.
        queue?.taken(n, 1)
      }
      if (peer === this.connectedPeer) socket.send(bytes, done)
      else socket.send(bytes, remote.port, remote.address, done)
    })
  }

  protected reply(peer: Peer, bytes: Uint8Array): void {
    const socket = this.socket
    if (!socket || !this.queue || this.queue.isClosed) return
    this.sendTo(socket, peer, bytes).catch((err: unknown) => this.emitError(err, peer.id))
  }

  protected queueOf(): OutboundQueue | undefined {
    return this.queue
  }

  async sendStream(): Promise<{ bytes: number; chunks: number }> {
    throw SocketLabError.of('ENOTSUP', { id: 'udpNoStream' })
  }

  async closePeer(peerId: string): Promise<PeerInfo> {
    // UDP has no connection to close: the peer is only forgotten until it sends again.
    const peer = this.peer(peerId)
    if (peer === this.connectedPeer) {
      throw SocketLabError.of('EINVAL', { id: 'udpConnectedPeer' })
    }
    this.byAddress.delete(addressKey(peer))
    this.removePeer(peer, 'fin-local')
    return peer.info()
  }

  async endOutput(): Promise<number> {
    throw SocketLabError.of('ENOTSUP', { id: 'udpNoHalfClose' })
  }

  membership(action: 'join' | 'leave', group: string, iface?: string): void {
    const wanted: MulticastMembership = iface ? { group, interface: iface } : { group }
    const at = this.groups.findIndex((g) => sameMembership(g, wanted))
    if (action === 'leave') {
      if (at < 0) {
        const joined = this.groups.map(formatMembership).join(', ')
        const params = { endpoint: this.name, membership: formatMembership(wanted), joined }
        throw SocketLabError.of('EADDRNOTAVAIL', joined ? { id: 'groupNotJoined', params } : { id: 'groupNotJoined', hintId: 'noGroupJoined', params })
      }
      // A closed socket is out of every group already: only the plan to join again goes.
      if (this.socket) this.dropMembership(this.socket, wanted)
      this.setGroups(this.groups.filter((_, i) => i !== at))
      this.emitInfo()
      return
    }
    const socket = this.requireSocket()
    if (at >= 0) throw SocketLabError.of('EADDRINUSE', { id: 'groupAlreadyJoined', params: { endpoint: this.name, membership: formatMembership(wanted) } })
    if (this.groups.length >= MAX_MULTICAST_GROUPS) throw SocketLabError.of('ENOBUFS', { id: 'tooManyGroups', params: { endpoint: this.name, count: this.groups.length } })
    this.addMembership(socket, wanted)
    this.setGroups([...this.groups, wanted])
    this.emitInfo()
  }

  private addMembership(socket: dgram.Socket, m: MulticastMembership): void {
    const problem = membershipProblem(m.group, this.family, m.interface)
    if (problem) throw SocketLabError.of('EINVAL', problem)
    try {
      socket.addMembership(m.group, m.interface)
    } catch (err) {
      throw membershipError(err, this.name, m, this.errorContext('joinGroup', m.group))
    }
  }

  private dropMembership(socket: dgram.Socket, m: MulticastMembership): void {
    try {
      socket.dropMembership(m.group, m.interface)
    } catch (err) {
      throw membershipError(err, this.name, m, this.errorContext('leaveGroup', m.group))
    }
  }

  /** Joins again, after a restart, what was joined before; a group that fails is reported and forgotten. */
  private rejoin(socket: dgram.Socket): void {
    const kept: MulticastMembership[] = []
    for (const m of this.groups) {
      try {
        this.addMembership(socket, m)
        kept.push(m)
      } catch (err) {
        this.emitError(err)
      }
    }
    if (kept.length !== this.groups.length) this.setGroups(kept)
  }

  private stopWatchingDrops(): void {
    this.dropsWatch?.stop()
    this.dropsWatch = undefined
  }

  private forgetPeers(): void {
    for (const p of [...this.byAddress.values()]) this.removePeer(p, 'endpoint-closed')
    this.byAddress.clear()
    this.connectedPeer = undefined
    this.lastPeer = undefined
    this.lastSender = undefined
    this.announcedSender = undefined
    if (this.senderTimer) clearTimeout(this.senderTimer)
    this.senderTimer = undefined
  }

  async stop(): Promise<void> {
    const socket = this.socket
    if (!socket) return
    this.socket = undefined
    this.stopWatchingDrops()
    this.queue?.close()
    this.queue = undefined
    this.setState('closing')
    await new Promise<void>((res) => socket.close(() => res()))
    this.forgetPeers()
    this.setState('closed')
  }
}

function addressKey(peer: Peer): string {
  const r = peer.remote as { address: string; port: number }
  return `${r.address}|${r.port}`
}

/** The OS's codes for a refused join or leave, told in terms of groups and interfaces. */
function membershipError(err: unknown, endpoint: string, m: MulticastMembership, ctx: ErrorContext): SocketLabError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  const membership = formatMembership(m)
  switch (code) {
    case 'ENODEV':
      return SocketLabError.of('ENODEV', { id: 'groupNoInterface', params: { iface: m.interface ?? '(default)', group: m.group } })
    case 'EADDRINUSE':
      return SocketLabError.of('EADDRINUSE', { id: 'groupAlreadyJoined', params: { endpoint, membership } })
    case 'EADDRNOTAVAIL':
      if (ctx.action === 'leaveGroup') return SocketLabError.of('EADDRNOTAVAIL', { id: 'groupNotJoined', hintId: 'noGroupJoined', params: { endpoint, membership, joined: '' } })
      return fromOsError(err, ctx)
    case 'ENOBUFS':
      return SocketLabError.of('ENOBUFS', { id: 'groupOsLimit', params: { membership } })
    case 'EINVAL':
      return SocketLabError.of('EINVAL', { id: 'groupJoinRefused', params: { membership } })
    default:
      return fromOsError(err, ctx)
  }
}

function bind(socket: dgram.Socket, port: number, address: string): Promise<void> {
  return new Promise((res, rej) => {
    const onError = (err: Error): void => rej(err)
    socket.once('error', onError)
    socket.bind({ port, address, exclusive: true }, () => {
      socket.off('error', onError)
      res()
    })
  })
}

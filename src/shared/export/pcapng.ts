// The capture as a pcapng file for Wireshark and tshark, written as it is fed: the capture's
// records go in one at a time, in the order the capture keeps them, and full blocks of the file
// come out to a sink. It never holds more than one block and the state of the open connections.
//
// What a packet analyser sees:
// - one interface per endpoint, named after it;
// - TCP and UDP as Ethernet frames with IPv4 or IPv6 and TCP or UDP headers that carry the real
//   addresses and ports, with correct lengths and checksums. A TCP connection opens with a
//   three-way handshake, each chunk becomes segments of at most the MSS with sequence numbers from
//   its stream offset, the receiver acknowledges it, and the connection ends with FINs or an RST
//   as its close reason says. Follow TCP Stream gives back each side's bytes exactly;
// - Unix-domain streams as LINKTYPE_USER0 packets holding the bytes as they are, marked inbound or
//   outbound, with the connection's number as the packet's queue; Follow Stream does not apply;
// - bytes the capture dropped to stay within its limit as a comment (and a drop count) on the
//   next packet of that endpoint, and a gap in the sequence numbers where TCP bytes went missing.
import type { CaptureRecord, CloseReason, EndpointKind, PeerInfo, SocketAddress } from '../api'
import { ByteOut, type ByteSink } from './byte-out'
import type { CaptureFileWriter, ExportEndpoint } from './capture-file'
import { onesSum } from './internet-checksum'
import { maxTransportBytes, MAX_HEADERS, UDP_HEADER, writeTcpHeaders, writeUdpHeaders, type PacketEnds } from './packet-headers'
import {
  EPB_INBOUND,
  EPB_OUTBOUND,
  LINKTYPE_ETHERNET,
  LINKTYPE_WIRESHARK_UPPER_PDU,
  timestampHalves,
  writeEnhancedPacket,
  writeInterfaceDescription,
  writeSectionHeader,
  type PacketOptions,
  type TimeResolution
} from './pcapng-blocks'
import { CLOSE_TEXT, TcpFlow, type TcpPacket } from './tcp-flow'
import { UNIX_RECEIVED_TAGS, UNIX_SENT_TAGS } from './upper-pdu'
import { wireEnds } from './wire-addresses'


export interface PcapngOptions {
  /** Timestamps in microseconds (the default; the capture's clock is no finer) or nanoseconds. */
  resolution?: TimeResolution
  /** Written in the section header as the application that made the file. */
  application?: string
  /** Largest TCP payload per segment: 65495 by default, the most an IPv4 packet holds. */
  mss?: number
  /** Size of the blocks handed to the sink. */
  blockBytes?: number
}

export const DEFAULT_MSS = 0xffff - 20 - 20
/** Unix chunks are cut to packets of at most this many bytes; analysers refuse huge packets. */
const UNIX_PACKET_BYTES = 0xffff

const LOCAL_MAC = new Uint8Array([0x02, 0, 0, 0, 0, 0x01])
const PEER_MAC = new Uint8Array([0x02, 0, 0, 0, 0, 0x02])

type Transport = 'tcp' | 'udp' | 'unix'

function transportOf(kind: EndpointKind): Transport {
  if (kind === 'udp' || kind === 'udp-relay') return 'udp'
  // TLS endpoints capture the plaintext: it is written as the TCP payload it rode in.
  return kind.startsWith('tcp') || kind.startsWith('tls') ? 'tcp' : 'unix'
}

/** FNV-1a: initial sequence numbers that differ per connection and are the same on every export. */
function hash32(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h >>> 0
}

function isInet(a: SocketAddress | { path: string } | undefined): a is SocketAddress {
  return a !== undefined && 'port' in a
}

interface Connection {
  toPeer: PacketEnds
  toLocal: PacketEnds
  tcp?: TcpFlow
  /** TCP: its packets from this end to the peer, as addresses and ports (see mirrors). */
  wireKey?: string
  /** The other end of a connection another exported endpoint already writes: nothing of it is written again. */
  mirror?: boolean
  /** Unix: the connection's number within its endpoint, from 1. */
  number: number
  remoteLabel: string
  ipIdOut: number
  ipIdIn: number
}

interface Interface {
  index: number
  transport: Transport
  /** Whether peers connect to this endpoint (a server), rather than it to them. */
  server: boolean
  local: SocketAddress | undefined
  connections: Map<string, Connection>
  remotes: Map<string, SocketAddress | { path: string }>
  connectionCount: number
  /** Drop totals already reported, and a report waiting for the next packet. */
  droppedBytes: number
  droppedChunks: number
  pendingDrop: { bytes: number; chunks: number } | undefined
}

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`

function wireKey(e: PacketEnds): string {
  return `${e.src.join('.')}/${e.srcPort}>${e.dst.join('.')}/${e.dstPort}`
}

export class PcapngWriter implements CaptureFileWriter {
  private readonly out: ByteOut
  private readonly resolution: TimeResolution
  private readonly mss: number
  private readonly interfaces: Interface[] = []
  private readonly headers = new Uint8Array(MAX_HEADERS)
  private packets = 0
  /**
   * Open TCP connections by their packets' addresses and ports. When both ends of a connection are
   * exported endpoints (a client and a server of this app), each captured the same packets: the
   * end seen first writes them, and the other is a mirror, left out, or Wireshark would take every
   * packet for a retransmission.
   */
  private readonly onWire = new Map<string, Connection>()

  constructor(sink: ByteSink, options: PcapngOptions = {}) {
    this.out = new ByteOut(sink, options.blockBytes)
    this.resolution = options.resolution ?? 'us'
    this.mss = Math.max(1, Math.min(DEFAULT_MSS, Math.floor(options.mss ?? DEFAULT_MSS)))
    writeSectionHeader(this.out, { application: options.application ?? 'Socket Lab' })
  }

  /** Bytes of the file so far, flushed or not. */
  get bytesWritten(): number {
    return this.out.written
  }

  get packetsWritten(): number {
    return this.packets
  }

  /** Describes an endpoint as the file's next interface; returns the number its records go to. */
  addEndpoint(endpoint: ExportEndpoint): number {
    const transport = transportOf(endpoint.kind)
    const local = isInet(endpoint.local) ? endpoint.local : undefined
    const where = endpoint.local ? ('path' in endpoint.local ? endpoint.local.path : `${endpoint.local.address} port ${endpoint.local.port}`) : 'not bound'
    let comment: string | undefined
    if (transport === 'unix') {
      comment = 'Unix-domain stream bytes as they were read and written, one connection per queue number (frame.interface_queue); they have no addresses or TCP headers, so Follow Stream does not apply.'
    } else if (local && /^(0\.0\.0\.0|::)$/.test(local.address)) {
      comment = `Bound to any address (${local.address}): the capture does not keep which address each peer reached, so packets show 127.0.0.1 or ::1 for loopback peers and the unspecified address for others.`
    }
    writeInterfaceDescription(this.out, {
      linkType: transport === 'unix' ? LINKTYPE_WIRESHARK_UPPER_PDU : LINKTYPE_ETHERNET,
      snapLength: 0,
      name: endpoint.name,
      description: `Socket Lab ${endpoint.kind}, ${where}`,
      ...(comment ? { comment } : {}),
      resolution: this.resolution
    })
    const iface: Interface = {
      index: this.interfaces.length,
      transport,
      server: endpoint.kind === 'tcp-server' || endpoint.kind === 'unix-server' || endpoint.kind === 'tcp-relay' || endpoint.kind === 'udp-relay',
      local,
      connections: new Map(),
      remotes: new Map(),
      connectionCount: 0,
      droppedBytes: 0,
      droppedChunks: 0,
      pendingDrop: undefined
    }
    this.interfaces.push(iface)
    return iface.index
  }

  /**
   * Tells the writer a peer's address before its records come: for a peer whose opening was
   * dropped from the capture, its address is otherwise only known from its close.
   */
  notePeer(iface: number, peerId: string, remote: SocketAddress | { path: string }): void {
    this.iface(iface).remotes.set(peerId, remote)
  }

  /** Writes what one capture record shows; data records need their bytes. */
  write(iface: number, record: CaptureRecord, bytes?: Uint8Array): void {
    const f = this.iface(iface)
    switch (record.type) {
      case 'data': {
        if (!bytes) throw new TypeError(`chunk ${record.seq} needs its bytes`)
        const c = this.connection(f, record.peerId, undefined, record.time)
        if (!c.mirror) this.data(f, c, record.dir === 'out', record.offset, bytes, record.time)
        return
      }
      case 'dropped': {
        const bytesDropped = record.bytes - f.droppedBytes
        const chunks = record.chunks - f.droppedChunks
        if (bytesDropped <= 0 && chunks <= 0) return
        f.droppedBytes = record.bytes
        f.droppedChunks = record.chunks
        const prev = f.pendingDrop ?? { bytes: 0, chunks: 0 }
        f.pendingDrop = { bytes: prev.bytes + Math.max(0, bytesDropped), chunks: prev.chunks + Math.max(0, chunks) }
        return
      }
      case 'peer':
        this.peerEvent(f, record.event)
        return
      default:
        // Endpoint states and decoded frames are the window's business; packets do not show them.
        return
    }
  }

  /** Chunks the caller could not read any more (overwritten while the export ran): a drop to report. */
  lost(iface: number, bytes: number, chunks = 1): void {
    const f = this.iface(iface)
    f.droppedBytes += bytes
    f.droppedChunks += chunks
    const prev = f.pendingDrop ?? { bytes: 0, chunks: 0 }
    f.pendingDrop = { bytes: prev.bytes + bytes, chunks: prev.chunks + chunks }
  }

  /** Hands the bytes written so far to the sink. */
  flush(): void {
    this.out.flush()
  }

  private iface(index: number): Interface {
    const f = this.interfaces[index]
    if (!f) throw new RangeError(`no interface ${index}: add the endpoint first`)
    return f
  }

  private peerEvent(f: Interface, ev: Extract<CaptureRecord, { type: 'peer' }>['event']): void {
    const peer = ev.peer
    f.remotes.set(peer.id, peer.remote)
    if (ev.type === 'peer-open') {
      if (f.connections.has(peer.id)) return
      this.connection(f, peer.id, peer, peer.since)
      return
    }
    const c = this.connection(f, peer.id, peer, ev.time)
    if (c.mirror) {
      if (ev.type === 'peer-close') f.connections.delete(peer.id)
      return
    }
    if (ev.type === 'peer-state') {
      if (c.tcp) {
        c.tcp.learn(peer.counters.bytesIn, peer.counters.bytesOut + (peer.pendingOut ?? 0))
        if (peer.state === 'peer-ended') c.tcp.peerEnded(ev.time)
        else if (peer.state === 'we-ended') c.tcp.localEnded(ev.time)
      } else if (f.transport === 'unix') {
        this.unixNote(f, c, ev.time, peer.state === 'peer-ended' ? 'the peer ended its side (EOF)' : 'this endpoint ended its side')
      }
      return
    }
    f.connections.delete(peer.id)
    if (c.wireKey !== undefined && this.onWire.get(c.wireKey) === c) this.onWire.delete(c.wireKey)
    const note = this.closeNote(peer, ev.error?.message)
    if (c.tcp) {
      c.tcp.close(ev.reason, ev.time, {
        // An RST that came from the peer surfaces as a socket error; one we sent does not.
        resetByPeer: ev.error !== undefined,
        bytesIn: peer.counters.bytesIn,
        bytesOut: peer.counters.bytesOut + (peer.pendingOut ?? 0),
        ...(note ? { note } : {})
      })
    } else if (f.transport === 'unix') {
      this.unixNote(f, c, ev.time, `closed: ${this.closeText(ev.reason)}${note ? `; ${note}` : ''}`)
    }
  }

  private closeText(reason: CloseReason): string {
    return CLOSE_TEXT[reason].replace(/ \((FIN|RST)\)$/, '').replace(/; the RST marks where it ended$/, '')
  }

  private closeNote(peer: PeerInfo, message: string | undefined): string | undefined {
    const parts: string[] = []
    if (message) parts.push(message)
    if (peer.pendingOut) parts.push(`${plural(peer.pendingOut, 'byte')} written were still queued and never left`)
    return parts.length > 0 ? parts.join('; ') : undefined
  }

  /** The connection a record belongs to, opened on first sight (with a handshake when its open is known). */
  private connection(f: Interface, peerId: string, peer: PeerInfo | undefined, time: number): Connection {
    const known = f.connections.get(peerId)
    if (known) return known
    const remote = peer?.remote ?? f.remotes.get(peerId)
    const ends = wireEnds(f.local, isInet(remote) ? remote : undefined)
    const toPeer: PacketEnds = {
      family: ends.local.family,
      srcMac: LOCAL_MAC,
      dstMac: PEER_MAC,
      src: ends.local.bytes,
      dst: ends.remote.bytes,
      srcPort: ends.local.port,
      dstPort: ends.remote.port
    }
    const toLocal: PacketEnds = { ...toPeer, srcMac: PEER_MAC, dstMac: LOCAL_MAC, src: toPeer.dst, dst: toPeer.src, srcPort: toPeer.dstPort, dstPort: toPeer.srcPort }
    const c: Connection = {
      toPeer,
      toLocal,
      number: ++f.connectionCount,
      remoteLabel: remote ? ('path' in remote ? remote.path : `${remote.address} port ${remote.port}`) : 'an unknown peer',
      ipIdOut: hash32(`${f.index}/${peerId}/out`) & 0xffff,
      ipIdIn: hash32(`${f.index}/${peerId}/in`) & 0xffff
    }
    f.connections.set(peerId, c)
    const opened = peer !== undefined && peer.state === 'open' && peer.counters.bytesIn === 0 && peer.counters.bytesOut === 0
    const missed = opened ? undefined : 'its start is not in the capture (dropped to stay within the capture limit)'
    if (f.transport === 'tcp') {
      const other = this.onWire.get(wireKey(toLocal))
      if (other && !other.tcp?.isClosed) {
        c.mirror = true
        return c
      }
      c.wireKey = wireKey(toPeer)
      this.onWire.set(c.wireKey, c)
      c.tcp = new TcpFlow((p) => this.tcpPacket(f, c, p), hash32(`${f.index}/${peerId}/local`), hash32(`${f.index}/${peerId}/peer`), this.mss)
      if (!missed) c.tcp.open(!f.server, time)
      else c.tcp.annotate(`Connection with ${c.remoteLabel}: ${missed}`)
    } else if (f.transport === 'unix') {
      this.unixNote(f, c, time, missed ? `connection ${c.number} with ${c.remoteLabel}: ${missed}` : `connection ${c.number} opened with ${c.remoteLabel}`)
    }
    return c
  }

  private data(f: Interface, c: Connection, fromLocal: boolean, offset: number, bytes: Uint8Array, time: number): void {
    if (c.tcp) {
      c.tcp.data(fromLocal, offset, bytes, time)
      return
    }
    if (f.transport === 'udp') {
      this.datagram(f, c, fromLocal, bytes, time)
      return
    }
    const tags = fromLocal ? UNIX_SENT_TAGS : UNIX_RECEIVED_TAGS
    for (let done = 0; done === 0 || done < bytes.byteLength; ) {
      const take = Math.min(UNIX_PACKET_BYTES, bytes.byteLength - done)
      this.packet(f, time, tags, bytes.subarray(done, done + take), { direction: fromLocal ? EPB_OUTBOUND : EPB_INBOUND, queue: c.number })
      done += take
      if (take === 0) break
    }
  }

  private datagram(f: Interface, c: Connection, fromLocal: boolean, bytes: Uint8Array, time: number): void {
    const ends = fromLocal ? c.toPeer : c.toLocal
    const max = maxTransportBytes(ends.family) - UDP_HEADER
    let payload = bytes
    let comment: string | undefined
    if (bytes.byteLength > max) {
      // No datagram the engine sends or receives is this long; a hand-made record might be.
      payload = bytes.subarray(0, max)
      comment = `a datagram of ${bytes.byteLength} bytes cannot fit one IP packet: its first ${max} bytes are shown`
    }
    const id = fromLocal ? c.ipIdOut++ : c.ipIdIn++
    const n = writeUdpHeaders(this.headers, ends, payload.byteLength, onesSum(payload), id)
    this.packet(f, time, this.headers.subarray(0, n), payload, { direction: fromLocal ? EPB_OUTBOUND : EPB_INBOUND, ...(comment ? { comment } : {}) })
  }

  private tcpPacket(f: Interface, c: Connection, p: TcpPacket): void {
    const ends = p.fromLocal ? c.toPeer : c.toLocal
    const payload = p.payload
    const id = p.fromLocal ? c.ipIdOut++ : c.ipIdIn++
    const n = writeTcpHeaders(this.headers, ends, p.seg, payload?.byteLength ?? 0, payload ? onesSum(payload) : 0, id)
    const headers = this.headers.subarray(0, n)
    const options: PacketOptions = { direction: p.fromLocal ? EPB_OUTBOUND : EPB_INBOUND }
    if (p.comment) options.comment = p.comment
    this.packet(f, p.time, headers, payload, options)
  }

  private unixNote(f: Interface, c: Connection, time: number, comment: string): void {
    this.packet(f, time, UNIX_RECEIVED_TAGS, undefined, { comment, queue: c.number })
  }

  /** Every packet goes through here: a drop report waiting for it joins its comment. */
  private packet(f: Interface, time: number, headers: Uint8Array, payload: Uint8Array | undefined, options: PacketOptions): void {
    const notes: string[] = []
    if (f.pendingDrop) {
      const { bytes, chunks } = f.pendingDrop
      notes.push(`Socket Lab's capture dropped ${plural(bytes, 'byte')} in ${plural(chunks, 'chunk')} of this endpoint before this packet, to stay within the capture limit`)
      options.dropCount = chunks
      f.pendingDrop = undefined
    }
    if (options.comment) notes.push(options.comment)
    if (notes.length > 0) options.comment = notes.join('. ')
    writeEnhancedPacket(this.out, f.index, timestampHalves(time, this.resolution), headers, payload, options)
    this.packets++
  }
}

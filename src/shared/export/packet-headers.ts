// The link, network and transport headers an export puts in front of captured bytes, so a packet
// analyser reads them as the packets that carried them: Ethernet II, IPv4 or IPv6, TCP or UDP,
// with every length and checksum as a real stack would fill them in.
import { addSums, checksumOf, onesSum } from './internet-checksum'

export const ETHERNET_HEADER = 14
export const IPV4_HEADER = 20
export const IPV6_HEADER = 40
export const TCP_HEADER = 20
export const UDP_HEADER = 8
/** The longest headers: Ethernet, IPv6, TCP with the options a SYN carries. */
export const MAX_HEADERS = ETHERNET_HEADER + IPV6_HEADER + TCP_HEADER + 8

export const TCP_FIN = 0x01
export const TCP_SYN = 0x02
export const TCP_RST = 0x04
export const TCP_PSH = 0x08
export const TCP_ACK = 0x10

const PROTO_TCP = 6
const PROTO_UDP = 17

/** The two ends of a packet on the wire, source first. */
export interface PacketEnds {
  family: 4 | 6
  srcMac: Uint8Array
  dstMac: Uint8Array
  src: Uint8Array
  dst: Uint8Array
  srcPort: number
  dstPort: number
}

export interface TcpSegment {
  seq: number
  ack: number
  flags: number
  window: number
  /** Options, already padded to a multiple of 4 bytes. */
  options?: Uint8Array
}

/** One view per header buffer, kept: a writer reuses one buffer for every packet. */
const views = new WeakMap<Uint8Array, DataView>()
function viewOf(b: Uint8Array): DataView {
  let v = views.get(b)
  if (!v) {
    v = new DataView(b.buffer, b.byteOffset, b.byteLength)
    views.set(b, v)
  }
  return v
}

function ipHeaderLength(family: 4 | 6): number {
  return family === 4 ? IPV4_HEADER : IPV6_HEADER
}

/** The largest transport payload (TCP segment or UDP datagram, headers included) one IP packet carries. */
export function maxTransportBytes(family: 4 | 6): number {
  // IPv4's total length counts its header; IPv6's payload length does not.
  return family === 4 ? 0xffff - IPV4_HEADER : 0xffff
}

function writeEthernet(b: Uint8Array, ends: PacketEnds): void {
  b.set(ends.dstMac, 0)
  b.set(ends.srcMac, 6)
  b[12] = ends.family === 4 ? 0x08 : 0x86
  b[13] = ends.family === 4 ? 0x00 : 0xdd
}

/** Writes the IP header at `at` for a transport payload of `length` bytes; returns its length. */
function writeIp(b: Uint8Array, v: DataView, at: number, ends: PacketEnds, protocol: number, length: number, id: number): number {
  if (ends.family === 4) {
    b[at] = 0x45
    b[at + 1] = 0
    v.setUint16(at + 2, IPV4_HEADER + length)
    v.setUint16(at + 4, id & 0xffff)
    // Don't Fragment, as Linux sets it on TCP and on UDP with path MTU discovery.
    v.setUint16(at + 6, 0x4000)
    b[at + 8] = 64
    b[at + 9] = protocol
    v.setUint16(at + 10, 0)
    b.set(ends.src, at + 12)
    b.set(ends.dst, at + 16)
    v.setUint16(at + 10, checksumOf(onesSum(b, at, at + IPV4_HEADER)))
    return IPV4_HEADER
  }
  v.setUint32(at, 0x60000000)
  v.setUint16(at + 4, length)
  b[at + 6] = protocol
  b[at + 7] = 64
  b.set(ends.src, at + 8)
  b.set(ends.dst, at + 24)
  return IPV6_HEADER
}

/** The pseudo-header's share of a TCP or UDP checksum. */
function pseudoSum(ends: PacketEnds, protocol: number, length: number): number {
  const addresses = addSums(onesSum(ends.src), onesSum(ends.dst))
  // IPv4: zero, protocol, 16-bit length; IPv6: 32-bit length, three zeros, next header. Both fold
  // to the same sum while the length fits 16 bits, as it always does here.
  return addSums(addresses, protocol, length)
}

/**
 * Writes Ethernet, IP and TCP headers into `b` (at least MAX_HEADERS long) for a segment whose
 * payload has the given length and onesSum; returns the headers' length.
 */
export function writeTcpHeaders(b: Uint8Array, ends: PacketEnds, seg: TcpSegment, payloadLength: number, payloadSum: number, ipId: number): number {
  const v = viewOf(b)
  writeEthernet(b, ends)
  const options = seg.options?.byteLength ?? 0
  const tcpLength = TCP_HEADER + options + payloadLength
  const ip = writeIp(b, v, ETHERNET_HEADER, ends, PROTO_TCP, tcpLength, ipId)
  const t = ETHERNET_HEADER + ip
  v.setUint16(t, ends.srcPort)
  v.setUint16(t + 2, ends.dstPort)
  v.setUint32(t + 4, seg.seq >>> 0)
  v.setUint32(t + 8, seg.ack >>> 0)
  b[t + 12] = ((TCP_HEADER + options) / 4) << 4
  b[t + 13] = seg.flags
  v.setUint16(t + 14, seg.window)
  v.setUint16(t + 16, 0)
  v.setUint16(t + 18, 0)
  if (seg.options) b.set(seg.options, t + TCP_HEADER)
  const end = t + TCP_HEADER + options
  const header = onesSum(b, t, end)
  v.setUint16(t + 16, checksumOf(addSums(pseudoSum(ends, PROTO_TCP, tcpLength), header, payloadSum)))
  return end
}

/** Writes Ethernet, IP and UDP headers for a datagram; returns their length. */
export function writeUdpHeaders(b: Uint8Array, ends: PacketEnds, payloadLength: number, payloadSum: number, ipId: number): number {
  const v = viewOf(b)
  writeEthernet(b, ends)
  const udpLength = UDP_HEADER + payloadLength
  const ip = writeIp(b, v, ETHERNET_HEADER, ends, PROTO_UDP, udpLength, ipId)
  const u = ETHERNET_HEADER + ip
  v.setUint16(u, ends.srcPort)
  v.setUint16(u + 2, ends.dstPort)
  v.setUint16(u + 4, udpLength)
  v.setUint16(u + 6, 0)
  const sum = checksumOf(addSums(pseudoSum(ends, PROTO_UDP, udpLength), onesSum(b, u, u + UDP_HEADER), payloadSum))
  // A computed zero is sent as all ones: zero means "no checksum" (and is not allowed over IPv6).
  v.setUint16(u + 6, sum === 0 ? 0xffff : sum)
  return u + UDP_HEADER
}

/** Bytes of headers in front of a payload: Ethernet, IP, and the transport's own. */
export function headersLength(family: 4 | 6, transport: 'tcp' | 'udp', tcpOptions = 0): number {
  return ETHERNET_HEADER + ipHeaderLength(family) + (transport === 'tcp' ? TCP_HEADER + tcpOptions : UDP_HEADER)
}

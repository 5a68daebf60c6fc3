// The pcapng blocks an export writes (draft-ietf-opsawg-pcapng): one Section Header Block, one
// Interface Description Block per endpoint, then Enhanced Packet Blocks. Little-endian, as the
// byte-order magic in the section header says; every block and option is padded to 4 bytes, and a
// block's total length is written at both its ends so readers can walk the file either way.
import type { ByteOut } from './byte-out'

export const BLOCK_SHB = 0x0a0d0d0a
export const BLOCK_IDB = 0x00000001
export const BLOCK_EPB = 0x00000006
export const BYTE_ORDER_MAGIC = 0x1a2b3c4d

export const LINKTYPE_ETHERNET = 1
/**
 * Unix-domain stream bytes have no link layer of their own. LINKTYPE_WIRESHARK_UPPER_PDU carries
 * them after a few tags that name the dissector ("data": the bytes as they are), the protocol
 * column and the direction; LINKTYPE_USER0 would need each user to configure a dissector, and
 * without one Wireshark warns on every packet.
 */
export const LINKTYPE_WIRESHARK_UPPER_PDU = 252

const OPT_END = 0
const OPT_COMMENT = 1
const SHB_HARDWARE = 2
const SHB_OS = 3
const SHB_USERAPPL = 4
const IF_NAME = 2
const IF_DESCRIPTION = 3
const IF_TSRESOL = 9
const EPB_FLAGS = 2
const EPB_DROPCOUNT = 4
const EPB_QUEUE = 6

/** epb_flags bits 0-1: the packet's direction as seen from the capturing host. */
export const EPB_INBOUND = 0b01
export const EPB_OUTBOUND = 0b10

/** Decimal time resolution: 10^-6 s (microseconds) or 10^-9 s (nanoseconds). */
export type TimeResolution = 'us' | 'ns'

const utf8 = new TextEncoder()

const pad4 = (n: number): number => (4 - (n % 4)) % 4

type Option = [code: number, value: Uint8Array]

function optionsLength(options: readonly Option[]): number {
  if (options.length === 0) return 0
  let n = 4
  for (const [, value] of options) n += 4 + value.byteLength + pad4(value.byteLength)
  return n
}

function writeOptions(out: ByteOut, options: readonly Option[]): void {
  if (options.length === 0) return
  for (const [code, value] of options) {
    const r = out.reserve(4)
    r.view.setUint16(r.at, code, true)
    r.view.setUint16(r.at + 2, value.byteLength, true)
    out.commit(4)
    out.write(value)
    out.zeros(pad4(value.byteLength))
  }
  const r = out.reserve(4)
  r.view.setUint32(r.at, OPT_END, true)
  out.commit(4)
}

/** An option's value is at most 65535 bytes (its length is 16 bits): longer text is cut, whole characters only. */
const MAX_OPTION_BYTES = 0xffff

function text(value: string): Uint8Array {
  const bytes = utf8.encode(value)
  if (bytes.byteLength <= MAX_OPTION_BYTES) return bytes
  let end = MAX_OPTION_BYTES
  // Back to the start of a character: continuation bytes are 10xxxxxx.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--
  return bytes.subarray(0, end)
}

function writeU32(out: ByteOut, value: number): void {
  const r = out.reserve(4)
  r.view.setUint32(r.at, value, true)
  out.commit(4)
}

export interface SectionInfo {
  application?: string
  os?: string
  hardware?: string
  comment?: string
}

export function writeSectionHeader(out: ByteOut, info: SectionInfo): void {
  const options: Option[] = []
  if (info.comment) options.push([OPT_COMMENT, text(info.comment)])
  if (info.hardware) options.push([SHB_HARDWARE, text(info.hardware)])
  if (info.os) options.push([SHB_OS, text(info.os)])
  if (info.application) options.push([SHB_USERAPPL, text(info.application)])
  const total = 28 + optionsLength(options)
  const r = out.reserve(24)
  r.view.setUint32(r.at, BLOCK_SHB, true)
  r.view.setUint32(r.at + 4, total, true)
  r.view.setUint32(r.at + 8, BYTE_ORDER_MAGIC, true)
  r.view.setUint16(r.at + 12, 1, true)
  r.view.setUint16(r.at + 14, 0, true)
  // Section length: -1, not known in advance by a writer that streams.
  r.view.setUint32(r.at + 16, 0xffffffff, true)
  r.view.setUint32(r.at + 20, 0xffffffff, true)
  out.commit(24)
  writeOptions(out, options)
  writeU32(out, total)
}

export interface InterfaceInfo {
  linkType: number
  /** Longest packet captured whole; 0 means no limit. */
  snapLength: number
  name: string
  description?: string
  comment?: string
  resolution: TimeResolution
}

export function writeInterfaceDescription(out: ByteOut, info: InterfaceInfo): void {
  const options: Option[] = [[IF_NAME, text(info.name)]]
  if (info.description) options.push([IF_DESCRIPTION, text(info.description)])
  options.push([IF_TSRESOL, new Uint8Array([info.resolution === 'us' ? 6 : 9])])
  if (info.comment) options.push([OPT_COMMENT, text(info.comment)])
  const total = 20 + optionsLength(options)
  const r = out.reserve(16)
  r.view.setUint32(r.at, BLOCK_IDB, true)
  r.view.setUint32(r.at + 4, total, true)
  r.view.setUint16(r.at + 8, info.linkType, true)
  r.view.setUint16(r.at + 10, 0, true)
  r.view.setUint32(r.at + 12, info.snapLength, true)
  out.commit(16)
  writeOptions(out, options)
  writeU32(out, total)
}

export interface PacketOptions {
  comment?: string
  /** EPB_INBOUND or EPB_OUTBOUND. */
  direction?: number
  /** Packets lost between the previous packet of this interface and this one. */
  dropCount?: number
  /** Which queue of the interface: here, which peer of an endpoint whose packets carry no addresses. */
  queue?: number
}

/** Bytes of an EPB's options: computed and written without building any option list (one per packet). */
function packetOptionsLength(o: PacketOptions | undefined, comment: Uint8Array | undefined): number {
  if (!o) return 0
  let n = 0
  if (comment) n += 4 + comment.byteLength + pad4(comment.byteLength)
  if (o.direction !== undefined) n += 8
  if (o.dropCount !== undefined) n += 12
  if (o.queue !== undefined) n += 8
  return n === 0 ? 0 : n + 4
}

function writePacketOptions(out: ByteOut, o: PacketOptions, comment: Uint8Array | undefined): void {
  const head = (code: number, length: number): void => {
    const r = out.reserve(4)
    r.view.setUint16(r.at, code, true)
    r.view.setUint16(r.at + 2, length, true)
    out.commit(4)
  }
  if (comment) {
    head(OPT_COMMENT, comment.byteLength)
    out.write(comment)
    out.zeros(pad4(comment.byteLength))
  }
  if (o.direction !== undefined) {
    head(EPB_FLAGS, 4)
    writeU32(out, o.direction)
  }
  if (o.dropCount !== undefined) {
    head(EPB_DROPCOUNT, 8)
    writeU32(out, o.dropCount % 0x100000000)
    writeU32(out, Math.floor(o.dropCount / 0x100000000))
  }
  if (o.queue !== undefined) {
    head(EPB_QUEUE, 4)
    writeU32(out, o.queue)
  }
  writeU32(out, OPT_END)
}

/** A timestamp in the interface's units, as the two 32-bit halves an EPB stores. */
export function timestampHalves(timeMs: number, resolution: TimeResolution): [high: number, low: number] {
  const t = Math.max(0, timeMs)
  if (resolution === 'us') {
    // Microseconds since 1970 stay below 2^53 for another 250 years: a double holds them exactly.
    const us = Math.round(t * 1000)
    return [Math.floor(us / 0x100000000), us % 0x100000000]
  }
  // Nanoseconds pass 2^53: whole milliseconds and the rest are scaled apart, in integers.
  const ms = Math.floor(t)
  const ns = BigInt(ms) * 1_000_000n + BigInt(Math.round((t - ms) * 1_000_000))
  return [Number(ns >> 32n), Number(ns & 0xffffffffn)]
}

/**
 * One Enhanced Packet Block whose packet is the headers followed by the payload. The payload is
 * copied straight from where it is held; nothing is assembled first.
 */
export function writeEnhancedPacket(
  out: ByteOut,
  iface: number,
  time: [high: number, low: number],
  headers: Uint8Array,
  payload: Uint8Array | undefined,
  options?: PacketOptions
): void {
  const captured = headers.byteLength + (payload?.byteLength ?? 0)
  const comment = options?.comment ? text(options.comment) : undefined
  const optionsBytes = packetOptionsLength(options, comment)
  const total = 32 + captured + pad4(captured) + optionsBytes
  const r = out.reserve(28)
  r.view.setUint32(r.at, BLOCK_EPB, true)
  r.view.setUint32(r.at + 4, total, true)
  r.view.setUint32(r.at + 8, iface, true)
  r.view.setUint32(r.at + 12, time[0], true)
  r.view.setUint32(r.at + 16, time[1], true)
  r.view.setUint32(r.at + 20, captured, true)
  r.view.setUint32(r.at + 24, captured, true)
  out.commit(28)
  if (headers.byteLength > 0) out.write(headers)
  if (payload && payload.byteLength > 0) out.write(payload)
  out.zeros(pad4(captured))
  if (optionsBytes > 0) writePacketOptions(out, options!, comment)
  writeU32(out, total)
}

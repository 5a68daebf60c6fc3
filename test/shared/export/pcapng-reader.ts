// A small, strict pcapng reader for the tests, written from the format description rather than
// from the writer: it walks the blocks, checks every length, padding and option, and decodes the
// Ethernet, IP, TCP and UDP headers with their checksums, so a property test can hold the writer
// to the format for any input.

export interface Block {
  type: number
  body: DataView
  offset: number
}

export interface Option {
  code: number
  value: Uint8Array
}

export interface ParsedPacket {
  iface: number
  time: bigint
  data: Uint8Array
  options: Option[]
}

export interface ParsedFile {
  interfaces: { linkType: number; options: Option[] }[]
  packets: ParsedPacket[]
}

function fail(message: string): never {
  throw new Error(`malformed pcapng: ${message}`)
}

function readOptions(bytes: Uint8Array, from: number, to: number): Option[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out: Option[] = []
  let at = from
  if (at === to) return out
  for (;;) {
    if (at + 4 > to) fail(`option header runs past its block at ${at}`)
    const code = v.getUint16(at, true)
    const len = v.getUint16(at + 2, true)
    at += 4
    if (code === 0) {
      if (len !== 0) fail('opt_endofopt with a length')
      if (at !== to) fail(`bytes after opt_endofopt (${to - at})`)
      return out
    }
    const padded = len + ((4 - (len % 4)) % 4)
    if (at + padded > to) fail(`option ${code} runs past its block`)
    for (let i = at + len; i < at + padded; i++) if (bytes[i] !== 0) fail(`option ${code} padding is not zero`)
    out.push({ code, value: bytes.slice(at, at + len) })
    at += padded
  }
}

export function parsePcapng(bytes: Uint8Array): ParsedFile {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const file: ParsedFile = { interfaces: [], packets: [] }
  let at = 0
  let first = true
  while (at < bytes.byteLength) {
    if (at + 12 > bytes.byteLength) fail(`truncated block at ${at}`)
    const type = v.getUint32(at, true)
    const total = v.getUint32(at + 4, true)
    if (total % 4 !== 0 || total < 12) fail(`block at ${at} has length ${total}`)
    if (at + total > bytes.byteLength) fail(`block at ${at} runs past the end`)
    if (v.getUint32(at + total - 4, true) !== total) fail(`block at ${at}: trailing length differs`)
    if (first && type !== 0x0a0d0d0a) fail('the file does not start with a section header')
    first = false
    const end = at + total - 4
    if (type === 0x0a0d0d0a) {
      if (v.getUint32(at + 8, true) !== 0x1a2b3c4d) fail('byte-order magic')
      if (v.getUint16(at + 12, true) !== 1 || v.getUint16(at + 14, true) !== 0) fail('version')
      readOptions(bytes, at + 24, end)
    } else if (type === 1) {
      const linkType = v.getUint16(at + 8, true)
      if (v.getUint16(at + 10, true) !== 0) fail('IDB reserved field')
      file.interfaces.push({ linkType, options: readOptions(bytes, at + 16, end) })
    } else if (type === 6) {
      const iface = v.getUint32(at + 8, true)
      if (iface >= file.interfaces.length) fail(`packet for interface ${iface} before its description`)
      const time = (BigInt(v.getUint32(at + 12, true)) << 32n) | BigInt(v.getUint32(at + 16, true))
      const captured = v.getUint32(at + 20, true)
      const original = v.getUint32(at + 24, true)
      if (original < captured) fail('original length below captured length')
      const dataEnd = at + 28 + captured
      const padded = dataEnd + ((4 - (captured % 4)) % 4)
      if (padded > end) fail('packet data runs past its block')
      for (let i = dataEnd; i < padded; i++) if (bytes[i] !== 0) fail('packet padding is not zero')
      file.packets.push({ iface, time, data: bytes.slice(at + 28, dataEnd), options: readOptions(bytes, padded, end) })
    } else {
      fail(`unexpected block type ${type}`)
    }
    at += total
  }
  return file
}

function sum16(bytes: Uint8Array, initial = 0): number {
  let s = initial
  for (let i = 0; i < bytes.length; i += 2) s += (bytes[i]! << 8) | (bytes[i + 1] ?? 0)
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16)
  return s
}

export interface DecodedSegment {
  family: 4 | 6
  src: string
  dst: string
  srcPort: number
  dstPort: number
  protocol: 'tcp' | 'udp'
  seq: number
  ack: number
  flags: number
  payload: Uint8Array
}

/** Decodes an Ethernet frame down to TCP or UDP, failing on any wrong length or checksum. */
export function decodeEthernet(frame: Uint8Array): DecodedSegment {
  const v = new DataView(frame.buffer, frame.byteOffset, frame.byteLength)
  const etherType = v.getUint16(12)
  let family: 4 | 6
  let ipEnd: number
  let proto: number
  let src: Uint8Array
  let dst: Uint8Array
  let transportEnd: number
  if (etherType === 0x0800) {
    family = 4
    if (frame[14] !== 0x45) fail('IPv4 version/IHL')
    const total = v.getUint16(16)
    if (14 + total !== frame.byteLength) fail(`IPv4 total length ${total} for a frame of ${frame.byteLength}`)
    if (sum16(frame.subarray(14, 34)) !== 0xffff) fail('IPv4 header checksum')
    proto = frame[23]!
    src = frame.subarray(26, 30)
    dst = frame.subarray(30, 34)
    ipEnd = 34
    transportEnd = 14 + total
  } else if (etherType === 0x86dd) {
    family = 6
    if (frame[14]! >> 4 !== 6) fail('IPv6 version')
    const payloadLength = v.getUint16(18)
    if (54 + payloadLength !== frame.byteLength) fail('IPv6 payload length')
    proto = frame[20]!
    src = frame.subarray(22, 38)
    dst = frame.subarray(38, 54)
    ipEnd = 54
    transportEnd = 54 + payloadLength
  } else {
    fail(`ether type ${etherType.toString(16)}`)
  }
  const length = transportEnd - ipEnd
  const pseudo = sum16(new Uint8Array([...src, ...dst, 0, proto, length >> 8, length & 0xff]))
  const transport = frame.subarray(ipEnd, transportEnd)
  if (sum16(transport, pseudo) !== 0xffff) fail(`${proto === 6 ? 'TCP' : 'UDP'} checksum`)
  const tv = new DataView(transport.buffer, transport.byteOffset, transport.byteLength)
  const fmt = (b: Uint8Array): string => (family === 4 ? [...b].join('.') : Buffer.from(b).toString('hex'))
  if (proto === 6) {
    const headerLength = (transport[12]! >> 4) * 4
    return { family, src: fmt(src), dst: fmt(dst), srcPort: tv.getUint16(0), dstPort: tv.getUint16(2), protocol: 'tcp', seq: tv.getUint32(4), ack: tv.getUint32(8), flags: transport[13]!, payload: transport.slice(headerLength) }
  }
  if (proto !== 17) fail(`protocol ${proto}`)
  if (tv.getUint16(4) !== length) fail('UDP length')
  if (tv.getUint16(6) === 0) fail('UDP checksum left out')
  return { family, src: fmt(src), dst: fmt(dst), srcPort: tv.getUint16(0), dstPort: tv.getUint16(2), protocol: 'udp', seq: 0, ack: 0, flags: 0, payload: transport.slice(8) }
}

export function optionText(options: Option[], code: number): string | undefined {
  const o = options.find((x) => x.code === code)
  return o ? new TextDecoder().decode(o.value) : undefined
}

// Packet Sender's saved packets, read from its two formats: the JSON its "Export Packets" writes (an
// array of objects with lower-case keys, numbers as strings) and the INI file it keeps them in
// (packets.ini, or an INI export): a NAMES array listing the packets, then one group per name with
// hexString, toIP, port, tcpOrUdp, repeat. Each packet becomes a saved payload with its target; what
// cannot be taken is listed with the reason, never dropped in silence.
import { parseQtIni, iniString } from './qt-ini'
import { WORKSPACE_LIMITS } from '../schemas'

export type PacketTransport = 'tcp' | 'udp' | 'tls'

/** A packet as Socket Lab keeps it: the bytes in hex, where they go, and how often Packet Sender resent them. */
export interface ImportedPacket {
  name: string
  /** Lower-case hex pairs separated by spaces, as the composer's hex mode shows them. */
  hex: string
  byteLength: number
  target: { transport: PacketTransport; host: string; port: number }
  /** Packet Sender's "resend every N seconds" (0: once). */
  repeatSeconds: number
}

export type SkipReason = 'http' | 'unknown-protocol' | 'no-name' | 'bad-port' | 'no-host' | 'bad-hex' | 'too-long' | 'duplicate' | 'too-many'

export interface SkippedPacket {
  /** The packet's name, or its position (1-based) when it has none. */
  name: string
  reason: SkipReason
  /** What was found, for the message: the protocol, the port, the length. */
  detail?: string
}

export interface PacketImport {
  packets: ImportedPacket[]
  skipped: SkippedPacket[]
}

/** Which format a file is, from its text: JSON starts with `[` or `{`; anything else is read as INI. */
export type PacketSenderFormat = 'json' | 'ini'

export class PacketImportError extends Error {
  constructor(
    readonly reason: 'not-json-array' | 'no-packets-ini' | 'too-big',
    message: string
  ) {
    super(message)
    this.name = 'PacketImportError'
  }
}

/** Bigger files are refused before reading: a packet list is kilobytes. */
export const MAX_IMPORT_FILE_BYTES = 8 * 1024 * 1024

interface RawPacket {
  name: string
  hexString: string
  toIP: string
  port: string
  tcpOrUdp: string
  repeat: string
}

/** JSON when the text parses as JSON (Packet Sender's JSON export); anything else is read as INI. */
export function detectPacketSenderFormat(text: string): PacketSenderFormat {
  if (!/^\uFEFF?\s*[[{]/.test(text)) return 'ini'
  try {
    JSON.parse(text.replace(/^\uFEFF/, ''))
    return 'json'
  } catch {
    // Broken JSON is told as such, unless the text has INI sections.
    return /^\s*\[[^\]\r\n]+\]\s*$/m.test(text) ? 'ini' : 'json'
  }
}

/** Reads either format; which one is told by the text itself. */
export function readPacketSenderFile(text: string): PacketImport {
  if (text.length > MAX_IMPORT_FILE_BYTES) throw new PacketImportError('too-big', `the file is larger than ${MAX_IMPORT_FILE_BYTES} bytes`)
  return detectPacketSenderFormat(text) === 'json' ? readPacketSenderJson(text) : readPacketSenderIni(text)
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '')

export function readPacketSenderJson(text: string): PacketImport {
  let doc: unknown
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (err) {
    throw new PacketImportError('not-json-array', `the file is not JSON: ${(err as Error).message}`)
  }
  if (!Array.isArray(doc)) throw new PacketImportError('not-json-array', 'the file is JSON but not a list of packets')
  const raw: RawPacket[] = doc.map((item) => {
    const o = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {}
    return { name: str(o.name), hexString: str(o.hexstring), toIP: str(o.toip), port: str(o.port), tcpOrUdp: str(o.tcporudp), repeat: str(o.repeat) }
  })
  return convert(raw)
}

export function readPacketSenderIni(text: string): PacketImport {
  const keys = parseQtIni(text)
  const size = Number(iniString(keys.get('NAMES/size')) ?? Number.NaN)
  if (!Number.isInteger(size) || size < 0) throw new PacketImportError('no-packets-ini', 'the file has no NAMES list: it is not a Packet Sender packets file')
  const raw: RawPacket[] = []
  for (let i = 1; i <= Math.min(size, 100_000); i++) {
    const name = iniString(keys.get(`NAMES/${i}/name`)) ?? ''
    const field = (f: string): string => iniString(keys.get(`${name}/${f}`)) ?? ''
    raw.push({ name, hexString: field('hexString'), toIP: field('toIP'), port: field('port'), tcpOrUdp: field('tcpOrUdp'), repeat: field('repeat') })
  }
  return convert(raw)
}

/** Packet Sender's names for a protocol: TCP, UDP, SSL, and HTTP(S) GET/POST, in any case. */
function transportOf(tcpOrUdp: string): PacketTransport | 'http' | undefined {
  const p = tcpOrUdp.trim().toLowerCase()
  if (p.includes('http')) return 'http'
  if (p === 'udp') return 'udp'
  if (p.includes('ssl') || p.includes('tls') || p === 'dtls') return p === 'dtls' ? undefined : 'tls'
  if (p.includes('tcp') || p === '') return 'tcp'
  return undefined
}

/** Packet Sender takes any hex digits, ignoring what is between them (QByteArray::fromHex). */
function hexBytesOf(hexString: string): string[] | undefined {
  const digits = hexString.replace(/0x/gi, ' ').replace(/[^0-9a-fA-F]/g, '')
  if (digits.length % 2 !== 0) return undefined
  const pairs: string[] = []
  for (let i = 0; i < digits.length; i += 2) pairs.push(digits.slice(i, i + 2).toLowerCase())
  return pairs
}

function convert(raw: RawPacket[]): PacketImport {
  const packets: ImportedPacket[] = []
  const skipped: SkippedPacket[] = []
  const names = new Set<string>()
  raw.forEach((p, index) => {
    const name = p.name.trim().slice(0, 120)
    const label = name || `#${index + 1}`
    const skip = (reason: SkipReason, detail?: string): void => void skipped.push({ name: label, reason, ...(detail !== undefined ? { detail } : {}) })
    if (!name) return skip('no-name')
    if (names.has(name)) return skip('duplicate')
    const transport = transportOf(p.tcpOrUdp)
    if (transport === 'http') return skip('http', p.tcpOrUdp.trim())
    if (!transport) return skip('unknown-protocol', p.tcpOrUdp.trim())
    const port = Number(p.port.trim())
    if (!Number.isInteger(port) || port < 1 || port > 65535) return skip('bad-port', p.port.trim())
    const host = p.toIP.trim()
    if (!host || host.length > 255) return skip('no-host')
    const bytes = hexBytesOf(p.hexString)
    if (!bytes) return skip('bad-hex')
    const hex = bytes.join(' ')
    if (hex.length > WORKSPACE_LIMITS.payloadChars) return skip('too-long', String(bytes.length))
    if (packets.length >= WORKSPACE_LIMITS.savedPayloads) return skip('too-many', String(WORKSPACE_LIMITS.savedPayloads))
    const repeat = Number(p.repeat.trim() || '0')
    names.add(name)
    packets.push({ name, hex, byteLength: bytes.length, target: { transport, host, port }, repeatSeconds: Number.isFinite(repeat) && repeat > 0 ? repeat : 0 })
  })
  return { packets, skipped }
}

import { invalid } from './errors'

export type ChecksumName = 'sum8' | 'xor8' | 'crc16-modbus' | 'crc16-ccitt-false' | 'crc32'

export interface ChecksumInfo {
  name: ChecksumName
  label: string
  /** Bytes the checksum occupies when appended. */
  width: 1 | 2 | 4
  /** Byte order it is usually appended in: MODBUS sends its CRC low byte first. */
  endian: 'be' | 'le'
  /** The published check value: the checksum of the ASCII bytes "123456789". */
  check: number
}

export const CHECKSUMS: readonly ChecksumInfo[] = [
  { name: 'sum8', label: 'Sum (8-bit)', width: 1, endian: 'be', check: 0xdd },
  { name: 'xor8', label: 'XOR (8-bit)', width: 1, endian: 'be', check: 0x31 },
  { name: 'crc16-modbus', label: 'CRC-16/MODBUS', width: 2, endian: 'le', check: 0x4b37 },
  { name: 'crc16-ccitt-false', label: 'CRC-16/CCITT-FALSE', width: 2, endian: 'be', check: 0x29b1 },
  { name: 'crc32', label: 'CRC-32', width: 4, endian: 'be', check: 0xcbf43926 }
]

function info(name: ChecksumName): ChecksumInfo {
  const found = CHECKSUMS.find((c) => c.name === name)
  if (!found) throw invalid({ id: 'unknownChecksum', hintId: 'useOneOf', params: { name: String(name), choices: CHECKSUMS.map((c) => c.name).join(', ') } })
  return found
}

function table(poly: number, reflected: boolean, bits: 16 | 32): Uint32Array {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = reflected ? n : n << (bits - 8)
    for (let k = 0; k < 8; k++) {
      if (reflected) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1
      else c = c & (1 << (bits - 1)) ? (c << 1) ^ poly : c << 1
    }
    t[n] = bits === 32 ? c >>> 0 : c & 0xffff
  }
  return t
}

// Reflected polynomials for the reflected CRCs (MODBUS 0x8005 -> 0xa001, CRC-32 0x04c11db7 -> 0xedb88320).
const MODBUS = table(0xa001, true, 16)
const CCITT = table(0x1021, false, 16)
const CRC32 = table(0xedb88320, true, 32)

export function checksum(bytes: Uint8Array, name: ChecksumName): number {
  let c = 0
  switch (name) {
    case 'sum8':
      for (let i = 0; i < bytes.length; i++) c = (c + bytes[i]!) & 0xff
      return c
    case 'xor8':
      for (let i = 0; i < bytes.length; i++) c ^= bytes[i]!
      return c
    case 'crc16-modbus':
      c = 0xffff
      for (let i = 0; i < bytes.length; i++) c = (c >>> 8) ^ MODBUS[(c ^ bytes[i]!) & 0xff]!
      return c
    case 'crc16-ccitt-false':
      c = 0xffff
      for (let i = 0; i < bytes.length; i++) c = ((c << 8) & 0xffff) ^ CCITT[((c >>> 8) ^ bytes[i]!) & 0xff]!
      return c
    case 'crc32':
      c = 0xffffffff
      for (let i = 0; i < bytes.length; i++) c = (c >>> 8) ^ CRC32[(c ^ bytes[i]!) & 0xff]!
      return (c ^ 0xffffffff) >>> 0
    default:
      info(name)
      return 0
  }
}

export function checksumBytes(value: number, name: ChecksumName, endian?: 'be' | 'le'): Uint8Array {
  const { width, endian: usual } = info(name)
  const order = endian ?? usual
  const out = new Uint8Array(width)
  for (let k = 0; k < width; k++) out[order === 'be' ? width - 1 - k : k] = (value >>> (8 * k)) & 0xff
  return out
}

export function appendChecksum(bytes: Uint8Array, name: ChecksumName, endian?: 'be' | 'le'): Uint8Array {
  const tail = checksumBytes(checksum(bytes, name), name, endian)
  const out = new Uint8Array(bytes.length + tail.length)
  out.set(bytes)
  out.set(tail, bytes.length)
  return out
}

export interface ChecksumVerdict {
  ok: boolean
  /** Computed over the bytes before the checksum. */
  expected: number
  /** Read from the trailing bytes. */
  actual: number
}

/** Checks a message whose last bytes are its checksum. */
export function verifyChecksum(bytes: Uint8Array, name: ChecksumName, endian?: 'be' | 'le'): ChecksumVerdict {
  const { width, endian: usual } = info(name)
  if (bytes.length < width) {
    throw invalid({ id: 'checksumTooShort', params: { size: bytes.length, width, name } })
  }
  const body = bytes.subarray(0, bytes.length - width)
  const order = endian ?? usual
  let actual = 0
  for (let k = 0; k < width; k++) actual = actual * 256 + bytes[bytes.length - width + (order === 'be' ? k : width - 1 - k)]!
  const expected = checksum(body, name)
  return { ok: expected === actual, expected, actual }
}

// Python's struct.pack('i', n) and '!i': the 4-byte length the lessons put before a message.

/** struct.pack('i', n) (little-endian, as on x86) or struct.pack('!i', n) (network order). */
export function packInt(n: number, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(4)
  new DataView(out.buffer).setInt32(0, n, littleEndian)
  return out
}

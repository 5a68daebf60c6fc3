// The Internet checksum (RFC 1071): the one's complement sum of 16-bit big-endian words, used by
// IPv4 headers, TCP and UDP. Exports compute it over every payload byte, so the loop over the bulk
// adds 32-bit words through a Uint32Array: since 2^16 = 1 modulo 0xffff, a 32-bit word folds to the
// sum of its two halves, and the machine's little-endian order only swaps the bytes of the result
// (RFC 1071, "byte order independence"), which one swap at the end undoes.

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

function fold(sum: number): number {
  // Sums stay below 2^53 (see onesSum), so plain division is exact.
  while (sum > 0xffff) sum = (sum % 0x10000) + Math.floor(sum / 0x10000)
  return sum
}

function swap16(x: number): number {
  return ((x & 0xff) << 8) | (x >>> 8)
}

/**
 * The folded one's complement sum of bytes[start, end) as big-endian words, the first byte being
 * the high byte of a word (not complemented). Sums of parts add up with addSums when each part
 * starts at an even distance from the start of the whole.
 */
export function onesSum(bytes: Uint8Array, start = 0, end = bytes.byteLength): number {
  let i = start
  let hi = 0
  let lo = 0
  // Up to 3 bytes one by one, until the words are 4-byte aligned in memory.
  while (i < end && (bytes.byteOffset + i) % 4 !== 0) {
    if ((i - start) % 2 === 0) hi += bytes[i]!
    else lo += bytes[i]!
    i++
  }
  let sum = hi * 256 + lo
  const words = ((end - i) / 4) | 0
  if (words > 0) {
    const u32 = new Uint32Array(bytes.buffer, bytes.byteOffset + i, words)
    let folded = 0
    // Folded every 2^20 words, so the running sum stays an exact integer in a double.
    for (let from = 0; from < words; from += 1 << 20) {
      const to = Math.min(words, from + (1 << 20))
      let acc = folded
      for (let k = from; k < to; k++) acc += u32[k]!
      folded = fold(acc)
    }
    // Read in machine order, each word's bytes come swapped when the machine is little-endian; an
    // odd distance from the start swaps them once more.
    const swapped = LITTLE_ENDIAN !== ((i - start) % 2 === 1)
    if (swapped) folded = swap16(folded)
    sum += folded
    i += words * 4
  }
  hi = 0
  lo = 0
  for (; i < end; i++) {
    if ((i - start) % 2 === 0) hi += bytes[i]!
    else lo += bytes[i]!
  }
  return fold(sum + hi * 256 + lo)
}

/** Adds folded sums. */
export function addSums(...sums: number[]): number {
  let s = 0
  for (const x of sums) s += x
  return fold(s)
}

/** The checksum field's value: the complement of the sum. */
export function checksumOf(sum: number): number {
  return ~fold(sum) & 0xffff
}

// Sets of code points as sorted, disjoint, inclusive ranges: what one regex position may match.

/** Flat [lo0, hi0, lo1, hi1...], sorted and merged. */
export type CharSet = readonly number[]

export const MAX_CODE_POINT = 0x10ffff

export function charSet(ranges: readonly (readonly [number, number])[]): CharSet {
  const sorted = ranges.filter(([lo, hi]) => lo <= hi).sort((a, b) => a[0] - b[0])
  const out: number[] = []
  for (const [lo, hi] of sorted) {
    const last = out.length - 1
    if (last > 0 && lo <= out[last]! + 1) out[last] = Math.max(out[last]!, hi)
    else out.push(lo, hi)
  }
  return out
}

export function union(...sets: CharSet[]): CharSet {
  const ranges: [number, number][] = []
  for (const s of sets) for (let i = 0; i < s.length; i += 2) ranges.push([s[i]!, s[i + 1]!])
  return charSet(ranges)
}

export function complement(set: CharSet): CharSet {
  const out: number[] = []
  let next = 0
  for (let i = 0; i < set.length; i += 2) {
    if (set[i]! > next) out.push(next, set[i]! - 1)
    next = set[i + 1]! + 1
  }
  if (next <= MAX_CODE_POINT) out.push(next, MAX_CODE_POINT)
  return out
}

export function has(set: CharSet, c: number): boolean {
  let lo = 0
  let hi = set.length / 2 - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (c < set[mid * 2]!) hi = mid - 1
    else if (c > set[mid * 2 + 1]!) lo = mid + 1
    else return true
  }
  return false
}

export const single = (c: number): CharSet => [c, c]
export const DIGIT = charSet([[0x30, 0x39]])
export const WORD = charSet([[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]])
/** JavaScript's \s: WhiteSpace and LineTerminator. */
export const SPACE = charSet([[0x09, 0x0d], [0x20, 0x20], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a], [0x2028, 0x2029], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff]])
export const LINE_TERMINATOR = charSet([[0x0a, 0x0a], [0x0d, 0x0d], [0x2028, 0x2029]])
export const ANY = charSet([[0, MAX_CODE_POINT]])

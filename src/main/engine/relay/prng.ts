// A small seedable generator (mulberry32) for a relay's random faults: the same seed draws the
// same latencies and the same drops, so a lesson or a test can be run again and see the same thing.

/** Returns numbers in [0, 1), the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A seed for a relay given none: differs from run to run. */
export function freshSeed(): number {
  return Math.floor(Math.random() * 0x100000000) >>> 0
}

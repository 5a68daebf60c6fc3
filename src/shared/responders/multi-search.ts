// Which of many byte strings occur in a frame, found in one pass (Aho-Corasick). A rules list may
// hold a hundred "contains" rules and a frame may be 16 MiB: searching it once per rule would let a
// peer stall the engine for seconds with one long line. Here each byte of the frame is looked at a
// bounded number of times whatever the needles, and each needle is reported once.

/** The indexes (into the needles given) of those that occur somewhere in the haystack. */
export type MultiSearch = (haystack: Uint8Array) => ReadonlySet<number>

export function multiSearch(needles: readonly Uint8Array[]): MultiSearch {
  // The trie of the needles: state 0 is the root; `next` per state, by byte.
  const next: Map<number, number>[] = [new Map()]
  /** Needles that end exactly at a state. */
  const ends: number[][] = [[]]
  const always: number[] = []
  needles.forEach((needle, index) => {
    if (needle.byteLength === 0) {
      always.push(index)
      return
    }
    let s = 0
    for (const b of needle) {
      let t = next[s]!.get(b)
      if (t === undefined) {
        t = next.length
        next.push(new Map())
        ends.push([])
        next[s]!.set(b, t)
      }
      s = t
    }
    ends[s]!.push(index)
  })
  const states = next.length
  // fail: the longest proper suffix of a state's string that is also a state; output: the nearest
  // state along the fail chain at which some needle ends (0 for none). Breadth first, so a state's
  // fail is known before its children's.
  const fail = new Int32Array(states)
  const output = new Int32Array(states)
  const queue: number[] = []
  for (const t of next[0]!.values()) queue.push(t)
  for (let q = 0; q < queue.length; q++) {
    const s = queue[q]!
    for (const [b, t] of next[s]!) {
      let f = fail[s]!
      while (f !== 0 && !next[f]!.has(b)) f = fail[f]!
      const g = next[f]!.get(b)
      fail[t] = g !== undefined && g !== t ? g : 0
      output[t] = ends[fail[t]!]!.length > 0 ? fail[t]! : output[fail[t]!]!
      queue.push(t)
    }
  }
  const total = needles.length

  return (haystack) => {
    const found = new Set<number>(always)
    if (found.size === total) return found
    // A state whose needles were reported has had its whole output chain reported too: every needle
    // along it is a suffix of the one that ended there, so it ended at the same byte. The walk stops
    // there, and each state is reported at most once per haystack.
    const reported = new Uint8Array(states)
    let s = 0
    for (let i = 0; i < haystack.length; i++) {
      const b = haystack[i]!
      let t = next[s]!.get(b)
      while (t === undefined && s !== 0) {
        s = fail[s]!
        t = next[s]!.get(b)
      }
      s = t ?? 0
      let o = ends[s]!.length > 0 ? s : output[s]!
      while (o !== 0 && reported[o] === 0) {
        reported[o] = 1
        for (const index of ends[o]!) found.add(index)
        o = output[o]!
      }
      if (found.size === total) break
    }
    return found
  }
}

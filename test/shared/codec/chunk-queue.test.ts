import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { COALESCE_MIN, ChunkQueue, TAIL_MAX } from '../../../src/shared/codec/framing/chunk-queue'

const arr = (b: Uint8Array): number[] => Array.from(b)

/** indexOf on a plain array: what the queue must answer. */
function naiveIndexOf(bytes: number[], pattern: number[], from: number): number {
  for (let i = Math.max(0, from); i + pattern.length <= bytes.length; i++) if (pattern.every((p, k) => bytes[i + k] === p)) return i
  return -1
}

/** `back`: search from that many bytes before the end, as a decoder resumes a failed search. */
type From = { at: number } | { back: number }
type Op = { push: Uint8Array } | { take: number } | { skip: number } | { find: number[]; from: From } | { peek: number; n: number }

// Small chunks (copied into the tail) and big ones (kept as they came), mixed, so every kind of piece boundary is crossed.
const chunk = fc.oneof({ weight: 3, arbitrary: fc.uint8Array({ minLength: 0, maxLength: 8, max: 3 }) }, fc.uint8Array({ minLength: COALESCE_MIN, maxLength: COALESCE_MIN + 40, max: 3 }))
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: chunk.map((c) => ({ push: c })) },
  { weight: 1, arbitrary: fc.nat(1200).map((n) => ({ take: n })) },
  { weight: 1, arbitrary: fc.nat(1200).map((n) => ({ skip: n })) },
  {
    weight: 3,
    arbitrary: fc.record({
      find: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }),
      from: fc.oneof(fc.nat(2500).map((at): From => ({ at })), { weight: 3, arbitrary: fc.nat(3).map((back): From => ({ back })) })
    })
  },
  { weight: 1, arbitrary: fc.record({ peek: fc.nat(8), n: fc.nat(1500) }) }
)

describe('ChunkQueue', () => {
  it('answers as a plain array would, through any mix of pushes, takes and searches', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const q = new ChunkQueue()
        let model: number[] = []
        const taken: [Uint8Array, number[]][] = []
        for (const o of ops) {
          if ('push' in o) {
            q.push(o.push)
            model.push(...o.push)
          } else if ('take' in o) {
            const n = Math.min(o.take, model.length)
            const got = q.take(n)
            expect(arr(got)).toEqual(model.slice(0, n))
            taken.push([got, model.slice(0, n)])
            model = model.slice(n)
          } else if ('skip' in o) {
            const n = Math.min(o.skip, model.length)
            q.skip(n)
            model = model.slice(n)
          } else if ('find' in o) {
            const from = 'at' in o.from ? o.from.at : Math.max(0, model.length - o.from.back)
            expect(q.indexOf(Uint8Array.from(o.find), from)).toBe(naiveIndexOf(model, o.find, from))
          } else {
            const from = Math.min(o.peek, model.length)
            const n = Math.min(o.n, model.length - from)
            expect(arr(q.peek(from, n))).toEqual(model.slice(from, from + n))
          }
          expect(q.length).toBe(model.length)
        }
        // Payloads handed out earlier are views that later pushes must not have overwritten.
        for (const [got, bytes] of taken) expect(arr(got)).toEqual(bytes)
      }),
      { numRuns: 800 }
    )
  })

  it('finds a byte that lands in the piece the last search ended in, after that piece grew', () => {
    const q = new ChunkQueue()
    q.push(Uint8Array.of(1, 2))
    expect(q.indexOf(Uint8Array.of(9), 2)).toBe(-1)
    q.push(Uint8Array.of(3, 9))
    expect(q.indexOf(Uint8Array.of(9), 2)).toBe(3)
  })

  it('holds bytes fed one at a time in a few big pieces, not one object per byte', () => {
    const q = new ChunkQueue()
    const n = 1024 * 1024
    for (let i = 0; i < n; i++) q.push(Uint8Array.of(i & 0xff))
    expect(q.length).toBe(n)
    // The first byte as it came, then tail buffers doubling from 256 bytes to their 64 KiB maximum.
    expect(q.pieceCount).toBeLessThanOrEqual(1 + 8 + n / TAIL_MAX)
    const all = q.take(n)
    expect(all[0]).toBe(0)
    expect(all[n - 1]).toBe((n - 1) & 0xff)
  })

  it('keeps big chunks as they came, so a frame inside one is a view of it without a copy', () => {
    const q = new ChunkQueue()
    const big = new Uint8Array(COALESCE_MIN * 2).fill(7)
    q.push(Uint8Array.of(1))
    q.push(big)
    q.push(Uint8Array.of(2))
    expect(q.pieceCount).toBe(3)
    q.skip(1)
    const view = q.take(big.length)
    expect(view.buffer).toBe(big.buffer)
    expect(arr(q.take(1))).toEqual([2])
  })

  it('keeps a small chunk into an empty queue as it came: a message that arrives whole is not copied', () => {
    const q = new ChunkQueue()
    const small = Uint8Array.of(1, 2, 3)
    q.push(small)
    expect(q.take(3).buffer).toBe(small.buffer)
  })

  it('lets go of its tail buffer once drained, so idle peers hold no memory', async () => {
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    const q = new ChunkQueue()
    const ref = ((): WeakRef<ArrayBufferLike> => {
      q.push(Uint8Array.of(1))
      q.push(Uint8Array.of(2))
      q.skip(1)
      // The second byte was copied into the tail: the view taken is of the tail's buffer.
      return new WeakRef(q.take(1).buffer)
    })()
    expect(q.length).toBe(0)
    // A WeakRef stays set until the current job ends.
    await new Promise((resolve) => setTimeout(resolve, 0))
    gc()
    expect(ref.deref()).toBeUndefined()
  })

  it('small pieces between big chunks still cost one piece each at most', () => {
    const q = new ChunkQueue()
    for (let i = 0; i < 100; i++) {
      q.push(Uint8Array.of(1, 2, 3))
      q.push(new Uint8Array(COALESCE_MIN))
    }
    // One piece each, and one more where a small chunk fills a tail buffer and starts the next.
    expect(q.pieceCount).toBeLessThanOrEqual(203)
  })

  describe('work grows with the bytes, whatever the chunking', () => {
    // A decoder waiting for a delimiter searches again after every chunk, from where the last
    // search could still match; each search must cost the new bytes, not the whole queue.
    const filled = (size: number, last: number): Uint8Array => {
      const chunk = new Uint8Array(size).fill(0x61)
      chunk[size - 1] = last
      return chunk
    }
    it.each([
      ['a line that never ends, 1-byte chunks', [0x0a], filled(1, 0x61), 300_000],
      ['a line that never ends, 1 KiB chunks', [0x0a], filled(COALESCE_MIN, 0x61), 4_000],
      ['CR LF after nothing but CRs, 1-byte chunks', [0x0d, 0x0a], filled(1, 0x0d), 300_000],
      ['CR LF after 1 KiB chunks that each end in CR', [0x0d, 0x0a], filled(COALESCE_MIN, 0x0d), 4_000]
    ])('searching for the end of %s', (_name, delimiter, chunk, count) => {
      const q = new ChunkQueue()
      const pattern = Uint8Array.from(delimiter)
      let found = 0
      for (let i = 0; i < count; i++) {
        const from = Math.max(0, q.length - pattern.length + 1)
        q.push(chunk)
        if (q.indexOf(pattern, from) >= 0) found++
      }
      expect(found).toBe(0)
      expect(q.visits).toBeLessThanOrEqual(4 * count)
    })

    it('peeking a long header that came in 1 KiB chunks', () => {
      const q = new ChunkQueue()
      const pieces = 4096
      for (let i = 0; i < pieces; i++) q.push(new Uint8Array(COALESCE_MIN).fill(i & 0xff))
      const header = q.peek(4, q.length - 4)
      expect(header[COALESCE_MIN * 7]).toBe(7)
      expect(q.visits).toBeLessThanOrEqual(pieces + 2)
    })
  })

  it('lets go of every byte on clear()', () => {
    const q = new ChunkQueue()
    q.push(new Uint8Array(5000))
    q.push(Uint8Array.of(1, 2))
    q.clear()
    expect([q.length, q.pieceCount]).toEqual([0, 0])
    q.push(Uint8Array.of(0x0a))
    expect(q.indexOf(Uint8Array.of(0x0a), 0)).toBe(0)
  })
})

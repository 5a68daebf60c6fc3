import fc from 'fast-check'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { CaptureBudget, CaptureStore, MAX_PINNED_SLABS, SLAB_BYTES, type Reservation } from '../../../src/main/engine/capture'

function chunk(n: number, fill = 1): Uint8Array {
  return new Uint8Array(n).fill(fill)
}

/** Compared as Buffers: a deep equal of large arrays byte by byte takes seconds. */
function same(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b)
}

function store(limitBytes: number, capture = true): { store: CaptureStore; budget: CaptureBudget } {
  const budget = new CaptureBudget({ capture, captureLimitBytes: limitBytes })
  return { store: new CaptureStore(budget), budget }
}

describe('capture store', () => {
  it('holds every chunk under the limit and reads them by range', () => {
    const { store: s } = store(16 << 20)
    for (let i = 0; i < 10; i++) expect(s.append('p1', i % 2 ? 'out' : 'in', i * 100, i, chunk(100, i))).toBe(i)
    const page = s.read(3, 4)
    expect(page.records.map((r) => r.seq)).toEqual([3, 4, 5, 6])
    expect(page.nextSeq).toBe(7)
    expect(page.firstSeq).toBe(0)
    expect(s.chunk(5)).toMatchObject({ seq: 5, dir: 'out', offset: 500, bytes: chunk(100, 5) })
    expect(s.chunk(10)).toBeUndefined()
  })

  it('copies the bytes, so a chunk across two slabs reads back whole and later changes do not leak in', () => {
    const { store: s } = store(16 << 20)
    s.append('p1', 'in', 0, 0, chunk(SLAB_BYTES - 10))
    const across = new Uint8Array(100).map((_, i) => i)
    s.append('p1', 'in', SLAB_BYTES - 10, 0, across)
    const copy = across.slice()
    across.fill(0)
    expect(s.chunk(1)!.bytes).toEqual(copy)
  })

  it('drops the oldest first, leaving a marker and exact totals, and says EDROPPED for a dropped chunk', () => {
    const { store: s } = store(2 * SLAB_BYTES)
    for (let i = 0; i < 3000; i++) s.append('p1', 'in', i * 1000, i, chunk(1000, i & 0xff))
    // Writing into a third slab overwrote the first: chunks starting before 1 MiB are gone.
    const lost = Math.ceil(SLAB_BYTES / 1000)
    expect(s.firstSeq).toBe(lost)
    expect(s.droppedChunks).toBe(lost)
    expect(s.droppedBytes).toBe(lost * 1000)
    const page = s.read(0, 3)
    expect(page.records[0]).toEqual({ type: 'dropped', seq: 0, bytes: lost * 1000, chunks: lost })
    expect(page.records.slice(1).map((r) => r.seq)).toEqual([lost, lost + 1])
    expect(() => s.chunk(3)).toThrow(expect.objectContaining({ code: 'EDROPPED' }))
    expect(s.chunk(2999)!.bytes).toEqual(chunk(1000, 2999 & 0xff))
  })

  it('shares one ring between endpoints, dropping the oldest chunk of all first', () => {
    const budget = new CaptureBudget({ capture: true, captureLimitBytes: 2 * SLAB_BYTES })
    const a = new CaptureStore(budget)
    const b = new CaptureStore(budget)
    a.append('p1', 'in', 0, 0, chunk(SLAB_BYTES / 2))
    b.append('p1', 'in', 0, 0, chunk(SLAB_BYTES))
    expect(a.droppedChunks + b.droppedChunks).toBe(0)
    b.append('p1', 'in', SLAB_BYTES, 0, chunk(SLAB_BYTES))
    // The third slab overwrote the first: a's chunk and the start of b's first went.
    expect(a.droppedChunks).toBe(1)
    expect(b.droppedChunks).toBe(1)
    expect(b.chunk(1)!.bytes.byteLength).toBe(SLAB_BYTES)
  })

  it('caps the number of records, keeps the record of a chunk too large to hold, and trims on a lower limit', () => {
    const { store: s, budget } = store(2 * SLAB_BYTES)
    for (let i = 0; i < 5000; i++) s.append('p1', 'in', i, i, chunk(1))
    expect(budget.heldRecords).toBe(4096)
    expect(s.firstSeq).toBe(5000 - 4096)

    const big = s.append('p1', 'in', 5000, 0, chunk(3 * SLAB_BYTES))
    expect(s.read(big, 1).records[0]).toMatchObject({ type: 'data', seq: big, length: 3 * SLAB_BYTES })
    expect(() => s.chunk(big)).toThrow(expect.objectContaining({ code: 'EDROPPED' }))

    budget.limits.captureLimitBytes = 1
    budget.trim()
    expect(budget.heldRecords).toBeLessThanOrEqual(1024)
  })

  it('keeps each record with its own peer when chunks from several peers interleave', () => {
    const { store: s } = store(16 << 20)
    const peers = ['p1', 'p1', 'p2', 'p1', 'p3', 'p3', 'p2']
    peers.forEach((p, i) => s.append(p, 'in', i, i, chunk(10, i)))
    expect(s.read(0, 10).records.map((r) => (r.type === 'data' ? r.peerId : r.type))).toEqual(peers)
    expect(s.chunk(4)).toMatchObject({ peerId: 'p3', bytes: chunk(10, 4) })
  })

  it('drops the oldest records of all first when two endpoints take turns', () => {
    const budget = new CaptureBudget({ capture: true, captureLimitBytes: 2 * SLAB_BYTES })
    const a = new CaptureStore(budget)
    const b = new CaptureStore(budget)
    for (let i = 0; i < 5000; i++) {
      a.append('p1', 'out', i, i, chunk(1, 1))
      b.append('p1', 'in', i, i, chunk(1, 2))
    }
    // The cap is 4096 records: the newest 2048 of each remain, in step.
    expect(budget.heldRecords).toBe(4096)
    expect(a.firstSeq).toBe(5000 - 2048)
    expect(b.firstSeq).toBe(5000 - 2048)
    expect(a.chunk(4999)!.bytes).toEqual(chunk(1, 1))
    expect(b.chunk(4999)!.bytes).toEqual(chunk(1, 2))
    b.clear()
    for (let i = 5000; i < 7000; i++) a.append('p1', 'out', i, i, chunk(1, 1))
    // The cleared endpoint's records no longer count: a alone fills the cap.
    expect(budget.heldRecords).toBe(4048)
    expect(a.firstSeq).toBe(5000 - 2048)
  })

  it('keeps writing whole chunks after the limit is lowered mid-stream', () => {
    const { store: s, budget } = store(8 * SLAB_BYTES)
    const piece = 300 * 1024
    for (let i = 0; i < 12; i++) s.append('p1', 'in', i * piece, i, chunk(piece, i))
    budget.limits.captureLimitBytes = 2 * SLAB_BYTES
    budget.trim()
    for (let i = 12; i < 20; i++) s.append('p1', 'in', i * piece, i, chunk(piece, i))
    // At most two slabs are held now: the newest chunks read back whole, the older ones are dropped.
    // Compared as Buffers: a deep equal of 300 KiB byte by byte takes seconds.
    expect(Buffer.from(s.chunk(19)!.bytes).equals(chunk(piece, 19))).toBe(true)
    expect(Buffer.from(s.chunk(18)!.bytes).equals(chunk(piece, 18))).toBe(true)
    expect(() => s.chunk(12)).toThrow(expect.objectContaining({ code: 'EDROPPED' }))
    expect(s.firstSeq).toBeGreaterThan(12)
    expect(s.droppedChunks).toBe(s.firstSeq)
  })

  it('keeps only sequence numbers with capture off', () => {
    const { store: off } = store(1 << 20, false)
    expect(off.append('p1', 'in', 0, 0, chunk(5))).toBe(0)
    expect(off.append('p1', 'in', 5, 0, chunk(5))).toBe(1)
    expect(off.read(0, 10).records).toEqual([])
    expect(() => off.chunk(0)).toThrow(expect.objectContaining({ code: 'EDROPPED' }))
  })
})

describe('read buffers lent from the ring', () => {
  it('lends the tail, keeps what was read there without a copy, and takes back the unused rest', () => {
    const { store: s, budget } = store(8 * SLAB_BYTES)
    const r = budget.reserve(64 * 1024)!
    expect(r.view.byteLength).toBe(64 * 1024)
    r.view.set(chunk(100, 7))
    s.append('p1', 'in', 0, 0, r.view.subarray(0, 100), budget.settle(r, 100))
    // The next chunk starts right after the 100 bytes read, not after the whole loan.
    s.append('p1', 'in', 100, 0, chunk(50, 8))
    const next = budget.reserve(64 * 1024)!
    expect(next.pos).toBe(150)
    budget.release(next)
    // Held in place: writing into the slab afterwards is what a later read would see.
    expect(s.chunk(0)!.bytes).toEqual(chunk(100, 7))
    expect(s.chunk(1)!.bytes).toEqual(chunk(50, 8))
    expect(budget.reservations).toBe(0)
  })

  it('writes past a loan still out, so a late read overwrites nobody', () => {
    const { store: s, budget } = store(8 * SLAB_BYTES)
    const r = budget.reserve(64 * 1024)!
    s.append('p2', 'in', 0, 0, chunk(1000, 2))
    r.view.fill(9)
    s.append('p1', 'in', 0, 0, r.view.subarray(0, 64 * 1024), budget.settle(r, 64 * 1024))
    expect(s.chunk(0)!.bytes).toEqual(chunk(1000, 2))
    expect(same(s.chunk(1)!.bytes, chunk(64 * 1024, 9))).toBe(true)
  })

  it('never spans two slabs, and never reuses a slab still lent when the ring wraps', () => {
    const { store: s, budget } = store(2 * SLAB_BYTES)
    s.append('p1', 'in', 0, 0, chunk(SLAB_BYTES - 1000, 1))
    const r = budget.reserve(64 * 1024)!
    expect(r.pos).toBe(SLAB_BYTES)
    // Wrap the ring twice while the loan is out: its slab is dropped but not handed out again.
    for (let i = 0; i < 5; i++) s.append('p2', 'in', 0, 0, chunk(SLAB_BYTES / 2, 3))
    r.view.fill(5)
    for (let seq = 1; seq < s.nextSeq; seq++) {
      if (seq >= s.firstSeq) expect(same(s.chunk(seq)!.bytes, chunk(SLAB_BYTES / 2, 3))).toBe(true)
    }
    // Read into a dropped slab: the bytes are copied to the tail and read back whole.
    const at = budget.settle(r, 4096)
    expect(at).toBeGreaterThanOrEqual(budget.floor)
    const seq = s.append('p1', 'in', SLAB_BYTES - 1000, 0, r.view.subarray(0, 4096), at)
    expect(same(s.chunk(seq)!.bytes, chunk(4096, 5))).toBe(true)
  })

  it('keeps filling the newest slab when a loan that ended the previous one is settled short', () => {
    const K64 = 64 * 1024
    const { store: s, budget } = store(8 * SLAB_BYTES)
    s.append('x', 'in', 0, 0, chunk(SLAB_BYTES - K64, 1))
    const a = budget.reserve(K64)!
    const b = budget.reserve(K64)!
    expect(b.pos).toBe(SLAB_BYTES)
    budget.release(b)
    a.view.fill(7)
    const seq = s.append('a', 'in', 0, 0, a.view.subarray(0, 100), budget.settle(a, 100))
    const after = s.append('c', 'in', 0, 0, chunk(10, 9))
    expect(budget.reserve(K64)!.view.byteLength).toBe(K64)
    expect(s.chunk(seq)!.bytes).toEqual(chunk(100, 7))
    expect(s.chunk(after)!.bytes).toEqual(chunk(10, 9))
  })

  it('copies a loan settled after newer records, so none is listed once its bytes are gone', () => {
    const K64 = 64 * 1024
    const budget = new CaptureBudget({ capture: true, captureLimitBytes: 4 * SLAB_BYTES })
    const a = new CaptureStore(budget)
    const b = new CaptureStore(budget)
    const loan = budget.reserve(K64)!
    for (let i = 0; i < 56; i++) b.append('b', 'in', i * K64, 0, chunk(K64, 2))
    loan.view.fill(5)
    a.append('a', 'in', 0, 0, loan.view.subarray(0, 100), budget.settle(loan, 100))
    for (let i = 0; i < 16; i++) b.append('b', 'in', (56 + i) * K64, 0, chunk(K64, 2))
    for (const r of a.read(0, 10).records) if (r.type === 'data') expect(a.chunk(r.seq)!.bytes).toEqual(chunk(100, 5))
  })

  it('lends nothing with capture off', () => {
    const { budget } = store(8 * SLAB_BYTES, false)
    expect(budget.reserve(64 * 1024)).toBeUndefined()
  })
})

describe('read buffers lent from the ring, in any order', () => {
  const K64 = 64 * 1024
  type Op = { kind: 'loan' | 'release'; socket: number } | { kind: 'settle'; socket: number; n: number } | { kind: 'copy'; n: number }
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constantFrom('loan' as const, 'release' as const), socket: fc.nat(2) }),
    fc.record({ kind: fc.constant('settle' as const), socket: fc.nat(2), n: fc.oneof(fc.constant(K64), fc.integer({ min: 1, max: K64 })) }),
    // Whole 64 KiB pieces keep loans aligned, so some end exactly where a slab does; large copies wrap the ring.
    fc.record({ kind: fc.constant('copy' as const), n: fc.oneof(fc.constant(K64), fc.integer({ min: 1, max: K64 }), fc.integer({ min: K64, max: SLAB_BYTES / 2 })) })
  )
  const pattern = (id: number, n: number): Uint8Array => new Uint8Array(n).map((_, i) => (id * 31 + i) & 0xff)

  it('every chunk listed as held reads back as it was, however loans, copies and wraps interleave', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const { store: s, budget } = store(2 * SLAB_BYTES)
        const loans: (Reservation | undefined)[] = [undefined, undefined, undefined]
        const expected = new Map<number, Uint8Array>()
        let id = 0
        for (const o of ops) {
          if (o.kind === 'loan') loans[o.socket] ??= budget.reserve(K64)
          else if (o.kind === 'release') {
            if (loans[o.socket]) budget.release(loans[o.socket]!)
            loans[o.socket] = undefined
          } else if (o.kind === 'settle') {
            const r = loans[o.socket]
            if (!r) continue
            loans[o.socket] = undefined
            // What the kernel does at read time: the bytes land in the loan, then it is settled.
            const bytes = pattern(++id, o.n)
            r.view.set(bytes)
            expected.set(s.append('p', 'in', 0, 0, r.view.subarray(0, o.n), budget.settle(r, o.n)), bytes)
          } else if (o.kind === 'copy') {
            const bytes = pattern(++id, o.n)
            expected.set(s.append('p', 'in', 0, 0, bytes), bytes)
          }
        }
        for (const r of s.read(0, 10_000).records) {
          if (r.type === 'data') expect(same(s.chunk(r.seq)!.bytes, expected.get(r.seq)!)).toBe(true)
        }
        for (const r of loans) if (r) budget.release(r)
        expect(budget.reservations).toBe(0)
      }),
      {
        numRuns: 200,
        examples: [
          // A loan settled after records that went into the next slab, then the ring moves one slab on.
          [[{ kind: 'loan', socket: 0 }, { kind: 'copy', n: SLAB_BYTES / 2 }, { kind: 'copy', n: SLAB_BYTES / 2 }, { kind: 'settle', socket: 0, n: 100 }, { kind: 'copy', n: SLAB_BYTES / 2 }, { kind: 'copy', n: SLAB_BYTES / 2 }]],
          // A loan ending a slab, the next loan released, the first settled short, then a copy.
          [[{ kind: 'copy', n: SLAB_BYTES - K64 }, { kind: 'loan', socket: 0 }, { kind: 'loan', socket: 1 }, { kind: 'release', socket: 1 }, { kind: 'settle', socket: 0, n: 100 }, { kind: 'copy', n: 10 }]]
        ]
      }
    )
  })
})

describe('views pinned in the ring', () => {
  it('keeps a pinned slab out of reuse after the ring moves past it, and reuses it once unpinned', () => {
    const { store: s, budget } = store(2 * SLAB_BYTES)
    s.append('p1', 'in', 0, 0, chunk(1000, 5))
    const view = budget.pin(0, 1000)!
    expect(same(view, chunk(1000, 5))).toBe(true)
    // Two more slabs' worth: the first slab leaves the ring, and new bytes need a slab.
    for (let i = 0; i < 2; i++) s.append('p1', 'in', 1000 + i * SLAB_BYTES, 0, chunk(SLAB_BYTES, 6 + i))
    expect(() => s.chunk(0)).toThrow(/no longer in the capture/)
    expect(same(view, chunk(1000, 5))).toBe(true)
    budget.unpin(view)

    // Unpinned, a slab that leaves the ring is written again.
    const { store: t, budget: b2 } = store(2 * SLAB_BYTES)
    t.append('p1', 'in', 0, 0, chunk(1000, 5))
    const other = b2.pin(0, 1000)!
    b2.unpin(other)
    for (let i = 0; i < 2; i++) t.append('p1', 'in', 1000 + i * SLAB_BYTES, 0, chunk(SLAB_BYTES, 6 + i))
    expect(same(other, chunk(1000, 5))).toBe(false)
  })

  it('pins nothing it no longer holds or that spans two slabs', () => {
    const { store: s, budget } = store(2 * SLAB_BYTES)
    s.append('p1', 'in', 0, 0, chunk(SLAB_BYTES - 10, 1))
    s.append('p1', 'in', SLAB_BYTES - 10, 0, chunk(20, 2))
    expect(budget.pin(SLAB_BYTES - 10, 20)).toBeUndefined()
    for (let i = 0; i < 3; i++) s.append('p1', 'in', SLAB_BYTES + 10 + i * SLAB_BYTES, 0, chunk(SLAB_BYTES, 3))
    expect(budget.pin(0, 100)).toBeUndefined()
  })

  it('pins views in a bounded number of slabs, so slow peers cannot keep the ring alive past its limit', () => {
    const { store: s, budget } = store(64 * SLAB_BYTES)
    for (let i = 0; i <= MAX_PINNED_SLABS; i++) s.append('p1', 'in', i * SLAB_BYTES, 0, chunk(SLAB_BYTES, i))
    const views = Array.from({ length: MAX_PINNED_SLABS }, (_, i) => budget.pin(i * SLAB_BYTES, 100)!)
    expect(views.every((v) => v !== undefined)).toBe(true)
    // One more slab is refused (the caller copies instead); another view of a pinned slab is not.
    expect(budget.pin(MAX_PINNED_SLABS * SLAB_BYTES, 100)).toBeUndefined()
    const again = budget.pin(200, 100)!
    expect(budget.pinnedSlabs).toBe(MAX_PINNED_SLABS)
    budget.unpin(again)
    budget.unpin(again)
    budget.unpin(views[3]!)
    // Unpinning twice counted once: slab 0 is still pinned by views[0], slab 3 is free.
    expect(budget.pinnedSlabs).toBe(MAX_PINNED_SLABS - 1)
    expect(budget.pin(MAX_PINNED_SLABS * SLAB_BYTES, 100)).toBeDefined()
  })

  it('lets a pin go once its view was dropped unsent (a connection that went with bytes waiting)', async () => {
    const { store: s, budget } = store(8 * SLAB_BYTES)
    s.append('p1', 'in', 0, 0, chunk(1000, 5))
    // Pinned in a function of its own, so no reference to the view outlives it.
    ;(() => void budget.pin(0, 1000))()
    expect(budget.pinnedSlabs).toBe(1)
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    for (let i = 0; i < 50 && budget.pinnedSlabs > 0; i++) {
      gc()
      await new Promise((r) => setTimeout(r, 10))
    }
    expect(budget.pinnedSlabs).toBe(0)
  })
})

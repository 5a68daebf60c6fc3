// The relay's reused forward buffers, and the pipe's promise to say when a chunk's bytes are done
// with: a buffer must never hold the next chunk while any piece of the last one still waits.
import { describe, expect, it } from 'vitest'
import { FaultPipe, type PipeSink } from '../../../../src/main/engine/relay/fault-pipe'
import { FORWARD_BUFFER_BYTES, ForwardBuffers } from '../../../../src/main/engine/relay/forward-buffers'

describe('ForwardBuffers', () => {
  it('copies, and reuses a buffer only once it is given back', () => {
    const pool = new ForwardBuffers()
    const a = pool.copy(Buffer.from('first'))
    const b = pool.copy(Buffer.from('second'))
    expect(Buffer.from(a).toString()).toBe('first')
    expect(a.buffer).not.toBe(b.buffer)
    pool.giveBack(a)
    expect(pool.idle).toBe(1)
    const c = pool.copy(Buffer.from('third'))
    expect(c.buffer).toBe(a.buffer)
    // b was never given back: still its own bytes.
    expect(Buffer.from(b).toString()).toBe('second')
    expect(pool.idle).toBe(0)
  })

  it('ignores what it did not lend, and a view given back twice', () => {
    const pool = new ForwardBuffers()
    pool.giveBack(new Uint8Array(10))
    const a = pool.copy(new Uint8Array(3))
    pool.giveBack(a)
    pool.giveBack(a)
    expect(pool.idle).toBe(1)
    // Two copies taken now must not share the one buffer.
    const x = pool.copy(Buffer.from('x'))
    const y = pool.copy(Buffer.from('y'))
    expect(x.buffer).not.toBe(y.buffer)
  })

  it('gives a chunk larger than its buffers a copy of its own, never reused', () => {
    const pool = new ForwardBuffers()
    const big = Buffer.alloc(FORWARD_BUFFER_BYTES + 1, 7)
    const copy = pool.copy(big)
    expect(Buffer.compare(Buffer.from(copy), big)).toBe(0)
    pool.giveBack(copy)
    expect(pool.idle).toBe(0)
  })
})

/** A sink that keeps each write and its callback, to run when the test says the socket took it. */
function sink(): PipeSink & { writes: { bytes: string; written?: () => void }[] } {
  const writes: { bytes: string; written?: () => void }[] = []
  return {
    writes,
    write: (bytes, written) => writes.push({ bytes: Buffer.from(bytes).toString(), ...(written ? { written } : {}) }),
    note: () => {},
    reset: () => {},
    drained: () => {}
  }
}

const settle = (ms = 0): Promise<void> => new Promise((r) => setTimeout(r, ms))

describe("FaultPipe's written callbacks", () => {
  it('passes a chunk straight through with its callback when no fault shapes it', () => {
    const s = sink()
    const pipe = new FaultPipe('upstream', undefined, s, Math.random)
    let done = 0
    pipe.push(Buffer.from('abc'), () => done++)
    expect(s.writes.map((w) => w.bytes)).toEqual(['abc'])
    expect(done).toBe(0)
    s.writes[0]!.written!()
    expect(done).toBe(1)
  })

  it('puts the callback on the last piece of a split chunk only', async () => {
    const s = sink()
    const pipe = new FaultPipe('upstream', { chunk: 4 }, s, Math.random)
    let done = 0
    pipe.push(Buffer.from('abcdefghij'), () => done++)
    await settle(20)
    expect(s.writes.map((w) => w.bytes)).toEqual(['abcd', 'efgh', 'ij'])
    expect(s.writes.map((w) => w.written !== undefined)).toEqual([false, false, true])
    s.writes[2]!.written!()
    expect(done).toBe(1)
  })

  it('says coalesced chunks are done once copied into one, and keeps a lone one to its write', async () => {
    const s = sink()
    const pipe = new FaultPipe('upstream', { coalesceMs: 5 }, s, Math.random)
    const done: string[] = []
    pipe.push(Buffer.from('ab'), () => done.push('ab'))
    pipe.push(Buffer.from('cd'), () => done.push('cd'))
    await settle(30)
    expect(s.writes.map((w) => w.bytes)).toEqual(['abcd'])
    expect(done).toEqual(['ab', 'cd'])
    expect(s.writes[0]!.written).toBeUndefined()
    pipe.push(Buffer.from('ef'), () => done.push('ef'))
    await settle(30)
    expect(s.writes.map((w) => w.bytes)).toEqual(['abcd', 'ef'])
    expect(done).toEqual(['ab', 'cd'])
    s.writes[1]!.written!()
    expect(done).toEqual(['ab', 'cd', 'ef'])
  })

  it('never says a chunk is done when it is dropped with the pipe, or cut by a reset before any of it left', async () => {
    const s = sink()
    const pipe = new FaultPipe('upstream', { delayMs: 50 }, s, Math.random)
    let done = 0
    pipe.push(Buffer.from('late'), () => done++)
    pipe.stop()
    await settle(80)
    expect(s.writes).toEqual([])
    expect(done).toBe(0)
    const t = sink()
    const tripped = new FaultPipe('upstream', { resetAfter: 0 }, t, Math.random)
    tripped.push(Buffer.from('nothing leaves'), () => done++)
    await settle(10)
    expect(t.writes).toEqual([])
    expect(done).toBe(0)
  })

  it('keeps its own copy of the tail it matches a reset pattern across, not a view of the chunk', async () => {
    const s = sink()
    const pipe = new FaultPipe('upstream', { resetOn: 'STOP' }, s, Math.random)
    const first = Buffer.from('hello ST')
    pipe.push(first, () => {})
    // The chunk's buffer is reused for other bytes once written: the match must not see them.
    first.fill(0x41)
    pipe.push(Buffer.from('OP and more'))
    await settle(10)
    expect(s.writes.map((w) => w.bytes).join('')).toBe('hello ST')
  })
})

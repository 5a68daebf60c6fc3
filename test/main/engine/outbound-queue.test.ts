// The queue on its own, with a host that records what it is asked: when answers are made, when
// reading stops and resumes, and what waiting sends may hold.
import { describe, expect, it } from 'vitest'
import { OutboundQueue, WRITE_COST_BYTES, type QueueHost } from '../../../src/main/engine/outbound-queue'
import { Peer } from '../../../src/main/engine/peer'

const LIMIT = 10_000
const peer = new Peer('p1', 'e1', { address: '127.0.0.1', port: 1, family: 'IPv4' })

/** A host whose answers are `size` bytes each and wait in the queue until the test takes them. */
function harness(size: number, canPause = true): { queue: OutboundQueue; answered: number[]; reading: boolean[] } {
  const answered: number[] = []
  const reading: boolean[] = []
  const host: QueueHost = {
    answer: (_p, payload) => {
      answered.push(payload[0]!)
      queue.added(size)
    },
    ready: () => true,
    setReading: (on) => {
      if (canPause) reading.push(on)
      return canPause
    }
  }
  const queue = new OutboundQueue(LIMIT, host)
  return { queue, answered, reading }
}

const payload = (i: number): Uint8Array => new Uint8Array([i])

describe('OutboundQueue', () => {
  it('makes answers while there is room, keeps the rest in order with reading stopped, and makes them as the kernel takes bytes', () => {
    const { queue, answered, reading } = harness(3000)
    for (let i = 0; i < 10; i++) queue.owe(peer, payload(i), undefined, 0)
    // Three answers and their bookkeeping reach the limit; the rest are owed.
    expect(answered).toEqual([0, 1, 2])
    expect(queue.owedCount).toBe(7)
    expect(reading).toEqual([false])
    queue.taken(3000, 1)
    expect(answered).toEqual([0, 1, 2, 3])
    expect(reading).toEqual([false])
    for (let i = 0; i < 6; i++) queue.taken(3000, 1)
    expect(answered).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(queue.owedCount).toBe(0)
    // All answered, but the queue is still full: reading waits for room.
    expect(reading).toEqual([false])
    queue.taken(3000, 1)
    expect(reading).toEqual([false, true])
    queue.taken(6000, 2)
    expect(queue.pending).toBe(0)
  })

  it('a new answer waits behind those owed before it, even when there is room', () => {
    const { queue, answered } = harness(6000)
    queue.owe(peer, payload(1), undefined, 0)
    queue.owe(peer, payload(2), undefined, 0)
    expect(answered).toEqual([1, 2])
    queue.owe(peer, payload(3), undefined, 0)
    queue.taken(6000, 1)
    // Room for one: the oldest owed goes, not the newest.
    queue.owe(peer, payload(4), undefined, 0)
    expect(answered).toEqual([1, 2, 3])
    queue.taken(12_000, 2)
    expect(answered).toEqual([1, 2, 3, 4])
  })

  it('charges each write its bookkeeping, so a flood of one-byte answers stops at thousands', () => {
    const { queue, answered } = harness(1)
    for (let i = 0; i < 100_000; i++) queue.owe(peer, payload(i & 0xff), undefined, 0)
    expect(answered.length).toBeLessThanOrEqual(Math.ceil(LIMIT / (1 + WRITE_COST_BYTES)))
    expect(queue.hasRoom(1)).toBe(false)
  })

  it('runs what waits for the answers once they are all made, and at once when none is owed', () => {
    const { queue } = harness(6000)
    let ended = 0
    queue.whenAnswered(() => ended++)
    expect(ended).toBe(1)
    for (let i = 0; i < 3; i++) queue.owe(peer, payload(i), undefined, 0)
    queue.whenAnswered(() => ended++)
    expect(ended).toBe(1)
    queue.taken(6000, 1)
    queue.taken(6000, 1)
    expect(ended).toBe(2)
  })

  it('forgets owed answers when auto reply stops, and reading resumes', () => {
    const { queue, answered, reading } = harness(20_000)
    queue.owe(peer, payload(1), undefined, 0)
    queue.owe(peer, payload(2), undefined, 0)
    expect(reading).toEqual([false])
    queue.forgetOwed()
    queue.taken(20_000, 1)
    expect(answered).toEqual([1])
    expect(reading).toEqual([false, true])
  })

  it('gives an answer up rather than keep it when reading cannot stop', () => {
    const { queue, answered } = harness(20_000, false)
    queue.owe(peer, payload(1), undefined, 0)
    queue.owe(peer, payload(2), undefined, 0)
    expect(queue.owedCount).toBe(0)
    queue.taken(20_000, 1)
    expect(answered).toEqual([1])
  })

  it('keeps frames owed while the responder cannot take them, and answers them in order when it resumes', () => {
    const answered: number[] = []
    const reading: boolean[] = []
    let ready = false
    const queue = new OutboundQueue(LIMIT, {
      answer: (_p, p) => answered.push(p[0]!),
      ready: () => ready,
      setReading: (on) => (reading.push(on), true)
    })
    queue.owe(peer, payload(1), undefined, 0)
    queue.owe(peer, payload(2), undefined, 0)
    expect(answered).toEqual([])
    expect(reading).toEqual([false])
    let after = false
    queue.whenAnswered(() => (after = true))
    queue.resume()
    expect(answered).toEqual([])
    ready = true
    queue.resume()
    expect(answered).toEqual([1, 2])
    expect(after).toBe(true)
    expect(reading).toEqual([false, true])
  })

  it('lets a send wait for room, bounds what waiting sends hold, and wakes them when it closes', async () => {
    const { queue } = harness(0)
    queue.added(LIMIT)
    expect(queue.hasRoom(1)).toBe(false)
    expect(await queue.waitForRoom(1, 0)).toBe(false)
    const first = queue.waitForRoom(LIMIT, 10_000)
    // What waits already fills the limit: another send does not wait.
    expect(await queue.waitForRoom(100, 10_000)).toBe(false)
    queue.taken(LIMIT, 1)
    expect(await first).toBe(true)
    expect(queue.waiting).toBe(0)
    queue.added(LIMIT)
    const third = queue.waitForRoom(100, 10_000)
    queue.close()
    expect(await third).toBe(false)
  })
})

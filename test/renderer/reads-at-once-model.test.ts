// The count a timeline row shows for a read, against a plain count over every write, for random
// writes, random read boundaries and a sender's log crowded with other traffic.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readsAtOnce } from '../../src/renderer/src/components/stream/reads-at-once'
import { TimelineLog } from '../../src/renderer/src/store/timeline/timeline-log'

const none = new Uint8Array(0)

describe('reads at once', () => {
  it('counts the writes each read overlaps, whatever the chunking and the other rows around them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 120 }),
        fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 200 }),
        fc.array(fc.integer({ min: 0, max: 9000 }), { maxLength: 40 }),
        fc.integer({ min: 0, max: 5 }),
        (writeLengths, readCuts, noiseAt, noisePerWrite) => {
          const writer = new TimelineLog('w')
          const reader = new TimelineLog('r')
          const writes: [number, number][] = []
          let offset = 0
          let seq = 0
          writeLengths.forEach((length, n) => {
            // Other connections' writes and this one's reads land between the writes.
            for (let k = 0; k < (noiseAt.includes(n) ? 5000 : noisePerWrite); k++) {
              writer.append({ type: 'data', endpointId: 'w', peerId: k % 2 ? 'other' : 'me', dir: k % 2 ? 'out' : 'in', seq: seq++, offset: k, time: 0, length: 1, preview: none })
            }
            writer.append({ type: 'data', endpointId: 'w', peerId: 'me', dir: 'out', seq: seq++, offset, time: 0, length, preview: none })
            writes.push([offset, offset + length])
            offset += length
          })
          const total = offset
          const reads: [number, number][] = []
          let at = 0
          for (const cut of readCuts) {
            if (at >= total) break
            const length = Math.min(cut, total - at)
            reader.append({ type: 'data', endpointId: 'r', peerId: 'them', dir: 'in', seq: reads.length, offset: at, time: 0, length, preview: none })
            reads.push([at, at + length])
            at += length
          }
          const indices = reads.map((_, i) => reader.first + i)
          // Asked for all rows at once, and for a window of a few, as a scrolled timeline would.
          for (const asked of [indices, indices.slice(Math.floor(indices.length / 2), Math.floor(indices.length / 2) + 7)]) {
            const got = readsAtOnce(reader, asked, () => ({ log: writer, peerId: 'me' }))
            for (const i of asked) {
              const [start, end] = reads[i - reader.first]!
              const expected = writes.filter(([s, e]) => s < end && e > start).length
              expect(got.get(i)?.count ?? 1).toBe(expected)
            }
          }
        }
      ),
      { numRuns: 150 }
    )
  })
})

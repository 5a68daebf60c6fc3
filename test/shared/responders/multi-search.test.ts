import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { multiSearch } from '../../../src/shared/responders/multi-search'

/** What a naive search says: each needle looked for at every position. */
function naive(needles: Uint8Array[], haystack: Uint8Array): Set<number> {
  const found = new Set<number>()
  needles.forEach((n, index) => {
    for (let i = 0; i + n.length <= haystack.length; i++) {
      let j = 0
      while (j < n.length && haystack[i + j] === n[j]) j++
      if (j === n.length) {
        found.add(index)
        return
      }
    }
  })
  return found
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)

describe('searching a frame for many byte strings at once', () => {
  it('finds exactly the needles a naive search finds, whatever the needles and the haystack', () => {
    // A small alphabet, so needles overlap, repeat and are suffixes of one another often.
    const small = fc.uint8Array({ minLength: 0, maxLength: 6 }).map((a) => a.map((b) => b % 3))
    fc.assert(
      fc.property(fc.array(small, { maxLength: 12 }), fc.uint8Array({ maxLength: 200 }).map((a) => a.map((b) => b % 3)), (needles, haystack) => {
        expect([...multiSearch(needles)(haystack)].sort((a, b) => a - b)).toEqual([...naive(needles, haystack)].sort((a, b) => a - b))
      }),
      { numRuns: 500 }
    )
  })

  it('reports identical needles each, an empty needle always, and works again on the next frame', () => {
    const find = multiSearch([bytes('ab'), bytes(''), bytes('ab'), bytes('b'), bytes('zz')])
    expect([...find(bytes('xaby'))].sort()).toEqual([0, 1, 2, 3])
    expect([...find(bytes('zz'))].sort()).toEqual([1, 4])
    expect([...find(new Uint8Array(0))]).toEqual([1])
  })

  it('finds needles that are suffixes of one another, at the same byte', () => {
    const needles = Array.from({ length: 100 }, (_, i) => bytes('a'.repeat(i + 1)))
    expect(multiSearch(needles)(bytes('a'.repeat(50))).size).toBe(50)
    expect(multiSearch(needles)(bytes('a'.repeat(100))).size).toBe(100)
  })

  it('takes a 16 MiB frame against 100 needles that almost match everywhere in one pass', () => {
    // The worst case of searching once per rule: 'aaa...ab' against 'aaa...a', a hundred times over.
    const needles = Array.from({ length: 100 }, (_, i) => bytes('a'.repeat(50 + i) + 'b'))
    const frame = new Uint8Array(16 * 1024 * 1024).fill(0x61)
    frame[frame.length - 1] = 0x62
    const found = multiSearch(needles)(frame)
    expect(found.size).toBe(100)
  })
})

import { describe, it, expect } from 'vitest'
import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { Sha256 } from '../../../src/shared/responders/sha256'

describe('Sha256', () => {
  it('gives the FIPS 180-4 digests of the standard messages', () => {
    expect(new Sha256().hex()).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(new Sha256().update(new TextEncoder().encode('abc')).hex()).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })

  it('agrees with node:crypto however the bytes are cut', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 700 }), fc.array(fc.integer({ min: 0, max: 130 }), { maxLength: 10 }), (data, cuts) => {
        const sha = new Sha256()
        let at = 0
        for (const n of cuts) {
          sha.update(data.subarray(at, at + n))
          at = Math.min(data.length, at + n)
        }
        sha.update(data.subarray(at))
        expect(sha.hex()).toBe(createHash('sha256').update(data).digest('hex'))
      }),
      { numRuns: 300 }
    )
  })

  it('hashes a few megabytes in big pieces', () => {
    const data = new Uint8Array(5 * 1024 * 1024).map((_, i) => (i * 31) & 0xff)
    expect(new Sha256().update(data.subarray(0, 3_000_001)).update(data.subarray(3_000_001)).hex()).toBe(createHash('sha256').update(data).digest('hex'))
  })
})

import { expect } from 'vitest'
import fc from 'fast-check'
import { CodecError } from '../../../src/shared/codec'

const CODES = ['EINVAL', 'EFRAMETOOBIG', 'EBADFRAME']

/** Fails unless `err` is the codec's own error, with a known code, a message and a hint. */
export function expectCodecError(err: unknown): asserts err is CodecError {
  if (!(err instanceof CodecError)) throw new Error(`expected a CodecError, got ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`)
  expect(CODES).toContain(err.code)
  expect(err.message.length).toBeGreaterThan(0)
  expect(err.hint.length).toBeGreaterThan(0)
}

/** Runs fn: its result, or undefined when it threw a well-formed CodecError; any other throw fails. */
export function tryCodec<T>(fn: () => T): T | undefined {
  try {
    return fn()
  } catch (err) {
    expectCodecError(err)
    return undefined
  }
}

/** Cuts `stream` at the given sizes, cycled; a size of 0 pushes an empty chunk. */
export function rechunk(stream: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  if (sizes.every((n) => n === 0)) return [stream]
  const chunks: Uint8Array[] = []
  for (let at = 0, k = 0; at < stream.length; k++) {
    const n = sizes[k % sizes.length]!
    chunks.push(stream.slice(at, at + n))
    at += n
  }
  return chunks
}

/** Whole, one byte at a time, or cut at random sizes (some empty, most small). */
export const chunkings: fc.Arbitrary<number[]> = fc.oneof(
  fc.constant<number[]>([0]),
  fc.constant<number[]>([1]),
  fc.array(fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 6, arbitrary: fc.integer({ min: 1, max: 5 }) }, { weight: 3, arbitrary: fc.integer({ min: 6, max: 200 }) }), {
    minLength: 1,
    maxLength: 8
  })
)

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

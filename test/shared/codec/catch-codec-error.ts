import { CodecError } from '../../../src/shared/codec'

/** Runs fn and returns the CodecError it throws; fails the test when it throws nothing or another error. */
export function codecError(fn: () => unknown): CodecError {
  try {
    fn()
  } catch (err) {
    if (err instanceof CodecError) return err
    throw err
  }
  throw new Error('expected a CodecError')
}

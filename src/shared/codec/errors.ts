// Every codec failure carries a stable code, a message saying what was wrong and where,
// and a hint saying what to do, so callers can show `{code, message, hint}` unchanged.

import type { ErrorParams } from '../api'
import { catalogFields, englishTexts, type CatalogRef } from '../errors'
import type { Frame } from './framing/types'

export type CodecErrorCode = 'EINVAL' | 'EFRAMETOOBIG' | 'EBADFRAME'

export class CodecError extends Error {
  readonly code: CodecErrorCode
  readonly hint: string
  readonly id?: string
  readonly hintId?: string
  readonly params?: ErrorParams
  /** Frames completed in the same `push` before the failure, so a decoder error loses nothing already decoded. */
  frames: Frame[] = []

  constructor(code: CodecErrorCode, message: string, hint: string, ref?: { id?: string; hintId?: string; params?: ErrorParams }) {
    super(message)
    this.name = 'CodecError'
    this.code = code
    this.hint = hint
    if (ref?.id !== undefined) this.id = ref.id
    if (ref?.hintId !== undefined) this.hintId = ref.hintId
    if (ref?.params !== undefined) this.params = ref.params
  }

  /** An error from the catalog: English texts, and the ids and params the window translates. */
  static of(code: CodecErrorCode, ref: CatalogRef): CodecError {
    const { message, hint } = englishTexts(ref)
    return new CodecError(code, message, hint, catalogFields(ref))
  }
}

export function invalid(ref: CatalogRef): CodecError {
  return CodecError.of('EINVAL', ref)
}

/** Shows a character unambiguously in a message, including invisible ones. */
export function describeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0
  if (cp > 0x20 && cp < 0x7f) return `'${ch}'`
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`
  return cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0) ? hex : `'${ch}' (${hex})`
}

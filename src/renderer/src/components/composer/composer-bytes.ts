// What the composer sends, computed exactly as it will go: the payload in its mode and encoding,
// the line ending, the checksum appended, then the framing around it.
import type { AppError, ComposerDraft } from '../../../../shared/api'
import { toAppError } from '../../../../shared/errors'
import { appendChecksum, createFramer, encodePayload, parseFramingSpec, type ChecksumName, type LineEnding, type TextEncodingName } from '../../../../shared/codec'

export type ComposerMode = ComposerDraft['mode'] | 'file'

/** ArrayBuffer-backed, as the send request's schema types its bytes. */
export type Built = { ok: true; bytes: Uint8Array<ArrayBuffer> } | { ok: false; error: AppError }

/** Keeps the catalog id and params, so the preview says the error in the window's language. */
function asError(err: unknown): AppError {
  const e = err as Partial<AppError>
  const error = toAppError(err)
  return { ...error, code: e.code ?? 'EINVAL', hint: e.hint ?? '' }
}

/** The body before framing: payload, line ending, checksum. */
export function buildBody(draft: ComposerDraft): Built {
  try {
    let bytes = encodePayload({ format: draft.mode, text: draft.text, encoding: draft.encoding as TextEncodingName, lineEnding: draft.lineEnding as LineEnding })
    if (draft.checksum !== 'none') bytes = appendChecksum(bytes, draft.checksum as ChecksumName)
    return { ok: true, bytes: bytes as Uint8Array<ArrayBuffer> }
  } catch (err) {
    return { ok: false, error: asError(err) }
  }
}

export function buildBytes(draft: ComposerDraft): Built {
  const body = buildBody(draft)
  if (!body.ok) return body
  try {
    const spec = parseFramingSpec(draft.framing)
    if (spec.kind === 'raw') return body
    return { ok: true, bytes: createFramer(spec).encode(body.bytes) as Uint8Array<ArrayBuffer> }
  } catch (err) {
    return { ok: false, error: asError(err) }
  }
}

// The one error type that crosses every boundary: code, message, and a hint that says what to do.
// Errors from the catalog also carry its ids and params, so the window can say them in its language.
import type { AppError, ErrorParams } from './api'
import { enErrors, type ErrorHintId, type ErrorMessageId } from './messages/en'
import { interpolate, withTerms } from './messages/render'

/** Where a catalog error's texts come from: the message's id, the hint's (if another), the params. */
export type CatalogRef = {
  // A message without a hint of its own must name the hint it borrows.
  [Id in ErrorMessageId]: Id extends ErrorHintId ? { id: Id; hintId?: ErrorHintId; params?: ErrorParams } : { id: Id; hintId: ErrorHintId; params?: ErrorParams }
}[ErrorMessageId]

const enTerms: Record<string, string> = enErrors.terms
const enMessages: Record<string, string> = enErrors.messages
const enHints: Record<string, string> = enErrors.hints

/** A catalog error in English: its message and hint with the params filled in. */
export function englishTexts(ref: CatalogRef): { message: string; hint: string } {
  const params = withTerms(ref.params ?? {}, (key) => enTerms[key] ?? null)
  const hintId: string = ref.hintId ?? ref.id
  return { message: interpolate(enMessages[ref.id] ?? ref.id, params), hint: interpolate(enHints[hintId] ?? '', params) }
}

/** The catalog fields of an AppError (id, hintId when it differs, params). */
export function catalogFields(ref: CatalogRef): Pick<AppError, 'id' | 'hintId' | 'params'> {
  return { id: ref.id, ...(ref.hintId !== undefined && ref.hintId !== ref.id ? { hintId: ref.hintId } : {}), params: { ...(ref.params ?? {}) } }
}

/** A plain AppError from the catalog, for errors that travel as data (events, notes). */
export function catalogError(code: string, ref: CatalogRef): AppError {
  return { code, ...englishTexts(ref), ...catalogFields(ref) }
}

export class SocketLabError extends Error implements AppError {
  readonly code: string
  readonly hint: string
  readonly id?: string
  readonly hintId?: string
  readonly params?: ErrorParams

  constructor(code: string, message: string, hint: string, ref?: Pick<AppError, 'id' | 'hintId' | 'params'>) {
    super(message)
    this.name = 'SocketLabError'
    this.code = code
    this.hint = hint
    if (ref?.id !== undefined) this.id = ref.id
    if (ref?.hintId !== undefined) this.hintId = ref.hintId
    if (ref?.params !== undefined) this.params = ref.params
  }

  /** An error from the catalog: English texts for the CLI and logs, ids and params for the window. */
  static of(code: string, ref: CatalogRef): SocketLabError {
    const { message, hint } = englishTexts(ref)
    return new SocketLabError(code, message, hint, catalogFields(ref))
  }

  toJSON(): AppError {
    return withCatalogFields({ code: this.code, message: this.message, hint: this.hint }, this)
  }
}

function withCatalogFields(base: AppError, from: Partial<AppError>): AppError {
  if (typeof from.id === 'string') base.id = from.id
  if (typeof from.hintId === 'string') base.hintId = from.hintId
  if (isParams(from.params)) base.params = { ...from.params }
  return base
}

function isParams(value: unknown): value is ErrorParams {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  return Object.values(value).every((v) => typeof v === 'string' || typeof v === 'number')
}

function isAppErrorLike(value: unknown): value is AppError {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v.code === 'string' && typeof v.message === 'string' && typeof v.hint === 'string'
}

/** Turns anything thrown into an AppError, keeping code, message, hint, id and params where they exist. */
export function toAppError(err: unknown): AppError {
  if (isAppErrorLike(err)) return withCatalogFields({ code: err.code, message: err.message, hint: err.hint }, err)
  if (err instanceof Error) {
    const raw = (err as Error & { code?: unknown }).code
    const code = typeof raw === 'string' ? raw : 'EINTERNAL'
    return {
      code,
      message: err.message,
      hint: 'This was not expected. Try again; if it repeats, report it with the steps that led here.'
    }
  }
  return { code: 'EINTERNAL', message: String(err), hint: 'This was not expected. Try again; if it repeats, report it.' }
}

// The one error type that crosses every boundary: code, message, and a hint that says what to do.
import type { AppError } from './api'

export class SocketLabError extends Error implements AppError {
  readonly code: string
  readonly hint: string

  constructor(code: string, message: string, hint: string) {
    super(message)
    this.name = 'SocketLabError'
    this.code = code
    this.hint = hint
  }

  toJSON(): AppError {
    return { code: this.code, message: this.message, hint: this.hint }
  }
}

function isAppErrorLike(value: unknown): value is AppError {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v.code === 'string' && typeof v.message === 'string' && typeof v.hint === 'string'
}

/** Turns anything thrown into an AppError, keeping code, message and hint where they exist. */
export function toAppError(err: unknown): AppError {
  if (isAppErrorLike(err)) return { code: err.code, message: err.message, hint: err.hint }
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

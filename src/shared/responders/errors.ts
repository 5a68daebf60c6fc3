// Errors a responder reports: a configuration refused before anything runs (thrown, EINVAL), or a
// peer's bad input noted while it runs (a note, so nothing crashes and no byte is lost).
import { SocketLabError } from '../errors'
import type { NoteAction } from './types'

/** A configuration that cannot run: says which part and why, and what to write instead. */
export function configError(message: string, hint: string): SocketLabError {
  return new SocketLabError('EINVAL', message, hint)
}

export function errorNote(code: string, message: string, hint: string): NoteAction {
  return { type: 'note', note: { kind: 'error', error: { code, message, hint } } }
}

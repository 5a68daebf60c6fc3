// What the responder tests share: a context with a stopped clock, and shorthands for bytes.
import { fixedClock } from '../../../src/shared/responders/local-time'
import type { ResponderAction, ResponderContext, ReplyAction, ResponderNote } from '../../../src/shared/responders/types'

/** 2023-11-15 06:13:20 in Shanghai. */
export const NOW_MS = 1_700_000_000_000

export function testContext(overrides: Partial<ResponderContext> = {}): ResponderContext {
  return { clock: fixedClock(NOW_MS, 8 * 3600, 'CST'), transport: 'stream', ...overrides }
}

export const bytes = (s: string): Uint8Array => new TextEncoder().encode(s)
export const text = (b: Uint8Array): string => new TextDecoder().decode(b)

export function replies(actions: ResponderAction[]): ReplyAction[] {
  return actions.filter((a): a is ReplyAction => a.type === 'reply')
}

/** All reply bytes of `actions` as one string (UTF-8). */
export function replyText(actions: ResponderAction[]): string {
  return replies(actions)
    .map((r) => text(r.bytes))
    .join('')
}

export function notes(actions: ResponderAction[]): ResponderNote[] {
  return actions.flatMap((a) => (a.type === 'note' ? [a.note] : []))
}

export function replyBytes(actions: ResponderAction[]): number {
  return replies(actions).reduce((n, r) => n + r.bytes.byteLength, 0)
}

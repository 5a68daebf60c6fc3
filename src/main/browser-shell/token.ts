// The browser shell's access token: random, compared in constant time, and carried once, in the URL
// the shell prints. It is traded for a session (./sessions.ts) and never itself put in a cookie.
import { randomBytes, timingSafeEqual } from 'node:crypto'

export function createToken(): string {
  return randomBytes(24).toString('base64url')
}

export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

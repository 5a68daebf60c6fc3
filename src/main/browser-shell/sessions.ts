// The sessions of the browsers that presented the token: each gets a random secret of its own, which
// only this shell accepts and which is forgotten when the shell stops (it is kept only in memory).
// A cookie that leaks to another server on this host is then worth nothing once the shell is gone,
// and the token itself never sits in a cookie.
import { createHash, randomBytes } from 'node:crypto'

/** Enough for every browser and tab a person opens; the oldest session goes first beyond it. */
export const MAX_SESSIONS = 256

export interface SessionStore {
  /** A new session's secret, to be set as the cookie's value. */
  open(): string
  accepts(secret: string): boolean
  size(): number
  clear(): void
}

// Looked up by digest, so the time a lookup takes says nothing about how close a guess came.
const digest = (secret: string): string => createHash('sha256').update(secret).digest('base64url')

export function createSessionStore(max = MAX_SESSIONS): SessionStore {
  const digests = new Set<string>()
  return {
    open: () => {
      const secret = randomBytes(32).toString('base64url')
      digests.add(digest(secret))
      // A Set iterates in insertion order: the first one is the oldest.
      while (digests.size > max) digests.delete(digests.values().next().value!)
      return secret
    },
    accepts: (secret) => digests.has(digest(secret)),
    size: () => digests.size,
    clear: () => digests.clear()
  }
}

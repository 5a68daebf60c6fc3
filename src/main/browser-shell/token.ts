// The browser shell's access token: random, compared in constant time, carried once in the URL and
// then in an HttpOnly, SameSite=Strict cookie scoped to this server's port.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export function createToken(): string {
  return randomBytes(24).toString('base64url')
}

export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

export function cookieName(port: number): string {
  // Cookies are shared across ports of one host, so two shells side by side need different names.
  return `socket_lab_${port}`
}

/**
 * Every value the header gives the cookie, as sent. Our values are base64url, so nothing is
 * percent-decoded (decoding a malformed value threw). More than one value is normal: another server on
 * this host can set a cookie of the same name under another path.
 */
export function readCookieValues(req: IncomingMessage, name: string): string[] {
  const header = req.headers.cookie
  if (!header) return []
  const values: string[] = []
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) values.push(part.slice(eq + 1).trim())
  }
  return values
}

export function tokenCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`
}

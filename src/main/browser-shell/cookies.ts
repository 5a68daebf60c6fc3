// The session cookie: its name, how it is set, and how it is read back from a Cookie header that a
// page, another server on this host or a raw socket may have filled with anything.

export function cookieName(port: number): string {
  // Browsers share cookies across the ports of one host: two shells side by side need different names.
  return `socket_lab_${port}`
}

export function sessionCookie(port: number, secret: string): string {
  return `${cookieName(port)}=${secret}; HttpOnly; SameSite=Strict; Path=/`
}

/**
 * Every value the header gives the cookie, as sent. Our values are base64url, so nothing is
 * percent-decoded (decoding is where a malformed value used to throw). More than one value is
 * normal: another server on this host can set a cookie of the same name under another path.
 */
export function readCookieValues(header: string | undefined, name: string): string[] {
  if (!header) return []
  const values: string[] = []
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) values.push(part.slice(eq + 1).trim())
  }
  return values
}

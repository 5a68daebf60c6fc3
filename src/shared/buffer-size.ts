// A socket buffer size as people type it: bytes (65536), or KiB and MiB with k or m after the number
// (64k, 8m). The window's form and the CLI read it the same way.

/** The smallest and largest receive buffer a UDP socket's config takes. */
export const MIN_RECV_BUFFER = 1024
export const MAX_RECV_BUFFER = 256 * 1024 * 1024

/** The size in bytes, or undefined when the text is not one within MIN_RECV_BUFFER..MAX_RECV_BUFFER. */
export function parseRecvBuffer(text: string): number | undefined {
  const m = /^(\d+)([km]?)$/i.exec(text.trim())
  if (!m) return undefined
  const unit = m[2] === '' ? 1 : m[2]!.toLowerCase() === 'k' ? 1024 : 1024 * 1024
  const n = Number(m[1]) * unit
  return n >= MIN_RECV_BUFFER && n <= MAX_RECV_BUFFER ? n : undefined
}

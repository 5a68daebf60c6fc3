// Address syntax checks shared by the forms, the request schemas and the CLI.
// Pure string checks: whether a name resolves is for the socket layer to find out.

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/
// RFC 1123 host names: labels of letters, digits and hyphens, not starting or ending with a hyphen.
const HOSTNAME = /^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\.?$/

export function isIPv4(host: string): boolean {
  return IPV4.test(host)
}

export function isIPv6(host: string): boolean {
  // A zone index (fe80::1%eth0) is allowed; the socket layer decides whether it exists.
  const [addr, zone, ...rest] = host.split('%')
  if (addr === undefined || rest.length > 0 || zone === '') return false
  const halves = addr.split('::')
  if (halves.length > 2) return false
  const groupsOf = (part: string): string[] | null => {
    if (part === '') return []
    const groups = part.split(':')
    const last = groups[groups.length - 1]!
    // An embedded IPv4 tail (::ffff:1.2.3.4) stands for two groups.
    if (last.includes('.')) {
      if (!isIPv4(last)) return null
      groups.splice(-1, 1, '0', '0')
    }
    return groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g)) ? groups : null
  }
  const head = groupsOf(halves[0]!)
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : []
  if (!head || !tail) return false
  // An IPv4 tail may only come last: never before a '::'.
  if (halves.length === 2 && halves[0]!.includes('.')) return false
  const count = head.length + tail.length
  return halves.length === 2 ? count <= 7 : count === 8
}

export function isIP(host: string): 0 | 4 | 6 {
  if (isIPv4(host)) return 4
  if (isIPv6(host)) return 6
  return 0
}

export function isHostname(host: string): boolean {
  return HOSTNAME.test(host) && !/^[\d.]+$/.test(host)
}

/** An IP address or a DNS name; anything else is refused before a socket is made. */
export function isHost(host: string): boolean {
  return isIP(host) !== 0 || isHostname(host)
}

/** The eight 16-bit groups of an IPv6 address that isIPv6 accepted and that has no zone index. */
function ipv6Groups(address: string): number[] {
  const parse = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((g) => {
          if (!g.includes('.')) return [parseInt(g, 16)]
          const [a, b, c, d] = g.split('.').map(Number) as [number, number, number, number]
          return [(a << 8) | b, (c << 8) | d]
        })
  const halves = address.split('::')
  const head = parse(halves[0]!)
  if (halves.length === 1) return head
  const tail = parse(halves[1]!)
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail]
}

/**
 * An IP address on loopback: 127.0.0.0/8, ::1, or 127.x.y.z mapped into IPv6. Only addresses: a
 * name, even "localhost" or one that starts with "127.", says nothing until it is resolved.
 */
export function isLoopbackAddress(address: string): boolean {
  if (isIPv4(address)) return address.startsWith('127.')
  if (!isIPv6(address) || address.includes('%')) return false
  const g = ipv6Groups(address)
  const zeros = (n: number): boolean => g.slice(0, n).every((x) => x === 0)
  return (zeros(7) && g[7] === 1) || (zeros(5) && g[5] === 0xffff && g[6]! >> 8 === 127)
}

/** `host:port` with brackets around IPv6, as people type and read addresses. */
export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
}

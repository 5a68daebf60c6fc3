// The machine's own addresses, from os.networkInterfaces: where a socket may bind, and the
// interfaces a multicast group may be joined on.
import os from 'node:os'
import type { InterfaceAddress } from '../../shared/api'

type OsInterfaces = ReturnType<typeof os.networkInterfaces>

/** Every address of every interface, loopback first, IPv4 before IPv6 within an interface. */
export function interfaceAddresses(all: OsInterfaces = os.networkInterfaces(), platform: string = process.platform): InterfaceAddress[] {
  const out: InterfaceAddress[] = []
  for (const [name, addresses] of Object.entries(all)) {
    for (const a of addresses ?? []) {
      const family = a.family === 'IPv6' ? 'IPv6' : 'IPv4'
      const scope = platform === 'win32' ? String(a.family === 'IPv6' ? (a.scopeid ?? 0) : '') : name
      out.push({
        name,
        address: a.address,
        family,
        internal: a.internal,
        netmask: a.netmask,
        cidr: a.cidr ?? `${a.address}/${prefixLength(a.netmask)}`,
        multicastInterface: family === 'IPv4' ? a.address : `::%${scope}`
      })
    }
  }
  const rank = (a: InterfaceAddress): number => (a.internal ? 0 : 2) + (a.family === 'IPv4' ? 0 : 1)
  return out.sort((a, b) => rank(a) - rank(b))
}

/** Bits set in a netmask (255.255.255.0 → 24, ffff:ffff:: → 32). */
function prefixLength(netmask: string): number {
  if (netmask.includes('.')) return netmask.split('.').reduce((n, part) => n + bitCount(Number(part)), 0)
  return netmask.split(':').reduce((n, part) => n + (part === '' ? 0 : bitCount(parseInt(part, 16))), 0)
}

function bitCount(n: number): number {
  let c = 0
  for (let x = n; x > 0; x >>= 1) c += x & 1
  return c
}

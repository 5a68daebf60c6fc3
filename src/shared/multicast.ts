// Multicast address rules shared by the engine, the window and the command line: which addresses
// are groups, and whether a group and an interface fit a socket, before the OS is asked.
import { ipv6Groups, isIP, isIPv4 } from './address'
import type { CatalogRef } from './errors'

/** A group a UDP socket joined, on one interface (the OS picks one when it is left out). */
export interface MulticastMembership {
  group: string
  /** IPv4: an address of the interface (127.0.0.1); IPv6: `::%name` (`::%lo`) or a scoped address. */
  interface?: string
}

/** 224.0.0.0/4 (IPv4) or ff00::/8 (IPv6). */
export function isMulticastAddress(address: string): boolean {
  const family = isIP(address)
  if (family === 4) {
    const first = Number(address.split('.')[0])
    return first >= 224 && first <= 239
  }
  if (family === 6) {
    const plain = address.split('%')[0]!
    return (ipv6Groups(plain)[0]! & 0xff00) === 0xff00
  }
  return false
}

/**
 * What is wrong with joining `group` on `iface` from a socket of `family`, as an error of the
 * catalog, or undefined when nothing visible is: the OS only says EINVAL, which teaches nothing.
 */
export function membershipProblem(group: string, family: 4 | 6, iface?: string): CatalogRef | undefined {
  const groupFamily = isIP(group)
  if (groupFamily === 0) return { id: 'groupNotIp', params: { group } }
  if (!isMulticastAddress(group)) return { id: 'groupNotMulticast', params: { group } }
  if (groupFamily !== family) return { id: family === 6 ? 'groupV4OnV6' : 'groupV6OnV4', params: { group } }
  if (iface !== undefined) {
    if (family === 4 && !isIPv4(iface)) return { id: 'ifaceNotV4', params: { iface } }
    if (family === 6 && isIP(iface) !== 6) return { id: 'ifaceNotV6', params: { iface } }
  }
  return undefined
}

export function sameMembership(a: MulticastMembership, b: MulticastMembership): boolean {
  return a.group.toLowerCase() === b.group.toLowerCase() && (a.interface ?? '') === (b.interface ?? '')
}

export function formatMembership(m: MulticastMembership): string {
  return m.interface ? `${m.group}@${m.interface}` : m.group
}

/** `239.1.2.3` or `239.1.2.3@127.0.0.1` (`ff05::1:3@::%lo`), as the command line takes a join. */
export function parseMembership(text: string): MulticastMembership {
  const at = text.indexOf('@')
  const group = (at < 0 ? text : text.slice(0, at)).trim()
  const iface = at < 0 ? '' : text.slice(at + 1).trim()
  return iface ? { group, interface: iface } : { group }
}

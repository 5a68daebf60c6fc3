// Multicast address rules shared by the engine, the window and the command line: which addresses
// are groups, and whether a group and an interface fit a socket, before the OS is asked.
import { ipv6Groups, isIP, isIPv4 } from './address'

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

export interface MembershipProblem {
  message: string
  hint: string
}

/**
 * What is wrong with joining `group` on `iface` from a socket of `family`, or undefined when
 * nothing visible is: the OS only says EINVAL, which teaches nothing.
 */
export function membershipProblem(group: string, family: 4 | 6, iface?: string): MembershipProblem | undefined {
  const groupFamily = isIP(group)
  if (groupFamily === 0) {
    return { message: `${group} is not an IP address`, hint: 'A multicast group is an address such as 239.1.2.3 (IPv4) or ff05::1:3 (IPv6).' }
  }
  if (!isMulticastAddress(group)) {
    return {
      message: `${group} is not a multicast address`,
      hint: 'Groups are 224.0.0.0 to 239.255.255.255 (IPv4; 239.x.x.x is for private use) or start with ff (IPv6, ff02:: on one link, ff05:: on one site).'
    }
  }
  if (groupFamily !== family) {
    return family === 6
      ? { message: `${group} is an IPv4 group and this socket is IPv6`, hint: 'Bind the socket to 0.0.0.0 (or an IPv4 address) to join IPv4 groups, or join an IPv6 group such as ff05::1:3.' }
      : { message: `${group} is an IPv6 group and this socket is IPv4`, hint: 'Bind the socket to :: (or an IPv6 address) to join IPv6 groups, or join an IPv4 group such as 239.1.2.3.' }
  }
  if (iface !== undefined) {
    if (family === 4 && !isIPv4(iface)) {
      return { message: `${iface} is not an IPv4 interface address`, hint: "An IPv4 group is joined on an interface named by one of its IPv4 addresses, such as 127.0.0.1 for loopback." }
    }
    if (family === 6 && isIP(iface) !== 6) {
      return { message: `${iface} is not an IPv6 interface`, hint: 'An IPv6 group is joined on an interface written ::%name, such as ::%lo or ::%eth0 (::%index on Windows).' }
    }
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

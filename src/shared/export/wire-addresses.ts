// The addresses a synthesized packet carries. The capture knows each peer's address and the
// endpoint's own; where the endpoint was bound to any address (0.0.0.0, ::) it does not know which
// one a connection arrived at, so loopback stands in for a loopback peer, the unspecified address
// for any other. An IPv4 peer of a dual-stack socket (::ffff:a.b.c.d) went over IPv4, so it is
// written as IPv4.
import type { SocketAddress } from '../api'
import { ipv6Groups, isIPv4, isIPv6, isLoopbackAddress } from '../address'

export interface WireAddress {
  family: 4 | 6
  bytes: Uint8Array
  port: number
}

const UNSPECIFIED_V4 = '0.0.0.0'
const UNSPECIFIED_V6 = '::'

function v4Bytes(address: string): Uint8Array {
  return new Uint8Array(address.split('.').map(Number))
}

function v6Bytes(address: string): Uint8Array {
  const out = new Uint8Array(16)
  const groups = ipv6Groups(address)
  for (let i = 0; i < 8; i++) {
    out[i * 2] = groups[i]! >> 8
    out[i * 2 + 1] = groups[i]! & 0xff
  }
  return out
}

/** The address as it went on the wire: no zone index, IPv4 when mapped into IPv6; undefined if not an IP address. */
function parse(address: string): { family: 4 | 6; text: string } | undefined {
  const bare = address.split('%')[0]!
  if (isIPv4(bare)) return { family: 4, text: bare }
  if (!isIPv6(bare)) return undefined
  const g = ipv6Groups(bare)
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    return { family: 4, text: `${g[6]! >> 8}.${g[6]! & 0xff}.${g[7]! >> 8}.${g[7]! & 0xff}` }
  }
  return { family: 6, text: bare }
}

function bytesOf(family: 4 | 6, text: string): Uint8Array {
  return family === 4 ? v4Bytes(text) : v6Bytes(text)
}

function isUnspecified(bytes: Uint8Array): boolean {
  return bytes.every((b) => b === 0)
}

/**
 * Both ends of a connection or a datagram exchange, in one family. `local` is what the endpoint
 * knows of itself (undefined when it knows nothing); `remote` is the peer.
 */
export function wireEnds(local: SocketAddress | undefined, remote: SocketAddress | undefined): { local: WireAddress; remote: WireAddress; guessedLocal: boolean } {
  const r = remote ? parse(remote.address) : undefined
  const l = local ? parse(local.address) : undefined
  const family: 4 | 6 = r?.family ?? l?.family ?? 4
  const remoteBytes = r ? bytesOf(r.family, r.text) : bytesOf(family, family === 4 ? UNSPECIFIED_V4 : UNSPECIFIED_V6)
  let localBytes = l && l.family === family ? bytesOf(family, l.text) : undefined
  const guessedLocal = localBytes === undefined || isUnspecified(localBytes)
  if (guessedLocal) {
    const loopback = r !== undefined && isLoopbackAddress(r.text)
    localBytes = bytesOf(family, family === 4 ? (loopback ? '127.0.0.1' : UNSPECIFIED_V4) : loopback ? '::1' : UNSPECIFIED_V6)
  }
  return {
    local: { family, bytes: localBytes!, port: local?.port ?? 0 },
    remote: { family, bytes: remoteBytes, port: remote?.port ?? 0 },
    guessedLocal
  }
}

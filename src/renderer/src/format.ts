import type { EndpointConfig, EndpointInfo, EndpointKind, SocketAddress } from '../../shared/api'
import { formatHostPort } from '../../shared/address'
import { localizeEndpointName } from './i18n/localize'

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let v = n / 1024
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`
}

export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(Math.round(bytesPerSecond))}/s`
}

/** 1234567 as `1,234,567`. Hand-made: toLocaleString is far too slow for every row of a flood. */
export function formatCount(n: number): string {
  const s = String(Math.trunc(n))
  if (s.length <= 3 || !/^-?\d+$/.test(s)) return s
  const neg = s.startsWith('-')
  const digits = neg ? s.slice(1) : s
  let out = ''
  for (let i = digits.length; i > 0; i -= 3) out = digits.slice(Math.max(0, i - 3), i) + (out ? `,${out}` : '')
  return neg ? `-${out}` : out
}

export function formatAddress(addr: SocketAddress | { path: string } | undefined): string {
  if (!addr) return ''
  if ('path' in addr) return addr.path
  return addr.family === 'IPv6' ? `[${addr.address}]:${addr.port}` : `${addr.address}:${addr.port}`
}

/** Where the endpoint is, as configured, for when it has no socket yet. */
export function configAddress(config: EndpointConfig): string {
  return 'path' in config ? config.path : formatHostPort(config.host, config.port)
}

/** The address to show for an endpoint: servers where they listen, clients whom they reach. */
export function endpointAddress(ep: EndpointInfo): string {
  if (isClientKind(ep.kind)) return formatAddress(ep.remote) || configAddress(ep.config)
  return formatAddress(ep.local) || configAddress(ep.config)
}

export function isClientKind(kind: EndpointKind): boolean {
  return kind === 'tcp-client' || kind === 'tls-client' || kind === 'unix-client'
}

export function isStreamKind(kind: EndpointKind): boolean {
  return kind !== 'udp' && kind !== 'udp-relay'
}

/** TCP, UDP or Unix: the short tag shown beside each endpoint. */
export function transportTag(kind: EndpointKind): 'TCP' | 'TLS' | 'UDP' | 'Unix' {
  return kind === 'udp' || kind === 'udp-relay' ? 'UDP' : kind.startsWith('tcp') ? 'TCP' : kind.startsWith('tls') ? 'TLS' : 'Unix'
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0')

/** Local wall-clock time with milliseconds, as a log shows it. */
export function formatTime(epochMs: number): string {
  const d = new Date(epochMs)
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'))

export function hexByte(b: number): string {
  return HEX[b]!
}

/** Bytes as spaced hex, cut at `max` bytes with an ellipsis. */
export function hexPreview(bytes: Uint8Array, max = 64): string {
  const n = Math.min(bytes.length, max)
  const parts = new Array<string>(n)
  for (let i = 0; i < n; i++) parts[i] = HEX[bytes[i]!]!
  return parts.join(' ') + (bytes.length > max ? ' …' : '')
}

/**
 * The endpoint's name. A default name made from a port-0 config says ":0"; once the socket has its
 * port, show that instead, since it is the address people will type. Default names are said in the
 * window's language; a name someone gave stays as it is.
 */
export function displayName(ep: EndpointInfo): string {
  if (ep.config.name !== undefined) return ep.name
  const name = ep.local && 'port' in ep.local && ep.name.endsWith(':0') ? `${ep.name.slice(0, -2)}:${ep.local.port}` : ep.name
  return localizeEndpointName(name)
}

// Addresses as people type them on a command line: `host:port`, `[v6addr]:port`, a bare port (listen
// only), or a Unix socket path. A malformed one is a usage error that says what was expected.
import { isHost, isIP } from '../shared/address'
import { UsageError } from './usage-error'

export type Transport = 'tcp' | 'udp' | 'unix' | 'tls'

export type ParsedAddress = { kind: 'inet'; host: string; port: number } | { kind: 'path'; path: string }

export function parseTransport(value: string): Transport {
  if (value === 'tcp' || value === 'udp' || value === 'unix' || value === 'tls') return value
  throw new UsageError(`unknown transport '${value}'`, 'Use tcp, udp, unix or tls.')
}

function parsePort(text: string, whole: string, allowZero: boolean): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535 || (!allowZero && Number(text) === 0)) {
    throw new UsageError(
      `'${whole}' has no valid port`,
      allowZero ? 'A port is a number from 0 to 65535 (0 picks a free one).' : 'A port is a number from 1 to 65535.'
    )
  }
  return Number(text)
}

function splitHostPort(text: string): { host: string; port: string } | undefined {
  const bracketed = /^\[([^\]]+)\]:(.*)$/.exec(text)
  if (bracketed) return { host: bracketed[1]!, port: bracketed[2]! }
  const colon = text.lastIndexOf(':')
  if (colon <= 0) return undefined
  const host = text.slice(0, colon)
  // An unbracketed IPv6 address is ambiguous with its port: ask for brackets.
  if (host.includes(':')) {
    throw new UsageError(`'${text}' is ambiguous`, 'Put an IPv6 address in brackets: [::1]:9000.')
  }
  return { host, port: text.slice(colon + 1) }
}

/** The peer `send` talks to. */
export function parseTarget(transport: Transport, text: string): ParsedAddress {
  if (transport === 'unix') return parsePath(text)
  const parts = splitHostPort(text)
  if (!parts) throw new UsageError(`'${text}' is not host:port`, 'Write the target as 127.0.0.1:9000, [::1]:9000 or localhost:9000.')
  if (!isHost(parts.host)) throw new UsageError(`'${parts.host}' is not an IP address or a host name`, 'Write the target as 127.0.0.1:9000, [::1]:9000 or localhost:9000.')
  return { kind: 'inet', host: parts.host, port: parsePort(parts.port, text, false) }
}

/** Where `listen` binds: a bare port means 127.0.0.1 (or ::1 with -6). */
export function parseListenAddress(transport: Transport, text: string, family?: 4 | 6): ParsedAddress {
  if (transport === 'unix') return parsePath(text)
  if (/^\d+$/.test(text)) return { kind: 'inet', host: family === 6 ? '::1' : '127.0.0.1', port: parsePort(text, text, true) }
  const parts = splitHostPort(text)
  if (!parts || !(isIP(parts.host) !== 0 || isHost(parts.host))) {
    throw new UsageError(`'${text}' is not a port or host:port`, 'Write 9000, 127.0.0.1:9000, [::1]:9000 or 0.0.0.0:9000.')
  }
  return { kind: 'inet', host: parts.host, port: parsePort(parts.port, text, true) }
}

function parsePath(text: string): ParsedAddress {
  if (text.length === 0 || text.includes('\0')) {
    throw new UsageError(`'${text}' is not a socket path`, 'Give a file path such as /tmp/lab.sock (or \\\\.\\pipe\\name on Windows).')
  }
  return { kind: 'path', path: text }
}

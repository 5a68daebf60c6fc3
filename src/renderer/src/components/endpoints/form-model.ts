// The new-endpoint form's values, defaults that work, checks as the user types, and the config the
// values make. Checks return translation keys, so every message shows in the window's language.
import type { EndpointConfig, EndpointInfo, EndpointKind } from '../../../../shared/api'
import type { AutoReply } from '../../../../shared/schemas'
import { isHost } from '../../../../shared/address'
import { parseFramingSpec } from '../../../../shared/codec'

export interface FormValues {
  kind: EndpointKind
  name: string
  host: string
  port: string
  path: string
  framing: string
  autoReply: 'off' | 'echo' | 'upper'
  /** TCP client: disable Nagle's algorithm. */
  noDelay: boolean
  removeStale: boolean
}

export type FieldName = 'name' | 'host' | 'port' | 'path' | 'framing'

export type FormErrors = Partial<Record<FieldName, { key: string; detail?: string }>>

function socketDir(platform: string | undefined): string {
  return platform === 'win32' ? '\\\\.\\pipe\\' : '/tmp/'
}

/** Defaults that work: loopback, port 0 for servers, and for clients the newest server of their kind. */
export function defaultValues(kind: EndpointKind, endpoints: EndpointInfo[], platform?: string): FormValues {
  const base: FormValues = { kind, name: '', host: '127.0.0.1', port: '0', path: '', framing: 'raw', autoReply: 'off', noDelay: false, removeStale: true }
  const newest = (k: EndpointKind): EndpointInfo | undefined => [...endpoints].reverse().find((e) => e.kind === k && e.local)
  const unixServers = endpoints.filter((e) => e.kind === 'unix-server').length
  switch (kind) {
    case 'tcp-client': {
      const server = newest('tcp-server')
      const local = server?.local
      if (local && 'port' in local) return { ...base, host: local.address === '0.0.0.0' ? '127.0.0.1' : local.address, port: String(local.port), framing: server.config.framing ?? 'raw' }
      return { ...base, port: '' }
    }
    case 'unix-server':
      return { ...base, path: `${socketDir(platform)}socket-lab-${unixServers + 1}${platform === 'win32' ? '' : '.sock'}` }
    case 'unix-client': {
      const server = newest('unix-server')
      const local = server?.local
      return { ...base, path: local && 'path' in local ? local.path : '', framing: server?.config.framing ?? 'raw' }
    }
    default:
      return base
  }
}

const needsHost = (k: EndpointKind): boolean => k === 'tcp-server' || k === 'tcp-client' || k === 'udp'

export function validate(v: FormValues): FormErrors {
  const errors: FormErrors = {}
  if (v.name.trim().length > 120) errors.name = { key: 'form.errors.nameLong' }
  if (needsHost(v.kind)) {
    const host = v.host.trim()
    if (host === '') errors.host = { key: 'form.errors.hostEmpty' }
    else if (host.length > 253 || !isHost(host)) errors.host = { key: 'form.errors.hostBad' }
    const port = v.port.trim()
    const remote = v.kind === 'tcp-client'
    if (port === '') errors.port = { key: remote ? 'form.errors.portRequired' : 'form.errors.portRange' }
    else if (!/^\d+$/.test(port)) errors.port = { key: 'form.errors.portWhole' }
    else {
      const n = Number(port)
      if (n > 65535) errors.port = { key: remote ? 'form.errors.remotePortRange' : 'form.errors.portRange' }
      else if (remote && n === 0) errors.port = { key: 'form.errors.remotePortRange' }
    }
  } else {
    if (v.path === '') errors.path = { key: 'form.errors.pathEmpty' }
    else if (v.path.includes('\0')) errors.path = { key: 'form.errors.pathNul' }
    else if (v.path.length > 4096) errors.path = { key: 'form.errors.pathLong' }
  }
  try {
    parseFramingSpec(v.framing)
  } catch (err) {
    errors.framing = { key: 'form.errors.framingBad', detail: err instanceof Error ? err.message : String(err) }
  }
  return errors
}

export function toConfig(v: FormValues): EndpointConfig {
  const name = v.name.trim() ? { name: v.name.trim() } : {}
  const framing = v.framing.trim() && v.framing.trim() !== 'raw' ? { framing: v.framing.trim() } : {}
  const autoReply: { autoReply?: AutoReply } = v.autoReply !== 'off' ? { autoReply: { mode: v.autoReply } } : {}
  const host = v.host.trim()
  const port = Number(v.port.trim())
  switch (v.kind) {
    case 'tcp-server':
      return { kind: 'tcp-server', host, port, ...name, ...framing, ...autoReply }
    case 'tcp-client':
      return { kind: 'tcp-client', host, port, ...name, ...framing, ...(v.noDelay ? { noDelay: true } : {}) }
    case 'udp':
      return { kind: 'udp', host, port, ...name, ...framing, ...autoReply }
    case 'unix-server':
      return { kind: 'unix-server', path: v.path, ...name, ...framing, ...autoReply, ...(v.removeStale ? { removeStale: true } : {}) }
    case 'unix-client':
      return { kind: 'unix-client', path: v.path, ...name, ...framing }
  }
}

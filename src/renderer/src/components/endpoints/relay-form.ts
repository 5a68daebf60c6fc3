// The relay's part of the new-endpoint form: where it forwards to (a TCP relay: a TCP or TLS server,
// or a Unix socket) and the faults it starts with, as typed, checked as the user types, and turned
// into the relay's config.
import type { EndpointConfig, EndpointInfo } from '../../../../shared/api'
import { isHost } from '../../../../shared/address'
import { parseDelay, parseRate } from '../../../../shared/relay-faults'
import type { RelayFaults, StreamUpstream, TlsUpstreamOptions } from '../../../../shared/schemas'

/** What a TCP relay's upstream speaks; a UDP relay's is always a UDP host and port. */
export type UpstreamKind = 'tcp' | 'tls' | 'unix'
export const UPSTREAM_KINDS: readonly UpstreamKind[] = ['tcp', 'tls', 'unix']

export interface RelayFormValues {
  upstreamKind: UpstreamKind
  upstreamHost: string
  upstreamPort: string
  /** A Unix socket upstream's path. */
  upstreamPath: string
  /** A TLS upstream: the name sent and checked (empty: the host), and ALPN, comma-separated. */
  tlsServername: string
  tlsAlpn: string
  /** A TLS upstream: connect even when its certificate does not verify. */
  tlsInsecure: boolean
  /** A TLS upstream: the CA it is checked against, PEM text read from the file chosen. */
  tlsCa?: string
  /** Bytes per piece; empty: writes go as they came. */
  chunk: string
  coalesceMs: string
  /** "50" or "20-80" ms. */
  delay: string
  bandwidth: string
  resetAfter: string
  resetOn: string
  drop: string
  duplicate: string
  reorder: string
  seed: string
}

/** The fields typed as text, each with its own input, label, help and error. */
export type RelayField = Exclude<keyof RelayFormValues, 'upstreamKind' | 'tlsInsecure' | 'tlsCa'>

export const RELAY_FORM_DEFAULTS: RelayFormValues = {
  upstreamKind: 'tcp',
  upstreamHost: '127.0.0.1',
  upstreamPort: '',
  upstreamPath: '',
  tlsServername: '',
  tlsAlpn: '',
  tlsInsecure: false,
  chunk: '',
  coalesceMs: '',
  delay: '',
  bandwidth: '',
  resetAfter: '',
  resetOn: '',
  drop: '',
  duplicate: '',
  reorder: '',
  seed: ''
}

/** The upstream offered first: the newest running server of the relay's transport, if any. */
export function relayDefaults(kind: 'tcp-relay' | 'udp-relay', endpoints: EndpointInfo[]): RelayFormValues {
  const wanted = kind === 'tcp-relay' ? 'tcp-server' : 'udp'
  const server = [...endpoints].reverse().find((e) => e.kind === wanted && e.local && 'port' in e.local)
  const local = server?.local
  if (!local || !('port' in local)) return RELAY_FORM_DEFAULTS
  const host = local.address === '0.0.0.0' ? '127.0.0.1' : local.address === '::' ? '::1' : local.address
  return { ...RELAY_FORM_DEFAULTS, upstreamHost: host, upstreamPort: String(local.port) }
}

const WHOLE = /^\s*\d+\s*$/

/** Translation keys of what is wrong, field by field; empty when the relay can be opened. */
export function relayErrors(r: RelayFormValues, udp: boolean): Partial<Record<RelayField, { key: string }>> {
  const errors: Partial<Record<RelayField, { key: string }>> = {}
  const kind = udp ? 'tcp' : r.upstreamKind
  if (kind === 'unix') {
    if (r.upstreamPath === '' || r.upstreamPath.includes('\0')) errors.upstreamPath = { key: 'relay.errors.path' }
  } else {
    if (!isHost(r.upstreamHost.trim())) errors.upstreamHost = { key: 'relay.errors.host' }
    const port = Number(r.upstreamPort.trim())
    if (!WHOLE.test(r.upstreamPort) || port < 1 || port > 65535) errors.upstreamPort = { key: 'relay.errors.port' }
  }
  if (kind === 'tls' && r.tlsServername.trim() !== '' && !isHost(r.tlsServername.trim())) errors.tlsServername = { key: 'relay.errors.servername' }
  const whole = (f: RelayField, min: number): void => {
    const text = r[f].trim()
    if (text !== '' && (!WHOLE.test(text) || Number(text) < min)) errors[f] = { key: min > 0 ? 'relay.errors.positive' : 'relay.errors.whole' }
  }
  if (!udp) {
    whole('chunk', 1)
    whole('coalesceMs', 1)
    if (r.chunk.trim() !== '' && r.coalesceMs.trim() !== '') errors.coalesceMs = { key: 'relay.errors.chunkOrCoalesce' }
    whole('bandwidth', 1)
    whole('resetAfter', 0)
  } else {
    for (const f of ['drop', 'duplicate', 'reorder'] as const) if (r[f].trim() !== '' && parseRate(r[f]) === undefined) errors[f] = { key: 'relay.errors.rate' }
  }
  whole('seed', 0)
  if (r.delay.trim() !== '' && parseDelay(r.delay) === undefined) errors.delay = { key: 'relay.errors.delay' }
  return errors
}

/** The faults the values ask for; undefined when none. */
export function relayFaultsOf(r: RelayFormValues, udp: boolean): RelayFaults | undefined {
  const num = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text.trim()))
  const f: RelayFaults = {}
  const set = <K extends keyof RelayFaults>(k: K, v: RelayFaults[K] | undefined): void => {
    if (v !== undefined) f[k] = v
  }
  if (!udp) {
    set('chunk', num(r.chunk))
    set('coalesceMs', num(r.coalesceMs))
    set('bandwidth', num(r.bandwidth))
    set('resetAfter', num(r.resetAfter))
    if (r.resetOn !== '') f.resetOn = r.resetOn
  } else {
    set('drop', r.drop.trim() === '' ? undefined : parseRate(r.drop))
    set('duplicate', r.duplicate.trim() === '' ? undefined : parseRate(r.duplicate))
    set('reorder', r.reorder.trim() === '' ? undefined : parseRate(r.reorder))
  }
  if (r.delay.trim() !== '') Object.assign(f, parseDelay(r.delay))
  set('seed', num(r.seed))
  return Object.keys(f).length > 0 ? f : undefined
}

export function relayConfigOf(
  kind: 'tcp-relay' | 'udp-relay',
  base: { host: string; port: number; name?: string; framing?: string },
  r: RelayFormValues
): EndpointConfig {
  const faults = relayFaultsOf(r, kind === 'udp-relay')
  const upstream = kind === 'udp-relay' ? hostPort(r) : relayUpstreamOf(r)
  return { kind, ...base, upstream, ...(faults ? { faults } : {}) } as EndpointConfig
}

function hostPort(r: RelayFormValues): { host: string; port: number } {
  return { host: r.upstreamHost.trim(), port: Number(r.upstreamPort.trim()) }
}

/** A TCP relay's upstream as the form says it; only what differs from the defaults goes in. */
export function relayUpstreamOf(r: RelayFormValues): StreamUpstream {
  if (r.upstreamKind === 'unix') return { path: r.upstreamPath }
  if (r.upstreamKind === 'tcp') return hostPort(r)
  const alpn = r.tlsAlpn.split(',').map((p) => p.trim()).filter((p) => p.length > 0)
  const tls: TlsUpstreamOptions = {
    ...(r.tlsInsecure ? { insecure: true } : {}),
    ...(r.tlsServername.trim() ? { servername: r.tlsServername.trim() } : {}),
    ...(r.tlsCa !== undefined ? { ca: r.tlsCa } : {}),
    ...(alpn.length > 0 ? { alpn } : {})
  }
  return { ...hostPort(r), tls }
}

/** The form's values for an upstream a relay has (a saved one, or one to open again). */
export function relayUpstreamValues(upstream: StreamUpstream): Pick<RelayFormValues, 'upstreamKind' | 'upstreamHost' | 'upstreamPort' | 'upstreamPath' | 'tlsServername' | 'tlsAlpn' | 'tlsInsecure' | 'tlsCa'> {
  if ('path' in upstream) return { ...RELAY_FORM_DEFAULTS, upstreamKind: 'unix', upstreamPath: upstream.path }
  const at = { upstreamHost: upstream.host, upstreamPort: String(upstream.port), upstreamPath: '' }
  const t = upstream.tls
  if (!t) return { ...RELAY_FORM_DEFAULTS, ...at, upstreamKind: 'tcp' }
  return {
    ...at,
    upstreamKind: 'tls',
    tlsServername: t.servername ?? '',
    tlsAlpn: (t.alpn ?? []).join(','),
    tlsInsecure: t.insecure === true,
    ...(t.ca !== undefined ? { tlsCa: t.ca } : {})
  }
}

// The relay's part of the new-endpoint form: where it forwards to and the faults it starts with,
// as typed, checked as the user types, and turned into the relay's config.
import type { EndpointConfig, EndpointInfo } from '../../../../shared/api'
import { isHost } from '../../../../shared/address'
import { parseDelay, parseRate } from '../../../../shared/relay-faults'
import type { RelayFaults } from '../../../../shared/schemas'

export interface RelayFormValues {
  upstreamHost: string
  upstreamPort: string
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

export type RelayField = keyof RelayFormValues

export const RELAY_FORM_DEFAULTS: RelayFormValues = {
  upstreamHost: '127.0.0.1',
  upstreamPort: '',
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
  if (!isHost(r.upstreamHost.trim())) errors.upstreamHost = { key: 'relay.errors.host' }
  const port = Number(r.upstreamPort.trim())
  if (!WHOLE.test(r.upstreamPort) || port < 1 || port > 65535) errors.upstreamPort = { key: 'relay.errors.port' }
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
  const upstream = { host: r.upstreamHost.trim(), port: Number(r.upstreamPort.trim()) }
  return { kind, ...base, upstream, ...(faults ? { faults } : {}) }
}

// The new-endpoint form's values, defaults that work, checks as the user types, and the config the
// values make. Checks return translation keys, so every message shows in the window's language.
import type { EndpointConfig, EndpointInfo, EndpointKind } from '../../../../shared/api'
import { parseRecvBuffer } from '../../../../shared/buffer-size'
import { MAX_RECV_SIZE, type ResponderConfig } from '../../../../shared/schemas'
import { isHost } from '../../../../shared/address'
import { parseFramingSpec, parseHex } from '../../../../shared/codec'
import { parseMacroTemplate } from '../../../../shared/macros'
import { toAppError } from '../../../../shared/errors'
import { localizeError } from '../../i18n/localize'
import { checkDraft, configOf, type RulesDraft } from './rules-model'
import { RELAY_FORM_DEFAULTS, relayConfigOf, relayDefaults, relayErrors, type RelayFormValues } from './relay-form'

/**
 * The responders the window offers by name: each works with no options but `fixed`'s reply and the
 * rules (the rules editor); a lab sets the rest.
 */
export const FORM_RESPONDERS = ['echo', 'upper', 'fixed', 'rules', 'time', 'chat', 'command', 'file-server'] as const
export type FormResponder = 'off' | (typeof FORM_RESPONDERS)[number]

/** Framings the file server reads (it parses the lesson's header itself, or is handed json-header's). */
const FILE_SERVER_FRAMINGS = ['raw', 'json-header']

/**
 * The configuration for a responder picked by name; `fixedHex` is fixed's reply, with macros filled
 * in when `fixedMacros`, `rules` the rules' draft (none yet: no rules).
 */
export function responderConfigOf(kind: FormResponder, fixedHex = '', rules?: RulesDraft, fixedMacros = false): ResponderConfig | undefined {
  if (kind === 'off') return undefined
  if (kind === 'fixed') return { kind, reply: { format: 'hex', text: fixedHex.trim(), ...(fixedMacros ? { macros: true } : {}) } }
  if (kind === 'rules') return rules ? configOf(rules) : { kind, rules: [] }
  return { kind }
}

export interface FormValues {
  kind: EndpointKind
  name: string
  host: string
  port: string
  path: string
  framing: string
  /** Servers and UDP sockets: what they answer by themselves. */
  responder: FormResponder
  /** The fixed responder's reply, in hex. */
  fixedReply: string
  /** Whether the fixed reply's macros ({counter}, {crc16}...) are filled in for each reply. */
  fixedMacros: boolean
  /** The rules responder's rules, as the rules editor keeps them; none yet when absent. */
  rules?: RulesDraft
  /** TCP client: disable Nagle's algorithm. */
  noDelay: boolean
  removeStale: boolean
  /** Stream servers: listen(n), and how many may wait when serving one client at a time. Empty: 511. */
  backlog: string
  oneAtATime: boolean
  /** Stream endpoints: bytes per read, as recv(n). Empty: 65536. */
  recvSize: string
  /** UDP: the receive buffer (SO_RCVBUF) in bytes, or with k or m. Empty: the engine's 4 MiB. */
  recvBuffer: string
  /** Stream clients: close once the peer has ended, as the lessons' client does. */
  closeOnPeerEnd: boolean
  /** Stream clients, in milliseconds. Empty: 10000. */
  connectTimeout: string
  ipv6Only: boolean
  /** UDP: share the port (TCP listeners always set it). */
  reuseAddress: boolean
  broadcast: boolean
  /** UDP: IP_MULTICAST_TTL. Empty: the OS default (1). */
  multicastTtl: string
  /** UDP: IP_MULTICAST_LOOP, on by default as in the OS. */
  multicastLoopback: boolean
  /** UDP: IP_MULTICAST_IF, as listInterfaces gives it. Empty: the OS picks by its routes. */
  multicastInterface: string
  /**
   * TLS: PEM text read from the files the user chose (the contract carries text, never paths). A
   * server's certificate and key, or a client's own; the CA a client checks the server against, or
   * a server its clients.
   */
  tlsCert?: string
  tlsKey?: string
  tlsCa?: string
  /** TLS server: ask each client for a certificate, checked against tlsCa (or the system's CAs). */
  tlsRequestCert?: boolean
  /** TLS client: connect even when the certificate does not verify. */
  tlsInsecure?: boolean
  /** TLS client: the name sent (SNI) and checked; empty: the host. */
  tlsServername?: string
  /** TLS: ALPN protocols, comma-separated. */
  tlsAlpn?: string
  /** Relays: the upstream and the faults (relay-form.ts). */
  relay?: RelayFormValues
}

export type FieldName = 'name' | 'host' | 'port' | 'path' | 'framing' | 'backlog' | 'recvSize' | 'recvBuffer' | 'connectTimeout' | 'fixedReply' | 'multicastTtl'

/** What the forms keep from one endpoint to the next (saved with the workspace). */
export interface FormMemory {
  /** The port the last UDP socket made in the form got. */
  lastUdpPort?: number
}

/** By field; `rules` when a rule is refused (the rules editor says which and why), `relay` for the relay's own fields (RelayFields shows them). */
export type FormErrors = Partial<Record<FieldName | 'rules' | 'relay', { key: string; detail?: string }>>

function socketDir(platform: string | undefined): string {
  return platform === 'win32' ? '\\\\.\\pipe\\' : '/tmp/'
}

/**
 * Defaults that work: loopback, port 0 for servers, and for clients the newest server of their
 * kind. A client closes when its peer ends, as the lessons' client does. A UDP socket takes the port
 * the last one had, unless a running endpoint holds it now.
 */
export function defaultValues(kind: EndpointKind, endpoints: EndpointInfo[], platform?: string, memory: FormMemory = {}): FormValues {
  const base: FormValues = {
    kind,
    name: '',
    host: '127.0.0.1',
    port: '0',
    path: '',
    framing: 'raw',
    responder: 'off',
    fixedReply: '',
    fixedMacros: false,
    noDelay: false,
    removeStale: true,
    backlog: '',
    oneAtATime: false,
    recvSize: '',
    recvBuffer: '',
    closeOnPeerEnd: true,
    connectTimeout: '',
    ipv6Only: false,
    reuseAddress: false,
    broadcast: false,
    multicastTtl: '',
    multicastLoopback: true,
    multicastInterface: ''
  }
  const newest = (k: EndpointKind): EndpointInfo | undefined => [...endpoints].reverse().find((e) => e.kind === k && e.local)
  const unixServers = endpoints.filter((e) => e.kind === 'unix-server').length
  switch (kind) {
    case 'tcp-client': {
      const server = newest('tcp-server')
      const local = server?.local
      if (local && 'port' in local) return { ...base, host: local.address === '0.0.0.0' ? '127.0.0.1' : local.address, port: String(local.port), framing: server.config.framing ?? 'raw' }
      return { ...base, port: '' }
    }
    case 'udp': {
      const last = memory.lastUdpPort
      const held = endpoints.some((e) => e.kind === 'udp' && (e.state === 'listening' || e.state === 'connected') && e.local && 'port' in e.local && e.local.port === last)
      return last && !held ? { ...base, port: String(last) } : base
    }
    case 'unix-server':
      return { ...base, path: `${socketDir(platform)}socket-lab-${unixServers + 1}${platform === 'win32' ? '' : '.sock'}` }
    case 'tls-client': {
      const server = newest('tls-server')
      const local = server?.local
      if (local && 'port' in local) return { ...base, host: local.address === '0.0.0.0' ? '127.0.0.1' : local.address, port: String(local.port), framing: server.config.framing ?? 'raw' }
      return { ...base, port: '' }
    }
    case 'unix-client': {
      const server = newest('unix-server')
      const local = server?.local
      return { ...base, path: local && 'path' in local ? local.path : '', framing: server?.config.framing ?? 'raw' }
    }
    case 'tcp-relay':
    case 'udp-relay':
      return { ...base, relay: relayDefaults(kind, endpoints) }
    default:
      return base
  }
}

const needsHost = (k: EndpointKind): boolean => k === 'tcp-server' || k === 'tcp-client' || k === 'tls-server' || k === 'tls-client' || k === 'udp' || k === 'tcp-relay' || k === 'udp-relay'
const isServerKind = (k: EndpointKind): boolean => k === 'tcp-server' || k === 'tls-server' || k === 'unix-server'
const isClient = (k: EndpointKind): boolean => k === 'tcp-client' || k === 'tls-client' || k === 'unix-client'

export function validate(v: FormValues): FormErrors {
  const errors: FormErrors = {}
  if (v.name.trim().length > 120) errors.name = { key: 'form.errors.nameLong' }
  if (needsHost(v.kind)) {
    const host = v.host.trim()
    if (host === '') errors.host = { key: 'form.errors.hostEmpty' }
    else if (host.length > 253 || !isHost(host)) errors.host = { key: 'form.errors.hostBad' }
    const port = v.port.trim()
    const remote = v.kind === 'tcp-client' || v.kind === 'tls-client'
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
  const whole = (text: string, min: number, max: number): boolean => /^\d+$/.test(text.trim()) && Number(text.trim()) >= min && Number(text.trim()) <= max
  if (isServerKind(v.kind) && v.backlog.trim() !== '' && !whole(v.backlog, 1, 65535)) errors.backlog = { key: 'form.errors.backlogRange' }
  if (v.kind !== 'udp' && v.recvSize.trim() !== '' && !whole(v.recvSize, 1, MAX_RECV_SIZE)) errors.recvSize = { key: 'form.errors.recvSizeRange' }
  if (isClient(v.kind) && v.connectTimeout.trim() !== '' && !whole(v.connectTimeout, 1, 600_000)) errors.connectTimeout = { key: 'form.errors.timeoutRange' }
  if (v.kind === 'udp' && v.multicastTtl.trim() !== '' && !whole(v.multicastTtl, 0, 255)) errors.multicastTtl = { key: 'multicast.ttlRange' }
  if (v.kind === 'udp' && v.recvBuffer.trim() !== '' && parseRecvBuffer(v.recvBuffer) === undefined) errors.recvBuffer = { key: 'form.errors.recvBufferRange' }
  if ((v.kind === 'tcp-relay' || v.kind === 'udp-relay') && Object.keys(relayErrors(v.relay ?? RELAY_FORM_DEFAULTS, v.kind === 'udp-relay')).length > 0) errors.relay = { key: 'relay.errors.some' }
  try {
    parseFramingSpec(v.framing)
  } catch (err) {
    errors.framing = { key: 'form.errors.framingBad', detail: localizeError(toAppError(err)).message }
  }
  if (!isClient(v.kind) && v.responder === 'fixed') {
    if (v.fixedReply.trim() === '') errors.fixedReply = { key: 'responder.errors.fixedEmpty' }
    else {
      try {
        if (v.fixedMacros) parseMacroTemplate({ format: 'hex', text: v.fixedReply })
        else parseHex(v.fixedReply)
      } catch (err) {
        errors.fixedReply = { key: 'responder.errors.fixedHex', detail: localizeError(toAppError(err)).message }
      }
    }
  }
  // The editor shows each rule's problem under its field; here it only matters that there is one.
  if (!isClient(v.kind) && v.responder === 'rules' && v.rules && !checkDraft(v.rules, (n) => `rule ${n}`).config) errors.rules = { key: 'rules.errors.invalid' }
  if (!isClient(v.kind) && v.responder === 'file-server' && !errors.framing && !FILE_SERVER_FRAMINGS.includes(parseFramingSpec(v.framing.trim() || 'raw').kind)) {
    errors.framing = { key: 'responder.errors.fileServerFraming' }
  }
  return errors
}

export function toConfig(v: FormValues): EndpointConfig {
  const name = v.name.trim() ? { name: v.name.trim() } : {}
  const framing = v.framing.trim() && v.framing.trim() !== 'raw' ? { framing: v.framing.trim() } : {}
  const chosen = responderConfigOf(v.responder, v.fixedReply, v.rules, v.fixedMacros)
  const responder = chosen ? { responder: chosen } : {}
  const host = v.host.trim()
  const port = Number(v.port.trim())
  // Only what differs from the engine's defaults goes into the config, so saved workspaces stay small.
  const num = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text.trim()))
  const recvSize = num(v.recvSize)
  const backlog = num(v.backlog)
  const timeout = num(v.connectTimeout)
  const reads = recvSize !== undefined && recvSize !== MAX_RECV_SIZE ? { recvSize } : {}
  const server = { ...(backlog !== undefined ? { backlog } : {}), ...(v.oneAtATime ? { oneAtATime: true } : {}), ...reads }
  const client = { ...(timeout !== undefined ? { connectTimeoutMs: timeout } : {}), ...(v.closeOnPeerEnd ? {} : { closeOnPeerEnd: false }), ...reads }
  const v6only = v.ipv6Only ? { ipv6Only: true } : {}
  const recvBuffer = v.recvBuffer.trim() === '' ? undefined : parseRecvBuffer(v.recvBuffer)
  const ttl = num(v.multicastTtl)
  const multicast = { ...(ttl !== undefined ? { multicastTtl: ttl } : {}), ...(v.multicastLoopback ? {} : { multicastLoopback: false }), ...(v.multicastInterface ? { multicastInterface: v.multicastInterface } : {}) }
  const alpnList = (v.tlsAlpn ?? '').split(',').map((p) => p.trim()).filter((p) => p.length > 0)
  const alpn = alpnList.length > 0 ? { alpn: alpnList } : {}
  switch (v.kind) {
    case 'tcp-server':
      return { kind: 'tcp-server', host, port, ...name, ...framing, ...responder, ...server, ...v6only }
    case 'tcp-client':
      return { kind: 'tcp-client', host, port, ...name, ...framing, ...(v.noDelay ? { noDelay: true } : {}), ...client }
    case 'udp':
      return { kind: 'udp', host, port, ...name, ...framing, ...responder, ...v6only, ...(v.reuseAddress ? { reuseAddress: true } : {}), ...(v.broadcast ? { broadcast: true } : {}), ...(recvBuffer !== undefined ? { recvBufferSize: recvBuffer } : {}), ...multicast }
    case 'unix-server':
      return { kind: 'unix-server', path: v.path, ...name, ...framing, ...responder, ...(v.removeStale ? { removeStale: true } : {}), ...server }
    case 'unix-client':
      return { kind: 'unix-client', path: v.path, ...name, ...framing, ...client }
    case 'tls-server':
      return { kind: 'tls-server', host, port, ...tlsPair(v), ...clientChecks(v), ...alpn, ...name, ...framing, ...responder, ...server, ...v6only }
    case 'tls-client':
      return {
        kind: 'tls-client',
        host,
        port,
        ...(v.tlsInsecure ? { insecure: true } : {}),
        ...(v.tlsServername?.trim() ? { servername: v.tlsServername.trim() } : {}),
        ...(v.tlsCa ? { ca: v.tlsCa } : {}),
        ...(v.tlsCert !== undefined ? { cert: v.tlsCert } : {}),
        ...(v.tlsKey !== undefined ? { key: v.tlsKey } : {}),
        ...alpn,
        ...name,
        ...framing,
        ...(v.noDelay ? { noDelay: true } : {}),
        ...client
      }
    case 'tcp-relay':
    case 'udp-relay':
      return relayConfigOf(v.kind, { host, port, ...name, ...framing }, v.relay ?? RELAY_FORM_DEFAULTS)
  }
}

/**
 * A TLS server's certificate and key as chosen; with neither, a self-signed one. One without the
 * other is passed as it is, so the check says what is missing instead of quietly self-signing.
 */
function tlsPair(v: FormValues): { cert?: string; key?: string; selfSigned?: true } {
  if (v.tlsCert === undefined && v.tlsKey === undefined) return { selfSigned: true }
  return { ...(v.tlsCert !== undefined ? { cert: v.tlsCert } : {}), ...(v.tlsKey !== undefined ? { key: v.tlsKey } : {}) }
}

function clientChecks(v: FormValues): { requestCert?: true; ca?: string } {
  if (!v.tlsRequestCert) return {}
  return { requestCert: true, ...(v.tlsCa !== undefined ? { ca: v.tlsCa } : {}) }
}

// `socket-lab relay <tcp|udp> <address> --to <host:port|unix:path> [--to-tls]`: a relay between
// clients and an upstream server that prints both directions as one conversation per client, and
// misbehaves as asked.
import type { EndpointConfig } from '../../shared/api'
import { formatHostPort } from '../../shared/address'
import { upstreamLabel } from '../../shared/relay-upstream'
import type { RelayFaults, StreamUpstream, TlsUpstreamOptions } from '../../shared/schemas'
import { createEngine } from '../../main/engine'
import { tapEndpoint } from '../event-tap'
import { checkFraming, outputMode } from '../checks'
import { textEncoding } from '../payload-options'
import { createPrinter } from '../printer'
import { keepAlive } from '../keep-alive'
import { parseListenAddress, parseTarget } from '../target'
import { checkTlsFlags, tlsClientFields, type TlsFlags } from '../tls-options'
import { UsageError } from '../usage-error'
import { openPcapngFile, saveCaptureFiles, type PcapngFile } from '../capture-files'

export interface RelayOptions extends Omit<TlsFlags, 'selfSigned'> {
  to: string
  toTls?: boolean
  chunk?: number
  coalesce?: number
  delay?: { delayMs: number; delayMaxMs?: number }
  bandwidth?: number
  resetAfter?: number
  resetOn?: string
  drop?: number
  duplicate?: number
  reorder?: number
  seed?: number
  maxPeers?: number
  framing?: string
  encoding?: string
  timeout?: number
  once?: boolean
  ipv4?: boolean
  ipv6?: boolean
  quiet?: boolean
  json?: boolean
  pcapng?: string
}

/** Where `--to` points, over what: host:port (TCP, or TLS with --to-tls) or unix:PATH (TCP relay only). */
export function upstreamFrom(transport: 'tcp' | 'udp', o: RelayOptions): StreamUpstream {
  const tlsFlags = (['insecure', 'ca', 'servername', 'alpn', 'cert', 'key'] as const).filter((k) => o[k] !== undefined && o[k] !== false).map((k) => `--${k}`)
  if (o.toTls !== true && tlsFlags.length > 0) {
    throw new UsageError(`${tlsFlags.join(' and ')} need${tlsFlags.length === 1 ? 's' : ''} --to-tls`, 'They say how the relay speaks TLS to its upstream: add --to-tls, or drop them.')
  }
  if (o.to.startsWith('unix:')) {
    if (transport === 'udp') throw new UsageError('a UDP relay cannot forward to a Unix socket', 'Give the upstream as host:port, or relay tcp.')
    if (o.toTls) throw new UsageError('--to-tls needs host:port', 'A Unix socket upstream is reached without TLS: drop --to-tls, or give the TLS server as host:port.')
    const at = parseTarget('unix', o.to.slice('unix:'.length))
    if (at.kind !== 'path') throw new UsageError(`'${o.to}' is not unix:PATH`, 'Write it as unix:/tmp/upstream.sock.')
    return { path: at.path }
  }
  const to = parseTarget(transport, o.to)
  if (to.kind !== 'inet') throw new UsageError('a relay needs host:port addresses', 'Write them as 127.0.0.1:9000.')
  if (!o.toTls) return { host: to.host, port: to.port }
  if (transport === 'udp') throw new UsageError('--to-tls is for a TCP relay', 'TLS runs over TCP: relay tcp, or drop --to-tls.')
  checkTlsFlags('tls', o, 'client')
  return { host: to.host, port: to.port, tls: tlsClientFields(o) as TlsUpstreamOptions }
}

/** The faults the flags ask for, refusing those of the other transport by name. */
export function faultsFrom(transport: 'tcp' | 'udp', o: RelayOptions): RelayFaults | undefined {
  const streamOnly = [o.chunk !== undefined && '--chunk', o.coalesce !== undefined && '--coalesce', o.bandwidth !== undefined && '--bandwidth', o.resetAfter !== undefined && '--reset-after', o.resetOn !== undefined && '--reset-on'].filter(Boolean)
  const datagramOnly = [o.drop !== undefined && '--drop', o.duplicate !== undefined && '--duplicate', o.reorder !== undefined && '--reorder', o.maxPeers !== undefined && '--max-peers'].filter(Boolean)
  if (transport === 'udp' && streamOnly.length > 0) throw new UsageError(`${streamOnly.join(' and ')} ${streamOnly.length === 1 ? 'is' : 'are'} for a TCP relay`, 'Datagrams are not re-chunked or reset: drop it, or use --drop, --duplicate, --reorder or --delay.')
  if (transport === 'tcp' && datagramOnly.length > 0) throw new UsageError(`${datagramOnly.join(' and ')} ${datagramOnly.length === 1 ? 'is' : 'are'} for a UDP relay`, 'TCP never loses, repeats or reorders bytes: relay udp, or use --chunk, --delay, --bandwidth or --reset-after.')
  if (o.chunk !== undefined && o.coalesce !== undefined) throw new UsageError('--chunk and --coalesce exclude each other', 'Split writes (--chunk) or join them (--coalesce), not both.')
  const f: RelayFaults = {}
  if (o.chunk !== undefined) f.chunk = o.chunk
  if (o.coalesce !== undefined) f.coalesceMs = o.coalesce
  if (o.delay) Object.assign(f, o.delay)
  if (o.bandwidth !== undefined) f.bandwidth = o.bandwidth
  if (o.resetAfter !== undefined) f.resetAfter = o.resetAfter
  if (o.resetOn !== undefined) {
    if (o.resetOn === '') throw new UsageError('--reset-on is empty', 'Give the text whose passing resets the connection.')
    f.resetOn = o.resetOn
  }
  if (o.drop !== undefined) f.drop = o.drop
  if (o.duplicate !== undefined) f.duplicate = o.duplicate
  if (o.reorder !== undefined) f.reorder = o.reorder
  if (o.seed !== undefined) f.seed = o.seed
  return Object.keys(f).length > 0 ? f : undefined
}

export async function runRelay(transportArg: string, addressArg: string, o: RelayOptions): Promise<void> {
  if (transportArg !== 'tcp' && transportArg !== 'udp') throw new UsageError(`a relay cannot carry '${transportArg}'`, 'Use tcp or udp.')
  const transport = transportArg
  if (o.ipv4 && o.ipv6) throw new UsageError('-4 and -6 exclude each other', 'Give one of them.')
  const at = parseListenAddress(transport, addressArg, o.ipv6 ? 6 : 4)
  if (at.kind !== 'inet') throw new UsageError('a relay needs host:port addresses', 'Write them as 127.0.0.1:9000.')
  const upstream = upstreamFrom(transport, o)
  const faults = faultsFrom(transport, o)
  checkFraming(o.framing)
  const encoding = textEncoding(o.encoding)
  const printer = createPrinter(outputMode(o), encoding)
  const engine = createEngine({ capture: o.pcapng !== undefined, previewBytes: 16 })
  const config: EndpointConfig = {
    kind: transport === 'tcp' ? 'tcp-relay' : 'udp-relay',
    host: at.host,
    port: at.port,
    upstream,
    ...(faults ? { faults } : {}),
    ...(o.framing ? { framing: o.framing } : {}),
    ...(transport === 'udp' && o.maxPeers !== undefined ? { maxPeers: o.maxPeers } : {})
  } as EndpointConfig

  let finish!: () => void
  const finished = new Promise<void>((r) => (finish = r))
  let idleTimer: NodeJS.Timeout | undefined
  const armIdle = (): void => {
    if (o.timeout === undefined) return
    if (idleTimer) clearTimeout(idleTimer)
    idleTimer = setTimeout(finish, o.timeout * 1000)
  }
  let firstPeer: string | undefined
  const release = keepAlive()
  let endpointId: string | undefined
  let pcapng: PcapngFile | undefined
  try {
    const endpoint = await engine.open(config, false)
    endpointId = endpoint.id
    if (o.pcapng !== undefined) pcapng = await openPcapngFile(o.pcapng)
    const tap = tapEndpoint({
      engine,
      endpointId: endpoint.id,
      printer,
      showOutgoing: true,
      ...(o.framing ? { framing: o.framing } : {}),
      onActivity: armIdle,
      onPeerOpen: (peer) => (firstPeer ??= peer.id),
      onPeerClose: (peer) => {
        if (o.once && peer.id === firstPeer) finish()
      }
    })
    const started = await engine.start(endpoint.id)
    const local = started.local
    const address = local && 'port' in local ? formatHostPort(local.address, local.port) : addressArg
    printer.print({ event: 'listening', endpoint: endpoint.id, address })
    printer.print({ event: 'notice', endpoint: endpoint.id, message: `relaying to ${upstreamLabel(upstream)}${faults ? ` with ${describeFaults(faults)}` : ''}` })
    armIdle()
    const stop = (): void => finish()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    await finished
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
    if (idleTimer) clearTimeout(idleTimer)
    tap.drain()
    tap.close()
  } finally {
    await engine.closeAll()
    await saveCaptureFiles(engine, endpointId, pcapng, undefined, printer)
    release()
  }
}

/** The faults in a line, as the flags said them. */
export function describeFaults(f: RelayFaults): string {
  const parts: string[] = []
  if (f.chunk !== undefined) parts.push(`${f.chunk}-byte pieces`)
  if (f.coalesceMs !== undefined) parts.push(`writes joined within ${f.coalesceMs} ms`)
  if (f.delayMs !== undefined) parts.push(f.delayMaxMs !== undefined ? `${f.delayMs}-${f.delayMaxMs} ms delay` : `${f.delayMs} ms delay`)
  if (f.bandwidth !== undefined) parts.push(`${f.bandwidth} bytes/s`)
  if (f.resetAfter !== undefined) parts.push(`reset after ${f.resetAfter} bytes`)
  if (f.resetOn !== undefined) parts.push(`reset on ${JSON.stringify(f.resetOn)}`)
  if (f.drop !== undefined) parts.push(`drop ${f.drop}`)
  if (f.duplicate !== undefined) parts.push(`duplicate ${f.duplicate}`)
  if (f.reorder !== undefined) parts.push(`reorder ${f.reorder}`)
  if (f.seed !== undefined) parts.push(`seed ${f.seed}`)
  return parts.join(', ')
}

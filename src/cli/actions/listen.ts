// `socket-lab listen <tcp|udp|unix> <address>`: a lab server that prints what arrives and, if asked,
// answers by itself with a responder (echo, upper, fixed, rules, time, chat, command, file server),
// chunk by chunk or frame by frame.
import { createInterface } from 'node:readline'
import type { EndpointConfig, PeerInfo } from '../../shared/api'
import type { ResponderConfig } from '../../shared/schemas'
import { MemoryFileStore } from '../../shared/responders'
import { DirectoryFileStore } from '../../main/files/directory-file-store'
import { formatHostPort } from '../../shared/address'
import { createEngine } from '../../main/engine'
import { peerLabel, tapEndpoint } from '../event-tap'
import { checkFraming, outputMode } from '../checks'
import { textEncoding } from '../payload-options'
import { responderFrom, type ResponderFlags } from '../responder-options'
import { createPrinter } from '../printer'
import { keepAlive } from '../keep-alive'
import { parseListenAddress, parseTransport, type ParsedAddress, type Transport } from '../target'
import { UsageError } from '../usage-error'
import { checkTlsFlags, describeServerCertificate, tlsServerFields, type TlsFlags } from '../tls-options'
import { toAppError } from '../../shared/errors'
import { parseMembership } from '../../shared/multicast'
import { openPcapngFile, openStreamSaver, saveCaptureFiles, type PcapngFile, type StreamSaver } from '../capture-files'

export interface ListenOptions extends ResponderFlags, TlsFlags {
  framing?: string
  maxClients?: number
  backlog?: number
  timeout?: number
  once?: boolean
  oneAtATime?: boolean
  recvSize?: number
  /** UDP: the receive buffer to ask the OS for. */
  recvBuffer?: number
  reuseAddress?: boolean
  ipv6Only?: boolean
  /** UDP: groups to join, each `group` or `group@interface`. */
  join?: string[]
  multicastTtl?: number
  multicastLoopback?: boolean
  broadcast?: boolean
  removeStale?: boolean
  ipv4?: boolean
  ipv6?: boolean
  quiet?: boolean
  /** With -q: write what arrives exactly as received, nothing between payloads. */
  raw?: boolean
  json?: boolean
  /** Write what crossed, as pcapng, to this file when listening ends. */
  pcapng?: string
  /** Save the bytes each connection received to this file (later connections to FILE.2, ...). */
  save?: string
}

function serverConfig(transport: Transport, at: ParsedAddress, o: ListenOptions, responder: ResponderConfig | undefined): EndpointConfig {
  const common = { ...(o.framing ? { framing: o.framing } : {}), ...(responder ? { responder } : {}) }
  const stream = {
    ...(o.backlog ? { backlog: o.backlog } : {}),
    ...(o.oneAtATime ? { oneAtATime: true } : {}),
    ...(o.recvSize !== undefined ? { recvSize: o.recvSize } : {})
  }
  const inet = { ...(o.reuseAddress ? { reuseAddress: true } : {}), ...(o.ipv6Only ? { ipv6Only: true } : {}) }
  if (at.kind === 'path') return { kind: 'unix-server', path: at.path, ...(o.removeStale ? { removeStale: true } : {}), ...stream, ...common }
  if (transport === 'udp') return { kind: 'udp', host: at.host, port: at.port, ...inet, ...(o.recvBuffer !== undefined ? { recvBufferSize: o.recvBuffer } : {}), ...multicastOptions(o), ...common }
  if (transport === 'tls') return { kind: 'tls-server', host: at.host, port: at.port, ...stream, ...inet, ...common, ...tlsServerFields(o) } as EndpointConfig
  return { kind: 'tcp-server', host: at.host, port: at.port, ...stream, ...inet, ...common }
}

function multicastOptions(o: ListenOptions): Partial<Extract<EndpointConfig, { kind: 'udp' }>> {
  return {
    ...(o.multicastTtl !== undefined ? { multicastTtl: o.multicastTtl } : {}),
    ...(o.multicastLoopback !== undefined ? { multicastLoopback: o.multicastLoopback } : {}),
    ...(o.broadcast ? { broadcast: true } : {})
  }
}

export async function runListen(transportArg: string, addressArg: string, o: ListenOptions): Promise<void> {
  const transport = parseTransport(transportArg)
  if (o.ipv4 && o.ipv6) throw new UsageError('-4 and -6 exclude each other', 'Give one of them.')
  const at = parseListenAddress(transport, addressArg, o.ipv6 ? 6 : 4)
  if (transport === 'unix' && at.kind !== 'path') throw new UsageError('unix needs a path', 'Give a socket file path such as /tmp/lab.sock.')
  if (o.maxClients !== undefined && transport === 'udp') throw new UsageError('--max-clients needs connections', 'UDP has no clients to count; drop --max-clients.')
  if (o.save !== undefined && transport === 'udp') throw new UsageError('--save keeps the bytes of a stream', 'UDP brings datagrams, not a stream: keep them with --pcapng FILE instead.')
  const streamOnly = [o.oneAtATime && '--one-at-a-time', o.recvSize !== undefined && '--recv-size', o.backlog !== undefined && '--backlog'].filter(Boolean)
  if (transport === 'udp' && streamOnly.length > 0) throw new UsageError(`${streamOnly.join(' and ')} need${streamOnly.length === 1 ? 's' : ''} connections`, 'UDP has no connections to accept, queue or read as a stream: drop it, or use tcp or unix.')
  const inetOnly = [o.reuseAddress && '--reuse-address', o.ipv6Only && '--ipv6-only'].filter(Boolean)
  if (transport === 'unix' && inetOnly.length > 0) throw new UsageError(`${inetOnly.join(' and ')} need${inetOnly.length === 1 ? 's' : ''} an IP address`, 'A Unix socket has a path, not a port: drop it.')
  const udpOnly = [o.join && '--join', o.multicastTtl !== undefined && '--multicast-ttl', o.multicastLoopback !== undefined && '--multicast-loopback', o.broadcast && '--broadcast', o.recvBuffer !== undefined && '--recv-buffer'].filter(Boolean)
  if (transport !== 'udp' && udpOnly.length > 0) throw new UsageError(`${udpOnly.join(' and ')} ${udpOnly.length === 1 ? 'is' : 'are'} for UDP`, 'Only UDP sockets join multicast groups, send to broadcast addresses and size their receive buffer here: listen udp.')
  const joins = (o.join ?? []).map(parseMembership)
  checkTlsFlags(transport, o, 'server')
  checkFraming(o.framing)
  const encoding = textEncoding(o.encoding)
  const responder = responderFrom(o)
  const files = o.files !== undefined ? new DirectoryFileStore(o.files) : new MemoryFileStore()
  const printer = createPrinter(outputMode(o), encoding, undefined, undefined, { raw: o.raw === true })
  // The chunk tap hands the CLI every byte; only --pcapng needs the capture kept, and previews stay minimal.
  const engine = createEngine({ capture: o.pcapng !== undefined, previewBytes: 16, files })

  let finish!: () => void
  const finished = new Promise<void>((r) => (finish = r))
  let idleTimer: NodeJS.Timeout | undefined
  const armIdle = (): void => {
    if (o.timeout === undefined) return
    if (idleTimer) clearTimeout(idleTimer)
    idleTimer = setTimeout(finish, o.timeout * 1000)
  }
  const open = new Set<string>()
  let firstPeer: string | undefined
  /** Whom a line typed for the chat goes to: the client that connected (or sent) last. */
  let latestPeer: string | undefined

  const release = keepAlive()
  let endpointId: string | undefined
  let pcapng: PcapngFile | undefined
  let saver: StreamSaver | undefined
  try {
    const endpoint = await engine.open(serverConfig(transport, at, o, responder), false)
    endpointId = endpoint.id
    if (o.pcapng !== undefined) pcapng = await openPcapngFile(o.pcapng)
    if (o.save !== undefined) {
      saver = await openStreamSaver(o.save, (err) => printer.print({ event: 'error', error: toAppError(err) }))
      engine.tapChunks(endpoint.id, saver.onChunk)
    }
    const tap = tapEndpoint({
      engine,
      endpointId: endpoint.id,
      printer,
      showOutgoing: true,
      ...(o.framing ? { framing: o.framing } : {}),
      onActivity: armIdle,
      onPeerOpen: (peer: PeerInfo) => {
        firstPeer ??= peer.id
        latestPeer = peer.id
        open.add(peer.id)
        if (o.maxClients !== undefined && open.size > o.maxClients) {
          printer.print({ event: 'notice', message: `refusing ${peerLabel(peer)}: already ${o.maxClients} client(s) (--max-clients)` })
          void engine.closePeer(endpoint.id, peer.id, 'graceful').catch(() => undefined)
        }
      },
      // Like the lessons' servers: when the client is done (an empty recv), close our side too.
      onPeerEnded: (peer: PeerInfo) => void engine.endOutput(endpoint.id, peer.id).catch(() => undefined),
      onPeerClose: (peer: PeerInfo) => {
        open.delete(peer.id)
        if (o.once && peer.id === firstPeer) finish()
      }
    })
    // The chat's server user: each line typed on stdin is input() for the latest client.
    const typing = responder?.kind === 'chat' ? createInterface({ input: process.stdin, terminal: false }) : undefined
    typing?.on('line', (line) => {
      const peerId = latestPeer !== undefined && open.has(latestPeer) ? latestPeer : undefined
      if (peerId === undefined) {
        printer.print({ event: 'notice', message: 'no client to answer yet: the line was not sent' })
        return
      }
      try {
        engine.responderInput(endpoint.id, peerId, new TextEncoder().encode(line))
      } catch (err) {
        printer.print({ event: 'error', error: toAppError(err) })
      }
    })
    const started = await engine.start(endpoint.id)
    for (const m of joins) {
      engine.udpMembership(endpoint.id, 'join', m.group, m.interface)
      printer.print({ event: 'notice', message: `joined ${m.group}${m.interface ? ` on ${m.interface}` : ''}` })
    }
    const local = started.local
    const address = !local ? addressArg : 'path' in local ? local.path : formatHostPort(local.address, local.port)
    printer.print({ event: 'listening', endpoint: endpoint.id, address })
    if (started.tls) for (const line of describeServerCertificate(started.tls)) printer.print({ event: 'tls', endpoint: endpoint.id, message: line, extra: { tls: started.tls } })
    armIdle()

    const stop = (): void => finish()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    await finished
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
    if (idleTimer) clearTimeout(idleTimer)
    typing?.close()
    tap.drain()
    tap.close()
  } finally {
    await engine.closeAll()
    await saveCaptureFiles(engine, endpointId, pcapng, saver, printer)
    release()
  }
}

// `socket-lab send <tcp|udp|unix> <target> [data]`: connect, send (once, many times, at a rate, or
// a file), print the replies, and close.
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { EndpointConfig } from '../../shared/api'
import { formatHostPort } from '../../shared/address'
import { createFramer } from '../../shared/codec'
import { createEngine } from '../../main/engine'
import type { Engine } from '../../main/engine/types'
import { tapEndpoint } from '../event-tap'
import { checkFraming, outputMode, resolveFamily } from '../checks'
import { pacingFrom, runPaced } from '../pacing'
import { payloadMessages, textEncoding, type PayloadFlags } from '../payload-options'
import { createPrinter, type Printer } from '../printer'
import { createProgress } from '../progress'
import { parseTarget, parseTransport, type ParsedAddress, type Transport } from '../target'
import { UsageError } from '../usage-error'
import { checkTlsFlags, describeSession, tlsClientFields, type TlsFlags } from '../tls-options'
import { keepAlive } from '../keep-alive'
import { openPcapngFile, saveCaptureFiles, type PcapngFile } from '../capture-files'
import { loadSequence, playFromCli, type LoadedSequence, type SequenceFlags } from '../sequence-options'

export interface SendOptions extends PayloadFlags, TlsFlags, SequenceFlags {
  file?: string
  framing?: string
  wait: number
  untilClose?: boolean
  bind?: number
  bindIp?: string
  ipv4?: boolean
  ipv6?: boolean
  delay: boolean
  connectTimeout?: number
  recvSize?: number
  halfOpen?: boolean
  broadcast?: boolean
  multicastTtl?: number
  multicastInterface?: string
  count?: number
  rate?: number
  bps?: number
  interval?: number
  quiet?: boolean
  /** With -q: write the replies exactly as received, nothing between them. */
  raw?: boolean
  json?: boolean
  /** Write what crossed, as pcapng, to this file when the command ends. */
  pcapng?: string
}

/** How many UDP datagrams may be in flight at once when sending as fast as possible. */
const UDP_WINDOW = 64
const FILE_CHUNK = 1024 * 1024
/**
 * How long one generated message may wait for room in the peer's queue: the generator follows a
 * slow reader, and stops with the engine's error when the peer reads nothing for this long.
 */
const GENERATOR_WAIT_MS = 10_000

function endpointConfig(transport: Transport, target: ParsedAddress, host: string | undefined, o: SendOptions): EndpointConfig {
  const framing = o.framing ? { framing: o.framing } : {}
  // A stream client: how long to wait for the connect, how much to read at a time, and whether to
  // stay half open after the peer's FIN.
  const stream = {
    ...(o.connectTimeout !== undefined ? { connectTimeoutMs: o.connectTimeout } : {}),
    ...(o.recvSize !== undefined ? { recvSize: o.recvSize } : {}),
    ...(o.halfOpen ? { closeOnPeerEnd: false } : {})
  }
  if (target.kind === 'path') return { kind: 'unix-client', path: target.path, ...framing, ...stream }
  if (transport === 'tcp' || transport === 'tls') {
    const tcp = {
      host: host!,
      port: target.port,
      noDelay: !o.delay,
      ...stream,
      ...(o.bindIp ? { localAddress: o.bindIp } : {}),
      ...(o.bind !== undefined ? { localPort: o.bind } : {}),
      ...framing
    }
    // Checked by the engine's schema like any config: the flags only add PEM text and names.
    if (transport === 'tls') return { kind: 'tls-client', ...tcp, ...tlsClientFields(o) } as EndpointConfig
    return { kind: 'tcp-client', ...tcp }
  }
  const v6 = host!.includes(':')
  const loopback = host === '127.0.0.1' || host === '::1'
  return {
    kind: 'udp',
    // Bind where replies can come back: loopback for a loopback target, any address otherwise.
    host: o.bindIp ?? (loopback ? host! : v6 ? '::' : '0.0.0.0'),
    port: o.bind ?? 0,
    connect: { host: host!, port: target.port },
    ...(o.broadcast ? { broadcast: true } : {}),
    ...(o.multicastTtl !== undefined ? { multicastTtl: o.multicastTtl } : {}),
    ...(o.multicastInterface !== undefined ? { multicastInterface: o.multicastInterface } : {}),
    ...framing
  }
}

async function* fileChunks(path: string, onProgress: (n: number) => void): AsyncIterable<Uint8Array> {
  let done = 0
  for await (const chunk of createReadStream(path, { highWaterMark: FILE_CHUNK })) {
    done += (chunk as Buffer).byteLength
    onProgress(done)
    yield chunk as Buffer
  }
}

async function sendFile(engine: Engine, id: string, path: string, o: SendOptions): Promise<{ bytes: number; chunks: number }> {
  let size: number
  try {
    size = (await stat(path)).size
  } catch {
    throw new UsageError(`cannot read the file '${path}'`, 'Check the path and that you may read it.')
  }
  const progress = createProgress(size, basename(path))
  const body = fileChunks(path, (n) => progress.update(n))
  const framer = o.framing && o.framing !== 'raw' ? createFramer(o.framing, { maxFrameSize: Math.max(size + 1024, 16 * 1024 * 1024) }) : undefined
  const stream = framer ? framer.encodeStream(body, size, { file_name: basename(path) }) : body
  const result = await engine.sendStream(id, undefined, stream)
  progress.finish()
  return result
}

/** Message i of a send (0 first), framed; the same bytes each time unless macros fill them in. */
type Messages = (index: number) => Buffer

async function sendRepeated(engine: Engine, id: string, transport: Transport, message: Messages, o: SendOptions, printer: Printer): Promise<void> {
  const first = message(0)
  const pacing = pacingFrom(o, first.byteLength)
  if (first.byteLength === 0 && transport !== 'udp') return
  const start = performance.now()
  let sent = 0
  let errors = 0
  let bytes = 0
  // Macros may make messages of different sizes: the summary counts what each one carried.
  let made = 0
  const next = (): Buffer => {
    const m = made === 0 ? first : message(made)
    made++
    bytes += m.byteLength
    return m
  }
  if (pacing.intervalMs === 0 && transport !== 'udp') {
    // A stream takes them as fast as the peer reads: one write per message, each waiting for room.
    const repeat = function* () {
      for (let i = 0; i < pacing.count; i++) yield next()
    }
    sent = (await engine.sendStream(id, undefined, repeat())).chunks
  } else if (pacing.intervalMs === 0) {
    // Datagrams as fast as the socket takes them, with a bounded number awaiting the OS at once.
    let inFlight = 0
    let wake: (() => void) | undefined
    let failure: unknown
    const done = (): void => {
      inFlight--
      const w = wake
      wake = undefined
      w?.()
    }
    for (let i = 0; i < pacing.count && failure === undefined; i++) {
      inFlight++
      engine.send(id, undefined, next(), { waitMs: GENERATOR_WAIT_MS }).then(
        () => {
          sent++
          done()
        },
        (err: unknown) => {
          errors++
          failure ??= err
          done()
        }
      )
      if (inFlight >= UDP_WINDOW) await new Promise<void>((r) => (wake = r))
    }
    while (inFlight > 0) await new Promise<void>((r) => (wake = r))
    if (failure !== undefined) throw failure
  } else {
    sent = await runPaced(pacing, async () => {
      await engine.send(id, undefined, next(), { waitMs: GENERATOR_WAIT_MS })
    })
  }
  if (pacing.count > 1 || pacing.intervalMs > 0) {
    const seconds = (performance.now() - start) / 1000
    const rate = seconds > 0 ? sent / seconds : sent
    // Without macros every message has the first one's size; with them, the average of those made.
    const each = made > 0 ? bytes / made : first.byteLength
    const total = Math.round(sent * each)
    const bitRate = seconds > 0 ? (total * 8) / seconds : total * 8
    printer.print({
      event: 'summary',
      message: `sent ${sent} messages (${total} bytes) in ${seconds.toFixed(3)} s: ${rate.toFixed(0)} messages/s, ${(bitRate / 1e6).toFixed(2)} Mbit/s; errors: ${errors}`,
      extra: { sent, bytes: total, seconds, rate, errors }
    })
  }
}

/** The sequence `--sequence` names, read before any socket opens; undefined without the flag. */
function sequenceToPlay(data: string | undefined, o: SendOptions): LoadedSequence | undefined {
  if (o.sequence === undefined) {
    const orphan = [o.workspace !== undefined && '--workspace', o.loops !== undefined && '--loops'].filter(Boolean)
    if (orphan.length > 0) throw new UsageError(`${orphan.join(' and ')} ${orphan.length === 1 ? 'goes' : 'go'} with --sequence`, 'Name the sequence to play with --sequence NAME.')
    return undefined
  }
  const clash = [data !== undefined && 'data', o.file && '--file', o.macros && '--macros', o.count !== undefined && '--count', o.rate !== undefined && '--rate', o.bps !== undefined && '--bps', o.interval !== undefined && '--interval'].filter(Boolean)
  if (clash.length > 0) throw new UsageError(`--sequence plays its own steps: drop ${clash.join(', ')}`, 'Each step carries its payload, macros and wait; --loops sets how many passes.')
  return loadSequence(o.sequence, o)
}

export async function runSend(transportArg: string, targetArg: string, data: string | undefined, o: SendOptions): Promise<void> {
  const transport = parseTransport(transportArg)
  const target = parseTarget(transport, targetArg)
  if (o.file && data !== undefined) throw new UsageError('give either data or --file, not both', 'Drop the data argument to send the file.')
  if (o.file && transport === 'udp') throw new UsageError('a file cannot be streamed over UDP', 'UDP carries datagrams of at most 65507 bytes; send the file over tcp or unix.')
  if (o.untilClose && transport === 'udp') throw new UsageError('--until-close needs a connection', 'UDP has no close; use --wait <ms> to wait for replies.')
  if (o.ipv4 && o.ipv6) throw new UsageError('-4 and -6 exclude each other', 'Give one of them.')
  const streamOnly = [o.halfOpen && '--half-open', o.recvSize !== undefined && '--recv-size', o.connectTimeout !== undefined && '--connect-timeout'].filter(Boolean)
  if (transport === 'udp' && streamOnly.length > 0) throw new UsageError(`${streamOnly.join(' and ')} need${streamOnly.length === 1 ? 's' : ''} a connection`, 'UDP has no connection to wait for, end or read as a stream: drop it, or use tcp or unix.')
  checkTlsFlags(transport, o, 'client')
  if (o.broadcast && transport !== 'udp') throw new UsageError('--broadcast is for UDP', 'Only a UDP datagram can go to a broadcast address.')
  const multicastOnly = [o.multicastTtl !== undefined && '--multicast-ttl', o.multicastInterface !== undefined && '--multicast-interface'].filter(Boolean)
  if (transport !== 'udp' && multicastOnly.length > 0) throw new UsageError(`${multicastOnly.join(' and ')} ${multicastOnly.length === 1 ? 'is' : 'are'} for UDP`, 'Only a UDP datagram can go to a multicast group.')
  const encoding = textEncoding(o.encoding)
  checkFraming(o.framing)
  const sequence = sequenceToPlay(data, o)
  if (o.macros && o.file) throw new UsageError('--macros fills in typed data, not a file', 'Drop --macros, or send the data as an argument.')
  const payload = o.file ? () => new Uint8Array(0) : payloadMessages(data ?? '', o)
  const framer = o.framing && o.framing !== 'raw' && !o.file ? createFramer(o.framing) : undefined
  const message: Messages = (index) => {
    const encoded = framer ? framer.encode(payload(index)) : payload(index)
    // A Buffer view of the same bytes: Node's sockets take Buffers without wrapping them per send.
    return Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength)
  }
  // Made before connecting, so bad data is said before any socket opens.
  const firstMessage = message(0)
  const host = target.kind === 'inet' ? await resolveFamily(target.host, o.ipv4 ? 4 : o.ipv6 ? 6 : undefined) : undefined

  const printer = createPrinter(outputMode(o), encoding, undefined, undefined, { raw: o.raw === true })
  // The chunk tap hands the CLI every byte; only --pcapng needs the capture kept, and previews stay minimal.
  const engine = createEngine({ capture: o.pcapng !== undefined, previewBytes: 16 })
  let closed!: () => void
  const peerClosed = new Promise<void>((r) => (closed = r))
  const release = keepAlive()
  let endpointId: string | undefined
  let pcapng: PcapngFile | undefined
  try {
    const config = endpointConfig(transport, target, host, o)
    // Create, subscribe, then connect: the connect event must not go by unseen.
    const endpoint = await engine.open(config, false)
    endpointId = endpoint.id
    if (o.pcapng !== undefined) pcapng = await openPcapngFile(o.pcapng)
    let replied = false
    let peerGone = false
    const tap = tapEndpoint({
      engine,
      endpointId: endpoint.id,
      printer,
      showOutgoing: false,
      ...(o.framing ? { framing: o.framing } : {}),
      onReceived: () => (replied = true),
      onPeerClose: (peer) => {
        peerGone = true
        // The connection failed rather than closed: the command did not do what was asked.
        if (peer.closeReason === 'error') process.exitCode = 1
        closed()
      }
    })
    const started = await engine.start(endpoint.id)
    if (started.tls) for (const line of describeSession(started.tls)) printer.print({ event: 'tls', endpoint: endpoint.id, message: line, extra: { tls: started.tls } })
    // A UDP client connects nobody: say where it is bound, the address the replies must come back to.
    if (transport === 'udp' && started.local && 'port' in started.local) {
      printer.print({ event: 'bound', endpoint: endpoint.id, address: formatHostPort(started.local.address, started.local.port) })
    }
    if (o.file) await sendFile(engine, endpoint.id, o.file, o)
    else if (sequence) await playFromCli(engine, endpoint.id, sequence, GENERATOR_WAIT_MS, printer)
    else if (firstMessage.byteLength > 0 || transport === 'udp') await sendRepeated(engine, endpoint.id, transport, (i) => (i === 0 ? firstMessage : message(i)), o, printer)

    if (o.untilClose) {
      await engine.endOutput(endpoint.id)
      await peerClosed
    } else if (o.wait > 0) {
      // A peer that closes ends the wait; its timer must not then keep the command alive.
      let timer: NodeJS.Timeout | undefined
      await Promise.race([new Promise((r) => (timer = setTimeout(r, o.wait))), transport === 'udp' ? new Promise(() => undefined) : peerClosed])
      clearTimeout(timer)
      tap.drain()
      // Silence is an answer too: a lab student should see that nothing came, not guess.
      if (!replied && !peerGone) printer.print({ event: 'notice', message: `no reply in ${o.wait} ms`, extra: { noReply: true, waitMs: o.wait } })
    }
    // Print the last events (a close, an error) still waiting in the pump before closing.
    tap.drain()
    tap.close()
  } finally {
    await engine.closeAll()
    await saveCaptureFiles(engine, endpointId, pcapng, undefined, printer)
    release()
  }
}

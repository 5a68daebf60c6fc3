// Runtime schemas for every request in the contract. Handlers (Electron IPC, the browser shell)
// only ever see a value that parsed; request types are inferred from these schemas in api.ts.
import { z } from 'zod'
import { MAX_RECV_BUFFER, MIN_RECV_BUFFER } from './buffer-size'
import { isHost, isIP } from './address'
import { responderConfig } from './responders/schema'

/** The most bytes one send request may carry; larger payloads go as a file. */
export const MAX_SEND_BYTES = 64 * 1024 * 1024

/** Groups one UDP socket may keep; Linux allows 20 IPv4 groups a socket by default. */
export const MAX_MULTICAST_GROUPS = 64

/** The longest a send may wait for room in a peer's queue before it is refused. */
export const MAX_SEND_WAIT_MS = 60_000

const port = z
  .number({ error: 'port must be a number from 0 to 65535' })
  .int('port must be a whole number')
  .min(0, 'port must be from 0 to 65535 (0 picks any free port)')
  .max(65535, 'port must be from 0 to 65535 (0 picks any free port)')

const remotePort = port.min(1, 'port must be from 1 to 65535 to reach a peer')

const host = z
  .string()
  .trim()
  .min(1, 'host is empty: type an address such as 127.0.0.1, ::1 or localhost')
  .max(253, 'host is longer than 253 characters')
  .refine(isHost, { message: 'host is not an IP address or a host name' })

const ipAddress = z.string().trim().refine((h) => isIP(h) !== 0, { message: 'not an IPv4 or IPv6 address' })

const socketPath = z
  .string()
  .min(1, 'path is empty: give a file path such as /tmp/lab.sock (or \\\\.\\pipe\\name on Windows)')
  .max(4096, 'path is too long')
  .refine((p) => !p.includes('\0'), { message: 'path must not contain a NUL character' })

const id = z.string().min(1).max(64)
const name = z.string().trim().min(1, 'name is empty').max(120, 'name is longer than 120 characters')
const framing = z.string().trim().min(1).max(200)
const bytes = z
  // z.custom rather than z.instanceof: any Uint8Array (a Node Buffer, a view on a shared buffer) is bytes.
  .custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'bytes must be a Uint8Array' })
  .refine((b) => b.byteLength <= MAX_SEND_BYTES, { message: `a single send carries at most ${MAX_SEND_BYTES} bytes; send a file instead` })

/**
 * The answer a server gave by itself before responders: echo, uppercase or a fixed reply. Written by
 * earlier versions (workspace files, API and CLI users); still read, as the responder of the same
 * kind (legacy-auto-reply.ts), and never written: the engine keeps `responder` instead.
 */
const autoReply = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('off') }),
  z.strictObject({ mode: z.literal('echo') }),
  z.strictObject({ mode: z.literal('upper') }),
  z.strictObject({ mode: z.literal('fixed'), bytes })
])

/** The most a single read may take: Node's own read size. */
export const MAX_RECV_SIZE = 64 * 1024

/**
 * recv(n) for real: each read of a stream socket takes at most this many bytes (1 B to 64 KiB), so
 * what a program reading with recv(1024) sees happens before the user's eyes.
 */
const recvSize = z
  .number({ error: 'recvSize must be a number of bytes from 1 to 65536' })
  .int('recvSize must be a whole number of bytes')
  .min(1, 'recvSize must be from 1 to 65536 bytes')
  .max(MAX_RECV_SIZE, 'recvSize must be from 1 to 65536 bytes')

/**
 * A client closes by itself once the peer has ended its side (FIN), as the lessons' clients do when
 * recv returns b''. On unless set false, which keeps the connection half open for experiments.
 */
const closeOnPeerEnd = z.boolean()

/**
 * A stream server that serves one client at a time, like the lessons' accept loop: later clients
 * wait, unread and unanswered, until it leaves; past `backlog` waiting, a new client is reset.
 */
const oneAtATime = z.boolean()

const common = {
  name: name.optional(),
  /** Framing spec the endpoint decodes received bytes with (`raw`, `line`, `len:4`, ...). */
  framing: framing.optional()
}

/**
 * What a server answers by itself (src/shared/responders): frame by frame under a framing, else
 * chunk by chunk (datagram by datagram on UDP). None: it answers nothing. `autoReply` is the
 * older spelling, read and turned into `responder`.
 */
const answering = {
  responder: responderConfig.optional(),
  autoReply: autoReply.optional()
}

export const tcpServerConfig = z.strictObject({
  kind: z.literal('tcp-server'),
  ...common,
  ...answering,
  host,
  port,
  backlog: z.number().int().min(1).max(65535).optional(),
  reuseAddress: z.boolean().optional(),
  exclusive: z.boolean().optional(),
  ipv6Only: z.boolean().optional(),
  recvSize: recvSize.optional(),
  oneAtATime: oneAtATime.optional()
})

export const tcpClientConfig = z.strictObject({
  kind: z.literal('tcp-client'),
  ...common,
  host,
  port: remotePort,
  localAddress: ipAddress.optional(),
  localPort: port.optional(),
  connectTimeoutMs: z.number().int().min(1).max(600_000).optional(),
  keepAlive: z.boolean().optional(),
  keepAliveDelayMs: z.number().int().min(0).max(86_400_000).optional(),
  noDelay: z.boolean().optional(),
  recvSize: recvSize.optional(),
  closeOnPeerEnd: closeOnPeerEnd.optional()
})

/** The most PEM text one certificate, key or CA bundle may hold: a long chain, not a file of anything. */
export const MAX_PEM_CHARS = 256 * 1024

/**
 * A certificate, key or CA bundle as PEM text. Never a path: the window reads the file the user
 * chose and sends its text, the command line reads the file itself.
 */
const pem = (what: string) =>
  z
    .string({ error: `${what} must be PEM text` })
    .min(1, `${what} is empty: paste PEM text (-----BEGIN ...-----) or choose a file`)
    .max(MAX_PEM_CHARS, `${what} is longer than ${MAX_PEM_CHARS} characters: a PEM certificate or key is a few KiB`)
    .refine((t) => /-----BEGIN [A-Z0-9 ]+-----/.test(t), { message: `${what} is not PEM text: it should start with a line such as -----BEGIN CERTIFICATE-----` })

/** ALPN protocol names offered or accepted, in order of preference (h2, http/1.1...). */
const alpn = z
  .array(z.string().min(1, 'an ALPN protocol name is empty').max(255, 'an ALPN protocol name is at most 255 bytes').refine((n) => /^[\x21-\x7e]+$/.test(n), { message: 'an ALPN protocol name is printable ASCII without spaces (h2, http/1.1)' }))
  .min(1, 'give at least one ALPN protocol, or leave alpn out')
  .max(16, 'at most 16 ALPN protocols')

/** A server name for SNI and for checking the certificate: a host name, not an IP address. */
const servername = z.string().trim().min(1, 'servername is empty').max(253, 'servername is longer than 253 characters').refine(isHost, { message: 'servername is not a host name' })

const passphrase = z.string().max(1024, 'the key passphrase is longer than 1024 characters')

/**
 * A TLS server: a TCP server whose connections start with a handshake. Its certificate and key come
 * as PEM text, or `selfSigned` makes one for localhost, 127.0.0.1 and ::1 when it starts.
 */
export const tlsServerConfig = z
  .strictObject({
    ...tcpServerConfig.shape,
    kind: z.literal('tls-server'),
    cert: pem('cert').optional(),
    key: pem('key').optional(),
    passphrase: passphrase.optional(),
    selfSigned: z.boolean().optional(),
    alpn: alpn.optional(),
    /** Ask clients for a certificate, checked against `ca` when given. */
    requestCert: z.boolean().optional(),
    ca: pem('ca').optional()
  })
  .refine((c) => c.selfSigned === true || (c.cert !== undefined && c.key !== undefined), {
    message: 'a TLS server needs a certificate and its key (cert and key, PEM), or selfSigned: true'
  })
  .refine((c) => !(c.selfSigned === true && (c.cert !== undefined || c.key !== undefined)), {
    message: 'give either cert and key or selfSigned, not both'
  })

/**
 * A TLS client: a TCP client that verifies the server's certificate unless `insecure`; SNI and the
 * name checked are `servername` (the host by default).
 */
/** How a TLS client connects: checks, names, protocols and its own certificate. */
const tlsClientOptions = {
  insecure: z.boolean().optional(),
  servername: servername.optional(),
  alpn: alpn.optional(),
  ca: pem('ca').optional(),
  cert: pem('cert').optional(),
  key: pem('key').optional(),
  passphrase: passphrase.optional(),
  minVersion: z.enum(['TLSv1.2', 'TLSv1.3']).optional(),
  maxVersion: z.enum(['TLSv1.2', 'TLSv1.3']).optional()
}

const certNeedsKey = (c: { cert?: string; key?: string }): boolean => (c.cert === undefined) === (c.key === undefined)
const CERT_NEEDS_KEY = 'a client certificate needs its key: give both cert and key, or neither'

export const tlsClientConfig = z.strictObject({
  ...tcpClientConfig.shape,
  kind: z.literal('tls-client'),
  ...tlsClientOptions
}).refine(certNeedsKey, { message: CERT_NEEDS_KEY })

/** A TLS client's options without its address: how a relay speaks TLS to its upstream. */
export const tlsUpstreamOptions = z.strictObject(tlsClientOptions).refine(certNeedsKey, { message: CERT_NEEDS_KEY })
export type TlsUpstreamOptions = z.infer<typeof tlsUpstreamOptions>

export const udpConfig = z.strictObject({
  kind: z.literal('udp'),
  ...common,
  ...answering,
  host,
  port,
  reuseAddress: z.boolean().optional(),
  ipv6Only: z.boolean().optional(),
  broadcast: z.boolean().optional(),
  multicastTtl: z.number().int().min(0).max(255).optional(),
  multicastLoopback: z.boolean().optional(),
  multicastInterface: z.string().trim().min(1).max(64).optional(),
  /** Groups joined (udpMembership keeps this list): joined again whenever the socket starts. */
  multicastGroups: z
    .array(z.strictObject({ group: ipAddress, interface: z.string().trim().min(1).max(64).optional() }))
    .max(MAX_MULTICAST_GROUPS, `a socket joins at most ${MAX_MULTICAST_GROUPS} groups here: leave some first`)
    .optional(),
  recvBufferSize: z.number().int().min(MIN_RECV_BUFFER).max(MAX_RECV_BUFFER).optional(),
  sendBufferSize: z.number().int().min(1024).max(256 * 1024 * 1024).optional(),
  /** Connect the socket to one peer; sends then need no target. */
  connect: z.strictObject({ host, port: remotePort }).optional()
})

export const unixServerConfig = z.strictObject({
  kind: z.literal('unix-server'),
  ...common,
  ...answering,
  path: socketPath,
  /** Remove a stale socket file left by a process that died; only when the user asks. */
  removeStale: z.boolean().optional(),
  backlog: z.number().int().min(1).max(65535).optional(),
  recvSize: recvSize.optional(),
  oneAtATime: oneAtATime.optional()
})

export const unixClientConfig = z.strictObject({
  kind: z.literal('unix-client'),
  ...common,
  path: socketPath,
  connectTimeoutMs: z.number().int().min(1).max(600_000).optional(),
  recvSize: recvSize.optional(),
  closeOnPeerEnd: closeOnPeerEnd.optional()
})

/** The most a relay holds back to coalesce, or delays a chunk: long enough to see, short enough to wait for. */
export const MAX_RELAY_DELAY_MS = 60_000

/** Peers a UDP relay keeps an upstream socket for at once; a new sender past it takes the oldest's place. */
export const MAX_UDP_RELAY_PEERS = 1024

const rate = (what: string) =>
  z
    .number({ error: `${what} must be a number from 0 to 1` })
    .min(0, `${what} must be from 0 (never) to 1 (always)`)
    .max(1, `${what} must be from 0 (never) to 1 (always)`)

const relayMs = (what: string) =>
  z
    .number({ error: `${what} must be a number of milliseconds` })
    .int(`${what} must be a whole number of milliseconds`)
    .min(0, `${what} must be 0 ms or more`)
    .max(MAX_RELAY_DELAY_MS, `${what} must be at most ${MAX_RELAY_DELAY_MS} ms`)

/**
 * What a relay does to the bytes it forwards, in both directions, changeable while it runs. Streams:
 * re-chunk (split writes into pieces, or coalesce them), delay, bandwidth, reset. Datagrams: delay,
 * drop, duplicate, reorder, from a seeded generator so a run can be repeated.
 */
export const relayFaults = z
  .strictObject({
    /** Split every write into pieces of at most this many bytes, each its own write. */
    chunk: z.number().int('chunk must be a whole number of bytes').min(1, 'chunk must be at least 1 byte').max(MAX_RECV_SIZE, `chunk must be at most ${MAX_RECV_SIZE} bytes`).optional(),
    /** Hold what arrives for up to this many ms and write it together. */
    coalesceMs: relayMs('coalesceMs').refine((n) => n > 0, { message: 'coalesceMs must be at least 1 ms' }).optional(),
    /** Delay each chunk by this many ms (min..max: a random latency in that range), order kept. */
    delayMs: relayMs('delayMs').optional(),
    delayMaxMs: relayMs('delayMaxMs').optional(),
    /** At most this many bytes a second in each direction. */
    bandwidth: z.number().int('bandwidth must be a whole number of bytes a second').min(1, 'bandwidth must be at least 1 byte a second').max(10 * 1024 * 1024 * 1024, 'bandwidth must be at most 10 GiB a second').optional(),
    /** Reset the connection once this many bytes went one way (exactly these bytes are forwarded). */
    resetAfter: z.number().int('resetAfter must be a whole number of bytes').min(0, 'resetAfter must be 0 bytes or more').max(Number.MAX_SAFE_INTEGER).optional(),
    /** Reset the connection when these bytes (text, UTF-8) go by; they and what follows are not forwarded. */
    resetOn: z.string().min(1, 'resetOn is empty: give the text that triggers the reset').max(200, 'resetOn is longer than 200 characters').optional(),
    /** Datagrams: drop, send twice, or hold back behind the next one, each at this rate. */
    drop: rate('drop').optional(),
    duplicate: rate('duplicate').optional(),
    reorder: rate('reorder').optional(),
    /** Seed of the random draws (latency, drop, duplicate, reorder): the same seed, the same run. */
    seed: z.number().int('seed must be a whole number').min(0, 'seed must be 0 or more').max(0xffffffff, 'seed must be at most 4294967295').optional()
  })
  .refine((f) => f.chunk === undefined || f.coalesceMs === undefined, { message: 'give either chunk (split writes) or coalesceMs (join them), not both' })
  .refine((f) => f.delayMaxMs === undefined || (f.delayMs !== undefined && f.delayMaxMs >= f.delayMs), {
    message: 'delayMaxMs needs delayMs as the low end of the range, and must not be below it'
  })
export type RelayFaults = z.infer<typeof relayFaults>

/** Where a UDP relay forwards to: a UDP server. */
const upstream = z.strictObject({ host, port: remotePort })

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Where a TCP relay forwards to: a TCP server (`{host, port}`, as configs have always said it), a
 * TLS server (the same with `tls`), or a Unix socket (`{path}`).
 */
export const streamUpstream = z.union(
  [
    z.strictObject({ host, port: remotePort, tls: tlsUpstreamOptions.optional() }),
    // tls is named here only to be refused with the words below, not as an unknown key.
    z.strictObject({ path: socketPath, tls: z.never().optional() })
  ],
  {
    // Reached only when neither shape fits at all: say which two there are.
    error: (issue) => {
      const v = issue.input
      if (isRecord(v) && 'path' in v && ('host' in v || 'port' in v)) return 'the upstream is either host and port (TCP or TLS) or path (a Unix socket), not both'
      if (isRecord(v) && 'path' in v && 'tls' in v) return 'tls needs host and port: a Unix socket upstream is reached without TLS'
      return 'the upstream needs host and port (TCP, or TLS with tls), or path (a Unix socket)'
    }
  }
)
export type StreamUpstream = z.infer<typeof streamUpstream>

/**
 * A TCP relay: listens, and for each client it accepts connects to `upstream`, forwarding both ways
 * through its faults. The timeline shows each client as one peer: what it sent in, what the
 * upstream answered out.
 */
export const tcpRelayConfig = z.strictObject({
  kind: z.literal('tcp-relay'),
  ...common,
  host,
  port,
  upstream: streamUpstream,
  backlog: z.number().int().min(1).max(65535).optional(),
  faults: relayFaults.optional()
})

/**
 * A UDP relay: one upstream socket per sender (at most `maxPeers`), each forwarding datagrams both
 * ways through the faults.
 */
export const udpRelayConfig = z.strictObject({
  kind: z.literal('udp-relay'),
  ...common,
  host,
  port,
  upstream,
  maxPeers: z.number().int().min(1).max(MAX_UDP_RELAY_PEERS, `maxPeers must be at most ${MAX_UDP_RELAY_PEERS}`).optional(),
  faults: relayFaults.optional()
})

export const endpointConfig = z.discriminatedUnion('kind', [
  tcpServerConfig,
  tcpClientConfig,
  udpConfig,
  unixServerConfig,
  unixClientConfig,
  tlsServerConfig,
  tlsClientConfig,
  tcpRelayConfig,
  udpRelayConfig
])

const sendTarget = z.union([
  z.literal('all'),
  z.strictObject({ peerId: id }),
  z.strictObject({ host, port: remotePort })
])

const settingsPatch = z.strictObject({
  captureLimitBytes: z
    .number()
    .int()
    .min(1024 * 1024, 'the capture limit must be at least 1 MiB')
    .max(16 * 1024 * 1024 * 1024, 'the capture limit must be at most 16 GiB')
    .optional(),
  previewBytes: z.number().int().min(16).max(4096).optional(),
  theme: z.enum(['system', 'light', 'dark']).optional(),
  language: z.enum(['en', 'zh-CN']).optional()
})

/** Bounds that keep a workspace file small, quick to restore and safe to load. */
export const WORKSPACE_LIMITS = { endpoints: 64, savedPayloads: 200, history: 50, payloadChars: 64 * 1024, sequences: 100, sequenceSteps: 200 } as const

/** What the composer holds: kept for saved payloads and the send history. */
export const composerDraft = z.strictObject({
  mode: z.enum(['escaped', 'text', 'hex', 'base64']),
  text: z.string().max(WORKSPACE_LIMITS.payloadChars),
  encoding: z.string().min(1).max(32),
  lineEnding: z.enum(['none', 'lf', 'crlf', 'cr']),
  framing: framing,
  checksum: z.string().min(1).max(32),
  /** Fill in {counter}, {time:...}, {random:N}, {len}, {crc16}, {crc32} on each send (src/shared/macros). */
  macros: z.boolean().optional()
})

/**
 * Where a saved payload goes, when it came with one (Packet Sender's packets do): a client of this
 * transport to this host and port, or a UDP send to it.
 */
const savedTarget = z.strictObject({
  transport: z.enum(['tcp', 'udp', 'tls']),
  host,
  port: remotePort
})

const savedPayload = composerDraft.extend({
  name,
  target: savedTarget.optional(),
  /** Resent every this many seconds by the tool it came from; shown, and offered to the composer's repeat. */
  repeatSeconds: z.number().min(0).max(86_400).optional()
})

/** The wait after a sequence's step before the next one, in milliseconds: at most an hour. */
const stepDelayMs = z.number().int().min(0, 'a delay cannot be negative').max(3_600_000, 'a delay is at most an hour (3600000 ms)')

/**
 * One step of a sequence: a payload of its own, written as the composer writes one, or the name of
 * a saved payload, looked up when the sequence plays (so editing the saved payload changes the step).
 */
export const sequenceStep = z.discriminatedUnion('kind', [
  composerDraft.extend({ kind: z.literal('payload'), delayMs: stepDelayMs }),
  z.strictObject({ kind: z.literal('saved'), name, delayMs: stepDelayMs })
])

/** A named list of steps, played in order, once or `loops` times (0: until stopped). */
export const workspaceSequence = z.strictObject({
  name,
  steps: z.array(sequenceStep).max(WORKSPACE_LIMITS.sequenceSteps),
  loops: z.number().int().min(0).max(1_000_000)
})

export const workspaceEndpoint = z.strictObject({
  /** The engine's id when saved, so a page reloaded while the engine runs finds its endpoint again. */
  id,
  // An old fixed auto reply carries bytes, which a JSON file cannot hold as such; a responder's are text.
  config: endpointConfig.refine((c) => !('autoReply' in c) || c.autoReply?.mode !== 'fixed', {
    message: 'a fixed auto reply is not kept in the workspace'
  }),
  /** The port a port-0 server or socket got, tried first when it is opened again. */
  lastPort: port.optional(),
  display: z.strictObject({ encoding: z.string().min(1).max(32), paused: z.boolean() }).optional(),
  /** This endpoint's composer as it was left, sent or not: each endpoint has its own. */
  composer: composerDraft.optional()
})

/** Pane sizes in CSS pixels. */
export const workspaceLayout = z.strictObject({
  sidebar: z.number().int().min(120).max(1200),
  inspector: z.number().int().min(200).max(2000),
  composer: z.number().int().min(80).max(1200)
})

/**
 * The guided lab the window is running: which lab, which endpoint plays each of its roles, and the
 * steps already done, so a reloaded window shows the same ticks.
 */
export const workspaceLab = z.strictObject({
  id: z.string().min(1).max(64),
  roles: z.record(z.string().min(1).max(32), id),
  done: z.array(z.string().min(1).max(64)).max(64)
})

export const workspaceDocument = z.strictObject({
  version: z.literal(1),
  endpoints: z.array(workspaceEndpoint).max(WORKSPACE_LIMITS.endpoints),
  savedPayloads: z.array(savedPayload).max(WORKSPACE_LIMITS.savedPayloads),
  history: z.array(composerDraft).max(WORKSPACE_LIMITS.history),
  /** Absent in files written before sequences existed: read as none. */
  sequences: z.array(workspaceSequence).max(WORKSPACE_LIMITS.sequences).optional(),
  /** The port the last UDP socket made in the form got, offered again by the next form. */
  lastUdpPort: port.optional(),
  layout: workspaceLayout,
  selectedEndpointId: id.optional(),
  lab: workspaceLab.optional(),
  /**
   * Written by versions whose endpoints shared one composer; no longer written. Read on load as the
   * draft of the endpoint that was selected (workspace-sync.ts), so such a file is taken, not refused.
   */
  draft: composerDraft.optional()
})

const empty = z.strictObject({}).optional()

/**
 * The rows a filtered timeline shows, for a log export: one direction, one peer, which kinds of
 * rows, and chunks or frames whose text contains a string (any case). Events have no direction and
 * are matched by their peer only; with a text filter, only chunks and frames are written.
 */
export const exportView = z.strictObject({
  dir: z.enum(['in', 'out']).optional(),
  peerId: id.optional(),
  chunks: z.boolean().optional(),
  frames: z.boolean().optional(),
  events: z.boolean().optional(),
  text: z.string().max(200).optional()
})
export type ExportView = z.infer<typeof exportView>

/** One schema per request; the keys are the contract's request names. */
export const requestSchemas = {
  getAppInfo: empty,
  /** The machine's own addresses, to bind to and to join groups on. */
  listInterfaces: empty,
  listEndpoints: empty,
  openEndpoint: z.strictObject({ config: endpointConfig, start: z.boolean().optional() }),
  startEndpoint: z.strictObject({ endpointId: id }),
  closeEndpoint: z.strictObject({ endpointId: id }),
  removeEndpoint: z.strictObject({ endpointId: id }),
  updateEndpoint: z.strictObject({
    endpointId: id,
    name: name.optional(),
    framing: framing.optional(),
    /** A server's responder; null: it answers nothing any more. */
    responder: responderConfig.nullable().optional(),
    /** The older spelling of `responder` (off, echo, upper, fixed bytes). */
    autoReply: autoReply.optional(),
    /** Nagle off (true) or on (false) on a TCP client's live connection and its next ones. */
    noDelay: z.boolean().optional(),
    /** A stream endpoint's read size, from its next read on. */
    recvSize: recvSize.optional(),
    /** A stream client: close by itself when the peer ends (its next connections too). */
    closeOnPeerEnd: closeOnPeerEnd.optional(),
    /** A stream server: serve one client at a time (off: every waiting client is served now). */
    oneAtATime: oneAtATime.optional(),
    /** A relay's faults, replacing the ones it had (null: none); applied from the next chunk on. */
    faults: relayFaults.nullable().optional()
  }),
  listPeers: z.strictObject({ endpointId: id }),
  /** A line the server's user typed for one peer's responder (the chat's input()). */
  responderInput: z.strictObject({ endpointId: id, peerId: id, bytes }),
  send: z.strictObject({
    endpointId: id,
    to: sendTarget.optional(),
    bytes,
    /**
     * How long to wait for room when a peer's queue is full (it does not read), instead of being
     * refused at once: a file send or a repeat follows the peer's pace this way. 0 by default.
     */
    waitMs: z.number().int().min(0).max(MAX_SEND_WAIT_MS, `waitMs must be at most ${MAX_SEND_WAIT_MS}`).optional()
  }),
  closePeer: z.strictObject({ endpointId: id, peerId: id, mode: z.enum(['graceful', 'reset']) }),
  endOutput: z.strictObject({ endpointId: id, peerId: id.optional() }),
  udpMembership: z.strictObject({
    endpointId: id,
    action: z.enum(['join', 'leave']),
    group: ipAddress,
    interface: z.string().trim().min(1).max(64).optional()
  }),
  readCapture: z.strictObject({
    endpointId: id,
    fromSeq: z.number().int().min(0),
    limit: z.number().int().min(1).max(10_000).optional()
  }),
  readChunk: z.strictObject({ endpointId: id, seq: z.number().int().min(0) }),
  getSettings: empty,
  updateSettings: z.strictObject({ patch: settingsPatch }),
  getWorkspace: empty,
  saveWorkspace: z.strictObject({ workspace: workspaceDocument }),
  exportCapture: z.strictObject({
    /** The endpoints whose capture goes in the file, in this order; every endpoint when left out. */
    endpointIds: z.array(id).min(1, 'name at least one endpoint, or leave endpointIds out for all').max(WORKSPACE_LIMITS.endpoints).optional(),
    format: z.enum(['pcapng', 'text', 'csv', 'jsonl'], { error: 'format must be pcapng, text, csv or jsonl' }),
    /** pcapng: timestamps in microseconds (the default) or nanoseconds. */
    timeResolution: z.enum(['us', 'ns']).optional(),
    /** Logs: the encoding payloads are shown in as text (UTF-8 by default). */
    encoding: z.string().trim().min(1).max(32).optional(),
    /** Logs: only what a filtered timeline shows (leave out for everything). */
    view: exportView.optional()
  }),
  cancelExport: z.strictObject({ exportId: id }),
  /**
   * Saves bytes of one peer's stream to a file as they crossed: a frame's payload, a range of
   * chunks, or all of it. A range in stream offsets (every chunk and frame row has one); like an
   * export, never a path: the transport asks where (a save dialog, a download).
   */
  saveReceived: z
    .strictObject({
      endpointId: id,
      peerId: id,
      /** Received bytes (the default), or what we sent. */
      dir: z.enum(['in', 'out'], { error: "dir must be 'in' or 'out'" }).optional(),
      /** Stream offset of the first byte to save; 0 when left out. */
      offset: z.number({ error: 'offset must be a number' }).int('offset must be a whole number').min(0, 'offset must be 0 or more').optional(),
      /** How many bytes; to the end of what crossed so far when left out. */
      length: z.number({ error: 'length must be a number' }).int('length must be a whole number').min(1, 'length must be 1 or more: there is nothing to save in 0 bytes').optional(),
      /** A name to offer (a JSON header's file_name); only its last part, made safe, is used. */
      fileName: z.string().max(255, 'fileName is longer than 255 characters').optional()
    })
    .refine((r) => r.offset === undefined || r.length === undefined || r.offset + r.length <= Number.MAX_SAFE_INTEGER, {
      message: 'offset + length is past any stream: give a smaller range'
    })
} as const

export type RequestName = keyof typeof requestSchemas
export const requestNames = Object.keys(requestSchemas) as RequestName[]

export type EndpointConfig = z.infer<typeof endpointConfig>
export type EndpointKind = EndpointConfig['kind']
export type SendTarget = z.infer<typeof sendTarget>
export type SettingsPatch = z.infer<typeof settingsPatch>
export type AutoReply = z.infer<typeof autoReply>
export type WorkspaceDocument = z.infer<typeof workspaceDocument>
export type ComposerDraft = z.infer<typeof composerDraft>
export type SavedPayloadDocument = z.infer<typeof savedPayload>
export type SequenceStep = z.infer<typeof sequenceStep>
export type SequenceDocument = z.infer<typeof workspaceSequence>
export type SavedTarget = z.infer<typeof savedTarget>
export type WorkspaceLab = z.infer<typeof workspaceLab>
export { savedPayload }

/**
 * What a server answers by itself: echo, upper, fixed, rules, the time server, chat, the simulated
 * remote command, the file server (src/shared/responders). Checked here for shape; createResponder
 * also compiles it (patterns, hex, encodings) when the engine opens or updates the endpoint.
 */
export { responderConfig }
export type ResponderConfig = z.infer<typeof responderConfig>

// Every failure leaves the engine as a SocketLabError: the OS code people can search for, a
// message naming what failed where, and a hint that teaches what to do next.
import type { z } from 'zod'
import type { AppError } from '../../shared/api'
import { SocketLabError } from '../../shared/errors'

export type Transport = 'tcp' | 'udp' | 'unix'

export interface ErrorContext {
  /** What the engine was doing: listen, bind, connect, send, read, lookup, join... */
  action: string
  transport: Transport
  /** `host:port` or a path, as the user typed it. */
  target?: string
  port?: number
  family?: 4 | 6
  timeoutMs?: number
  /** Who already holds an address, when the engine knows (one of its own endpoints). */
  owner?: string
}

export const UDP_MAX_PAYLOAD_V4 = 65507
export const UDP_MAX_PAYLOAD_V6 = 65527

export const EMSGSIZE_HINT =
  'A UDP datagram carries at most 65507 bytes over IPv4 (65527 over IPv6): split the data into smaller datagrams, or use TCP for a stream.'

const UDP_SHARE_HINT =
  '; to share a port between UDP sockets, turn on "Reuse address" (SO_REUSEADDR) on every one of them: in the form, or --reuse-address on the command line.'

/**
 * libuv sets SO_REUSEADDR on every TCP listener except on Windows, so there connections left in
 * TIME_WAIT by a server that just stopped never block a new one: a socket that listens now does.
 */
const TCP_REUSE_HINT =
  process.platform === 'win32'
    ? '; if a server there has just stopped, its connections may still hold the port for a while (TIME_WAIT).'
    : '. Something listens there now: Socket Lab\'s TCP servers always set SO_REUSEADDR, as Node does, so connections left in TIME_WAIT by a server that just stopped never block them (a Python server needs sk.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1) before bind for that).'

const GENERIC_HINT = 'This was not expected. Check the options and try again; if it repeats, report it with the steps that led here.'

function isLoopback(target: string): boolean {
  return /^(127\.\d+\.\d+\.\d+|\[::1\]|::1|localhost)(:\d+)?$/.test(target)
}

function hintFor(code: string, ctx: ErrorContext): string {
  const where = ctx.target ?? 'that address'
  switch (code) {
    case 'EADDRINUSE':
      if (ctx.transport === 'unix') {
        return `Another process already listens on ${where}. Choose another path, or stop the process that holds it.`
      }
      return (
        `${where} is already taken${ctx.owner ? ` by ${ctx.owner}` : ` by another ${ctx.transport.toUpperCase()} socket`}. ` +
        'Pick another port, or port 0 to let the system choose a free one' +
        (ctx.transport === 'udp' ? UDP_SHARE_HINT : TCP_REUSE_HINT)
      )
    case 'EACCES':
      if (ctx.transport === 'unix') return `No permission to use ${where}: choose a path in a directory you can write to (such as the temp directory).`
      if (ctx.action === 'send') return 'Sending to a broadcast address needs "Broadcast" (SO_BROADCAST) turned on for this UDP socket: in its form, or --broadcast on the command line.'
      if (ctx.port !== undefined && ctx.port > 0 && ctx.port < 1024) {
        return `Ports below 1024 are privileged: only an administrator (or a program with CAP_NET_BIND_SERVICE on Linux) may bind them. Choose a port from 1024 up, or 0 for any free port.`
      }
      return 'The system refused permission for this socket: a firewall or a security policy may forbid it.'
    case 'EADDRNOTAVAIL':
      return `${where} is not an address of this machine: bind to 0.0.0.0 or :: (every interface), 127.0.0.1 or ::1 (loopback), or one of the machine's own addresses.`
    case 'ECONNREFUSED':
      if (ctx.transport === 'unix') return `Nothing listens on ${where}: the socket file exists but no server has it open (it may be left over). Start a Unix server there first.`
      if (ctx.transport === 'udp') return `Nothing listens on ${where}: the peer answered our datagram with "port unreachable". Start a UDP socket there first.`
      return `Nothing listens on ${where}: start a server there first, or check the host and port.`
    case 'ECONNRESET':
      return 'The peer reset the connection (RST): it closed while data was still unread, it crashed, or it aborted the connection on purpose.'
    case 'EPIPE':
      return 'The connection is closed for writing: the peer has gone away or reset it, so nothing more can be sent on it.'
    case 'ETIMEDOUT':
      if (ctx.timeoutMs !== undefined && isLoopback(where)) {
        // Nothing on this machine drops packets but a listen() queue that is full.
        return `No answer from ${where} within ${ctx.timeoutMs} ms. On this machine that means a server whose listen() queue is full: it accepts too slowly, or not at all, so the kernel drops new connections' SYNs and connect waits. Let the server accept (or raise its backlog), or raise the connect timeout ("Connect timeout" in the client's form, --connect-timeout on the command line).`
      }
      return ctx.timeoutMs !== undefined
        ? `No answer from ${where} within ${ctx.timeoutMs} ms: the host may be down or a firewall may drop the packets. Check the address, or raise the connect timeout ("Connect timeout" in the client's form, --connect-timeout on the command line).`
        : `${where} stopped answering: the host may be down or a firewall may drop the packets.`
    case 'EHOSTUNREACH':
      return `No route to the host ${where}: it is down or not on a network this machine can reach. Check the address and the network cable or Wi-Fi.`
    case 'ENETUNREACH':
      return `The network of ${where} is unreachable from this machine: check the address, the interface, and (for IPv6) whether this machine has IPv6 connectivity.`
    case 'ENOENT':
      if (ctx.transport === 'unix') return `There is no socket at ${where}: start a Unix server on that path first, and check the spelling.`
      return `${where} does not exist.`
    case 'EMSGSIZE':
      return EMSGSIZE_HINT
    case 'ENOTFOUND':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return `The name in ${where} could not be resolved: check its spelling, or type an IP address such as 127.0.0.1 or ::1.`
    case 'EAI_AGAIN':
      return `Name lookup for ${where} failed for now (no DNS server answered): check the network, or type an IP address.`
    case 'EAFNOSUPPORT':
    case 'EINVAL':
      return 'The address family or an option does not fit this socket: an IPv4 socket cannot reach an IPv6 address and the other way round. Bind to :: to talk to both.'
    case 'ENOBUFS':
      return 'The system ran out of buffer space for this socket: send more slowly (a repeat with a longer interval, or --rate on the command line).'
    case 'EMFILE':
    case 'ENFILE':
      return 'Too many files and sockets are open: close some endpoints or peers, or raise the open-file limit (ulimit -n).'
    default:
      return GENERIC_HINT
  }
}

/** Maps an error from Node or the OS to a SocketLabError whose hint fits what was being done. */
export function fromOsError(err: unknown, ctx: ErrorContext): SocketLabError {
  if (err instanceof SocketLabError) return err
  const e = err as NodeJS.ErrnoException | undefined
  let code = typeof e?.code === 'string' ? e.code : 'EINTERNAL'
  // Node's lookup reports an unknown name as ENOTFOUND with errno EAI_NONAME on some systems.
  if (code === 'EAI_NONAME') code = 'ENOTFOUND'
  const detail = e?.message ?? String(err)
  const message = ctx.target ? `${ctx.action} ${ctx.target} failed: ${detail}` : `${ctx.action} failed: ${detail}`
  return new SocketLabError(code, message, hintFor(code, ctx))
}

/** Options that do not parse are refused before a socket is made, naming the field at fault. */
export function invalidOptions(error: z.ZodError, what: string): SocketLabError {
  const first = error.issues[0]
  const field = first && first.path.length > 0 ? first.path.join('.') : what
  const reason = first?.message ?? 'invalid value'
  return new SocketLabError(
    'EINVAL',
    `Invalid ${what}: ${field}: ${reason}`,
    `Fix ${field} and try again. Ports run from 0 to 65535 (0 picks a free one); hosts are IPv4 or IPv6 addresses or host names.`
  )
}

// Messages name an endpoint by its name and a peer by its address: ids are the engine's own business.

export function unknownEndpoint(_endpointId: string): SocketLabError {
  return new SocketLabError('EUNKNOWN', 'That endpoint does not exist any more', 'It may have been removed: pick one from the list of endpoints.')
}

/** `endpoint` is the endpoint's name. */
export function unknownPeer(endpoint: string): SocketLabError {
  return new SocketLabError(
    'EUNKNOWN',
    `The peer picked is not connected to "${endpoint}" any more`,
    'It has closed: pick one from the list of peers, which shows who is connected now.'
  )
}

/** `endpoint` is the endpoint's name. */
export function notRunning(endpoint: string, what: string): SocketLabError {
  return new SocketLabError('ENOTCONN', `"${endpoint}" is not ${what}`, 'Start the endpoint first (listen, bind or connect), then try again.')
}

export function dropped(seq: number): SocketLabError {
  return new SocketLabError(
    'EDROPPED',
    `Chunk ${seq} is no longer in the capture: older capture was dropped to stay within the capture limit`,
    'Raise the capture limit in the settings to keep more history; the counters still include every byte.'
  )
}

export function captureOff(): SocketLabError {
  return new SocketLabError('EDROPPED', 'This engine keeps no captured bytes (capture is off)', 'Run with capture on to read the bytes of past chunks.')
}

export function datagramTooLarge(size: number, family: 4 | 6): SocketLabError {
  const max = family === 6 ? UDP_MAX_PAYLOAD_V6 : UDP_MAX_PAYLOAD_V4
  return new SocketLabError('EMSGSIZE', `A ${size}-byte datagram is larger than the ${max} bytes UDP over IPv${family} can carry`, EMSGSIZE_HINT)
}

function mib(n: number): string {
  return n >= 1024 * 1024 ? `${+(n / (1024 * 1024)).toFixed(1)} MiB` : `${+(n / 1024).toFixed(1)} KiB`
}

/** A stream peer's queue has no room for a send: the peer does not read what we write. */
export function peerNotReading(peer: string, pending: number, limit: number): SocketLabError {
  return new SocketLabError(
    'EAGAIN',
    `${peer} is not reading: ${pending} bytes wait to be sent to it, and its queue holds ${mib(limit)} at most`,
    'Nothing was lost: this send was not queued, and what waits goes out as the peer reads. Send again once it reads (its pending bytes fall), send less at a time, or close the connection. Repeats and file sends wait for the peer by themselves.'
  )
}

/** A UDP socket's datagrams in flight fill its queue: the OS takes them more slowly than they come. */
export function socketNotSending(endpoint: string, pending: number, limit: number): SocketLabError {
  return new SocketLabError(
    'EAGAIN',
    `The UDP socket "${endpoint}" is not keeping up: ${pending} bytes of datagrams wait for the OS to send them, and it holds ${mib(limit)} at most`,
    'Nothing was lost: this datagram was not queued. Send more slowly; repeats and the command line\'s --count wait by themselves.'
  )
}

const AFTER_END_HINT =
  "After the peer's FIN (a read returned nothing, as recv returns b'' in Python) a send still leaves, but a peer that has closed its socket answers it with a reset (RST), and every later send fails with EPIPE (broken pipe). Close the connection once the peer has ended, as the lessons' client does: a client with \"close when the peer ends\" on (the default; --half-open turns it off on the command line) does it by itself."

/** A write made after the peer's FIN left, and the peer, which had closed its socket, reset the connection. */
export function resetAfterPeerEnd(peer: string): AppError {
  return {
    code: 'ECONNRESET',
    message: `${peer} had closed its socket: it answered this send, made after its FIN, with a reset (RST); the connection is gone`,
    hint: AFTER_END_HINT
  }
}

/** A send the OS refused at once because the peer, which had sent FIN, closed its socket and reset the connection. */
export function sendAfterPeerClosed(peer: string, code: string): AppError {
  return {
    code,
    message: `This send to ${peer} failed with ${code}: the peer had sent FIN and closed its socket, and it reset the connection`,
    hint: AFTER_END_HINT
  }
}

/** The connection ended in a reset after the peer's FIN: the peer had closed its socket, and what we sent since met it. */
export function closedAfterPeerEnd(peer: string, code: string, detail: string): AppError {
  return {
    code,
    message: `${peer} had sent FIN and closed its socket; what was sent after that was answered with a reset (RST) (${detail})`,
    hint: AFTER_END_HINT
  }
}

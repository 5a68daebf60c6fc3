// Every failure leaves the engine as a SocketLabError: the OS code people can search for, a
// message naming what failed where, and a hint that teaches what to do next.
import { statSync } from 'node:fs'
import type { z } from 'zod'
import type { AppError, ErrorParams } from '../../shared/api'
import { catalogError, SocketLabError } from '../../shared/errors'
import { enErrors, type ErrorHintId } from '../../shared/messages/en'
import { issueRef } from '../../shared/messages/zod-issue'

export type Transport = 'tcp' | 'udp' | 'unix'

export type ErrorAction =
  | 'listenOn'
  | 'lookUp'
  | 'bind'
  | 'receiveOn'
  | 'connectTo'
  | 'setBufferSizeOf'
  | 'sendTo'
  | 'joinGroup'
  | 'leaveGroup'
  | 'connectionWith'

export interface ErrorContext {
  /** What the engine was doing, as a word of the error catalog. */
  action: ErrorAction
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

export const EMSGSIZE_HINT = enErrors.hints.datagramTooLarge

/** Whether `path` is a socket; undefined when it cannot be told (gone, or no permission to look). */
function isSocket(path: string): boolean | undefined {
  try {
    return statSync(path).isSocket()
  } catch {
    return undefined
  }
}

function isLoopback(target: string): boolean {
  return /^(127\.\d+\.\d+\.\d+|\[::1\]|::1|localhost)(:\d+)?$/.test(target)
}

/**
 * The hint that fits the code and what was being done. libuv sets SO_REUSEADDR on every TCP
 * listener except on Windows, so there connections left in TIME_WAIT by a server that just stopped
 * can block a new one; elsewhere only a socket that listens now does.
 */
function hintFor(code: string, ctx: ErrorContext): ErrorHintId {
  const where = ctx.target ?? ''
  switch (code) {
    case 'EADDRINUSE':
      if (ctx.transport === 'unix') return ctx.owner ? 'addressInUseUnixOwned' : 'addressInUseUnix'
      if (ctx.transport === 'udp') return 'addressInUseUdp'
      return process.platform === 'win32' ? 'addressInUseTcpWindows' : 'addressInUseTcp'
    case 'EACCES':
      if (ctx.transport === 'unix') return 'accessUnix'
      if (ctx.action === 'sendTo') return 'accessBroadcast'
      if (ctx.port !== undefined && ctx.port > 0 && ctx.port < 1024) return 'accessPrivilegedPort'
      return 'access'
    case 'EADDRNOTAVAIL':
      return 'addressNotAvailable'
    case 'ECONNREFUSED':
      // Linux refuses a connect to a path that is no socket at all (a file, a folder) the same way.
      if (ctx.transport === 'unix') return isSocket(where) === false ? 'notASocketUnix' : 'refusedUnix'
      if (ctx.transport === 'udp') return 'refusedUdp'
      return 'refused'
    case 'ECONNRESET':
      return 'reset'
    case 'EPIPE':
      return 'brokenPipe'
    case 'ETIMEDOUT':
      // Nothing on this machine drops packets but a listen() queue that is full.
      if (ctx.timeoutMs !== undefined && isLoopback(where)) return 'timedOutLoopback'
      return ctx.timeoutMs !== undefined ? 'timedOutConnect' : 'timedOut'
    case 'EHOSTUNREACH':
      return 'hostUnreachable'
    case 'ENETUNREACH':
      return 'networkUnreachable'
    case 'ENOENT':
      return ctx.transport === 'unix' ? 'noSocketFile' : 'doesNotExist'
    case 'ENOTDIR':
      return ctx.transport === 'unix' ? 'notASocketUnix' : 'generic'
    case 'EPROTOTYPE':
      return ctx.transport === 'unix' ? 'datagramSocketUnix' : 'generic'
    case 'EAGAIN':
      // A Unix server's listen queue is full: Linux fails the connect at once rather than wait.
      return ctx.transport === 'unix' && ctx.action === 'connectTo' ? 'backlogFullUnix' : 'generic'
    case 'EMSGSIZE':
      return 'datagramTooLarge'
    case 'ENOTFOUND':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return 'nameNotFound'
    case 'EAI_AGAIN':
      return 'lookupAgain'
    case 'EAFNOSUPPORT':
    case 'EINVAL':
      return 'familyMismatch'
    case 'ENOBUFS':
      return 'noBuffers'
    case 'EMFILE':
    case 'ENFILE':
      return 'tooManyFiles'
    default:
      return 'generic'
  }
}

/**
 * Maps an error from Node or the OS to a SocketLabError whose hint fits what was being done. The
 * reason is the catalog's word for the code, so every language can say it; a code the catalog does
 * not know keeps Node's own message.
 */
export function fromOsError(err: unknown, ctx: ErrorContext): SocketLabError {
  if (err instanceof SocketLabError) return err
  const e = err as NodeJS.ErrnoException | undefined
  let code = typeof e?.code === 'string' ? e.code : 'EINTERNAL'
  // Node's lookup reports an unknown name as ENOTFOUND with errno EAI_NONAME on some systems.
  if (code === 'EAI_NONAME') code = 'ENOTFOUND'
  const reason = Object.prototype.hasOwnProperty.call(enErrors.terms, code) ? code : (e?.message ?? String(err))
  const holder = ctx.owner ?? (ctx.transport === 'udp' ? 'anotherUdpSocket' : 'anotherTcpSocket')
  const params: ErrorParams = { action: ctx.action, reason, holder }
  if (ctx.target !== undefined) params.target = ctx.target
  if (ctx.timeoutMs !== undefined) params.timeoutMs = ctx.timeoutMs
  const hintId = hintFor(code, ctx)
  return SocketLabError.of(code, ctx.target !== undefined ? { id: 'osFailed', hintId, params } : { id: 'osFailedNoTarget', hintId, params })
}

/** Options that do not parse are refused before a socket is made, naming the field at fault. */
export function invalidOptions(error: z.ZodError, what: string): SocketLabError {
  return SocketLabError.of('EINVAL', issueRef(error, what))
}

// Messages name an endpoint by its name and a peer by its address: ids are the engine's own business.

export function unknownEndpoint(_endpointId: string): SocketLabError {
  return SocketLabError.of('EUNKNOWN', { id: 'endpointGone' })
}

/** `endpoint` is the endpoint's name. */
export function unknownPeer(endpoint: string): SocketLabError {
  return SocketLabError.of('EUNKNOWN', { id: 'peerGone', params: { endpoint } })
}

/** `endpoint` is the endpoint's name; `state` what it is not: bound, connected, connected to any peer. */
export function notRunning(endpoint: string, state: 'bound' | 'connected' | 'connectedToAnyPeer'): SocketLabError {
  return SocketLabError.of('ENOTCONN', { id: 'notRunning', params: { endpoint, state } })
}

/** `endpoint` is the endpoint's name, `peer` the peer's label. */
export function notConnectedTo(endpoint: string, peer: string): SocketLabError {
  return SocketLabError.of('ENOTCONN', { id: 'notConnectedTo', hintId: 'notRunning', params: { endpoint, peer } })
}

export function dropped(seq: number): SocketLabError {
  return SocketLabError.of('EDROPPED', { id: 'chunkDropped', params: { seq } })
}

export function captureOff(): SocketLabError {
  return SocketLabError.of('EDROPPED', { id: 'captureOff' })
}

export function datagramTooLarge(size: number, family: 4 | 6): SocketLabError {
  const max = family === 6 ? UDP_MAX_PAYLOAD_V6 : UDP_MAX_PAYLOAD_V4
  return SocketLabError.of('EMSGSIZE', { id: 'datagramTooLarge', params: { size, max, family } })
}

function mib(n: number): string {
  return n >= 1024 * 1024 ? `${+(n / (1024 * 1024)).toFixed(1)} MiB` : `${+(n / 1024).toFixed(1)} KiB`
}

/** A stream peer's queue has no room for a send: the peer does not read what we write. */
export function peerNotReading(peer: string, pending: number, limit: number): SocketLabError {
  return SocketLabError.of('EAGAIN', { id: 'peerNotReading', params: { peer, pending, limit: mib(limit) } })
}

/** A UDP socket's datagrams in flight fill its queue: the OS takes them more slowly than they come. */
export function socketNotSending(endpoint: string, pending: number, limit: number): SocketLabError {
  return SocketLabError.of('EAGAIN', { id: 'socketNotSending', params: { endpoint, pending, limit: mib(limit) } })
}

/** A write made after the peer's FIN left, and the peer, which had closed its socket, reset the connection. */
export function resetAfterPeerEnd(peer: string): AppError {
  return catalogError('ECONNRESET', { id: 'resetAfterPeerEnd', hintId: 'afterPeerEnd', params: { peer } })
}

/** A send the OS refused at once because the peer, which had sent FIN, closed its socket and reset the connection. */
export function sendAfterPeerClosed(peer: string, code: string): AppError {
  return catalogError(code, { id: 'sendAfterPeerClosed', hintId: 'afterPeerEnd', params: { peer, code } })
}

/** The connection ended in a reset after the peer's FIN: the peer had closed its socket, and what we sent since met it. */
export function closedAfterPeerEnd(peer: string, code: string, detail: string): AppError {
  return catalogError(code, { id: 'closedAfterPeerEnd', hintId: 'afterPeerEnd', params: { peer, detail } })
}

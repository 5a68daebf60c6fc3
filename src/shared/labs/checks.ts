// A step's check, run over the engine's events one at a time. Each check keeps only what it needs
// (a count, the peers open now, the sender's recent writes), so following a lab costs the same per
// event however long it runs, and a check that held once stays held.
import type { EngineEvent, PeerInfo } from '../api'
import type { DataFilter, StepCheck } from './types'

/** Which engine endpoint plays each role of the lab, as far as they exist yet. */
export type RoleLookup = (role: string) => string | undefined

/**
 * What every check of a lab may ask about the events before it started counting (a check inside a
 * sequence starts late): where each endpoint was first bound. Sees every event before the checks.
 */
export class LabContext {
  private readonly firstPorts = new Map<string, number>()

  constructor(readonly id: RoleLookup) {}

  observe(ev: EngineEvent): void {
    if (ev.type !== 'endpoint' || ev.endpoint.state !== 'listening' || this.firstPorts.has(ev.endpoint.id)) return
    const port = portOfAddress(ev.endpoint.local)
    if (port !== undefined) this.firstPorts.set(ev.endpoint.id, port)
  }

  /** The port the endpoint first listened on (or was first bound to). */
  firstPort(endpointId: string): number | undefined {
    return this.firstPorts.get(endpointId)
  }
}

export interface Matcher {
  /** Takes the next event; true once the check holds (and from then on). */
  feed(ev: EngineEvent): boolean
}

const utf8 = new TextDecoder()

/** The writes remembered per sending connection, enough to tell what one read held. */
const MAX_WRITES_KEPT = 4096

function peerOf(ev: EngineEvent): PeerInfo | undefined {
  return ev.type === 'peer-open' || ev.type === 'peer-state' || ev.type === 'peer-close' ? ev.peer : undefined
}

function matchesText(filter: { text?: string; contains?: string; pattern?: string }, preview: Uint8Array, regex: RegExp | undefined): boolean {
  if (filter.text === undefined && filter.contains === undefined && regex === undefined) return true
  const text = utf8.decode(preview)
  if (filter.text !== undefined && text !== filter.text) return false
  if (filter.contains !== undefined && !text.includes(filter.contains)) return false
  return regex === undefined || regex.test(text)
}

function dataMatcher(check: DataFilter & { count?: number }, id: RoleLookup): Matcher {
  const regex = check.pattern === undefined ? undefined : new RegExp(check.pattern)
  const want = check.count ?? 1
  let seen = 0
  return {
    feed(ev) {
      if (ev.type !== 'data' || ev.endpointId !== id(check.role) || ev.dir !== check.dir) return seen >= want
      if (check.minLength !== undefined && ev.length < check.minLength) return seen >= want
      if (check.maxLength !== undefined && ev.length > check.maxLength) return seen >= want
      if (matchesText(check, ev.preview, regex)) seen++
      return seen >= want
    }
  }
}

function portOfAddress(a: unknown): number | undefined {
  return typeof a === 'object' && a !== null && 'port' in a && typeof a.port === 'number' ? a.port : undefined
}

/**
 * Sticky packets: a read of `role` that held several messages. When the sender is a lab endpoint
 * (`from`), its writes are known by their place in the stream (a client's local port is the
 * server peer's remote port; both count stream offsets from 0), so the read is measured against
 * them and other senders do not count; from a program outside, only the read's length can tell.
 */
function readHeldMatcher(check: Extract<StepCheck, { kind: 'read-held' }>, id: RoleLookup): Matcher {
  let held = false
  let senderPort: number | undefined
  const writesByPort = new Map<number, { start: number; end: number }[]>()
  const remotePorts = new Map<string, number>()
  return {
    feed(ev) {
      if (held) return true
      const from = check.from === undefined ? undefined : id(check.from)
      if (ev.type === 'endpoint' && from !== undefined && ev.endpoint.id === from) senderPort = portOfAddress(ev.endpoint.local)
      const peer = peerOf(ev)
      if (peer && peer.endpointId === id(check.role)) {
        const port = portOfAddress(peer.remote)
        if (port !== undefined) remotePorts.set(peer.id, port)
      }
      if (ev.type !== 'data') return false
      if (from !== undefined && ev.endpointId === from && ev.dir === 'out' && senderPort !== undefined) {
        let writes = writesByPort.get(senderPort)
        if (!writes) writesByPort.set(senderPort, (writes = []))
        writes.push({ start: ev.offset, end: ev.offset + ev.length })
        if (writes.length > MAX_WRITES_KEPT) writes.splice(0, writes.length - MAX_WRITES_KEPT)
        return false
      }
      if (ev.endpointId !== id(check.role) || ev.dir !== 'in' || ev.length === 0) return false
      if (check.from === undefined) return (held = ev.length >= check.count * check.messageLength)
      const port = remotePorts.get(ev.peerId)
      const writes = port === undefined ? undefined : writesByPort.get(port)
      if (!writes) return false
      const end = ev.offset + ev.length
      return (held = writes.filter((w) => w.start < end && w.end > ev.offset).length >= check.count)
    }
  }
}

function peerMatcher(check: StepCheck, id: RoleLookup): Matcher | undefined {
  switch (check.kind) {
    case 'connected': {
      const counted = new Set<string>()
      const want = check.count ?? 1
      return {
        feed(ev) {
          const peer = peerOf(ev)
          if (!peer || peer.endpointId !== id(check.role) || ev.type === 'peer-close') return counted.size >= want
          if (check.waiting ? peer.waiting : !(check.served && peer.waiting)) counted.add(peer.id)
          return counted.size >= want
        }
      }
    }
    case 'peer-ended': {
      let ended = false
      return {
        feed(ev) {
          const peer = peerOf(ev)
          if (peer && peer.endpointId === id(check.role)) {
            if ((ev.type === 'peer-state' && peer.state === 'peer-ended') || (ev.type === 'peer-close' && ev.reason === 'fin-peer')) ended = true
          }
          return ended
        }
      }
    }
    case 'closed': {
      let closed = false
      return {
        feed(ev) {
          if (ev.type === 'peer-close' && ev.peer.endpointId === id(check.role) && (!check.reasons || check.reasons.includes(ev.reason))) closed = true
          return closed
        }
      }
    }
    case 'waited': {
      const waiting = new Set<string>()
      let served = false
      return {
        feed(ev) {
          const peer = peerOf(ev)
          if (!peer || peer.endpointId !== id(check.role)) return served
          if (peer.waiting && ev.type !== 'peer-close') waiting.add(peer.id)
          else if (ev.type === 'peer-state' && waiting.has(peer.id) && peer.state !== 'closed') served = true
          if (ev.type === 'peer-close') waiting.delete(peer.id)
          return served
        }
      }
    }
    case 'concurrent': {
      const open = new Set<string>()
      let reached = false
      return {
        feed(ev) {
          const peer = peerOf(ev)
          if (peer && peer.endpointId === id(check.role)) {
            if (ev.type === 'peer-close' || peer.waiting) open.delete(peer.id)
            else open.add(peer.id)
            if (open.size >= check.count) reached = true
          }
          return reached
        }
      }
    }
    default:
      return undefined
  }
}

export function createMatcher(check: StepCheck, ctx: LabContext): Matcher {
  const id = ctx.id
  switch (check.kind) {
    case 'connected':
    case 'peer-ended':
    case 'closed':
    case 'waited':
    case 'concurrent':
      return peerMatcher(check, id)!
    case 'data':
      return dataMatcher(check, id)
    case 'bytes': {
      let total = 0
      return {
        feed(ev) {
          if (ev.type === 'data' && ev.endpointId === id(check.role) && ev.dir === check.dir) total += ev.length
          return total >= check.bytes
        }
      }
    }
    case 'frame': {
      let seen = 0
      const want = check.count ?? 1
      return {
        feed(ev) {
          if (ev.type === 'frame' && ev.endpointId === id(check.role) && ev.dir === check.dir && ev.length >= (check.minLength ?? 0)) {
            if (check.contains === undefined || utf8.decode(ev.preview).includes(check.contains)) seen++
          }
          return seen >= want
        }
      }
    }
    case 'error': {
      let met = false
      const mine = (endpointId: string | undefined): boolean => check.role === undefined || endpointId === id(check.role)
      return {
        feed(ev) {
          if (ev.type === 'error' && mine(ev.endpointId) && check.codes.includes(ev.error.code)) met = true
          if (ev.type === 'peer-close' && ev.error && mine(ev.peer.endpointId) && check.codes.includes(ev.error.code)) met = true
          if (ev.type === 'endpoint' && ev.endpoint.error && mine(ev.endpoint.id) && check.codes.includes(ev.endpoint.error.code)) met = true
          return met
        }
      }
    }
    case 'state': {
      let reached = false
      return {
        feed(ev) {
          if (ev.type !== 'endpoint' || ev.endpoint.id !== id(check.role) || ev.endpoint.state !== check.state) return reached
          const port = portOfAddress(ev.endpoint.local)
          if (!check.samePort || (port !== undefined && port === ctx.firstPort(ev.endpoint.id))) reached = true
          return reached
        }
      }
    }
    case 'read-held':
      return readHeldMatcher(check, id)
    case 'note': {
      let seen = false
      return {
        feed(ev) {
          if (ev.type === 'responder-note' && ev.endpointId === id(check.role) && ev.note.kind === check.note) {
            const fields = ev.note as unknown as Record<string, unknown>
            if (Object.entries(check.fields ?? {}).every(([k, v]) => fields[k] === v)) seen = true
          }
          return seen
        }
      }
    }
    case 'all': {
      const parts = check.checks.map((c) => createMatcher(c, ctx))
      const held = parts.map(() => false)
      return {
        feed(ev) {
          parts.forEach((m, i) => (held[i] = m.feed(ev) || held[i]!))
          return held.every(Boolean)
        }
      }
    }
    case 'any': {
      const parts = check.checks.map((c) => createMatcher(c, ctx))
      let held = false
      return {
        feed(ev) {
          for (const m of parts) if (m.feed(ev)) held = true
          return held
        }
      }
    }
    case 'sequence': {
      let at = 0
      let current = check.checks.length > 0 ? createMatcher(check.checks[0]!, ctx) : undefined
      return {
        feed(ev) {
          if (!current) return true
          if (current.feed(ev)) {
            at++
            current = at < check.checks.length ? createMatcher(check.checks[at]!, ctx) : undefined
          }
          return current === undefined
        }
      }
    }
  }
}

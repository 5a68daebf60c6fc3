// Builds engine events as the engine sends them, for checking labs without sockets.
import type { ResponderNote } from '../../../src/shared/responders'
import type { CloseReason, Direction, EndpointInfo, EndpointState, EngineEvent, PeerInfo, PeerState } from '../../../src/shared/api'

const counters = { bytesIn: 0, bytesOut: 0, chunksIn: 0, chunksOut: 0 }

export class EventScript {
  readonly events: EngineEvent[] = []
  private seq = 0
  private offsets = new Map<string, number>()
  private time = 1_000

  private peer(endpointId: string, id: string, state: PeerState, opts: { port?: number; waiting?: boolean } = {}): PeerInfo {
    return { id, endpointId, remote: { address: '127.0.0.1', port: opts.port ?? 50_000, family: 'IPv4' }, since: this.time, state, counters, ...(opts.waiting ? { waiting: true } : {}) }
  }

  endpoint(id: string, state: EndpointState, opts: { kind?: EndpointInfo['kind']; localPort?: number; error?: string } = {}): this {
    const kind = opts.kind ?? 'tcp-server'
    const info: EndpointInfo = {
      id,
      name: id,
      kind,
      config: { kind: 'tcp-server', host: '127.0.0.1', port: 0 },
      state,
      counters,
      peerCount: 0,
      captureDroppedBytes: 0,
      ...(opts.localPort !== undefined ? { local: { address: '127.0.0.1', port: opts.localPort, family: 'IPv4' as const } } : {}),
      ...(opts.error ? { error: { code: opts.error, message: opts.error, hint: '' } } : {})
    }
    this.events.push({ type: 'endpoint', endpoint: info })
    return this
  }

  open(endpointId: string, peerId: string, opts: { port?: number; waiting?: boolean } = {}): this {
    this.events.push({ type: 'peer-open', peer: this.peer(endpointId, peerId, 'open', opts) })
    return this
  }

  /** A waiting peer taken up, or a half close ('peer-ended', 'we-ended'). */
  state(endpointId: string, peerId: string, state: PeerState, port?: number): this {
    this.events.push({ type: 'peer-state', peer: this.peer(endpointId, peerId, state, port === undefined ? {} : { port }), time: this.time++ })
    return this
  }

  close(endpointId: string, peerId: string, reason: CloseReason, errorCode?: string): this {
    const ev: EngineEvent = { type: 'peer-close', peer: this.peer(endpointId, peerId, 'closed'), reason, time: this.time++ }
    if (errorCode) ev.error = { code: errorCode, message: errorCode, hint: '' }
    this.events.push(ev)
    return this
  }

  data(endpointId: string, peerId: string, dir: Direction, payload: string | number): this {
    const bytes = typeof payload === 'number' ? new Uint8Array(payload).fill(120) : new TextEncoder().encode(payload)
    const key = `${endpointId}/${peerId}/${dir}`
    const offset = this.offsets.get(key) ?? 0
    this.offsets.set(key, offset + bytes.length)
    this.events.push({ type: 'data', endpointId, peerId, dir, seq: this.seq++, offset, time: this.time++, length: bytes.length, preview: bytes.slice(0, 4096) })
    return this
  }

  frame(endpointId: string, peerId: string, dir: Direction, payload: string): this {
    const bytes = new TextEncoder().encode(payload)
    this.events.push({ type: 'frame', endpointId, peerId, dir, seq: this.seq, offset: 0, length: 4 + bytes.length, headerLength: 4, payloadLength: bytes.length, time: this.time++, preview: bytes })
    return this
  }

  error(endpointId: string, code: string): this {
    this.events.push({ type: 'error', endpointId, error: { code, message: code, hint: '' }, time: this.time++ })
    return this
  }

  /** A responder's note, as the engine reports it. */
  note(endpointId: string, peerId: string, note: ResponderNote): this {
    this.events.push({ type: 'responder-note', endpointId, peerId, note, time: this.time++ })
    return this
  }
}

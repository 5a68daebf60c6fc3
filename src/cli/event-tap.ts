// Follows one endpoint for the CLI. Chunks come whole and at once from the engine's chunk tap (so
// nothing depends on the capture and nothing is truncated); connects, closes and errors come from
// the event stream. Frames are decoded here with the endpoint's framing, from the whole chunks.
import type { ChunkBytes, EngineEvent, PeerInfo } from '../shared/api'
import { noteText } from '../shared/responders/note-text'
import { createFramer, type Frame, type FrameDecoder } from '../shared/codec'
import { formatHostPort } from '../shared/address'
import { toAppError } from '../shared/errors'
import type { Engine } from '../main/engine/types'
import { PEER_ENDED_TEXT, type Printer } from './printer'
import { describeClientSession } from './tls-options'

export interface TapOptions {
  engine: Engine
  endpointId: string
  printer: Printer
  /** Framing spec to print frames with; raw prints chunks. */
  framing?: string
  /** Print what we send too (listen shows its replies; send does not echo its own payload). */
  showOutgoing: boolean
  onPeerOpen?(peer: PeerInfo): void
  onPeerClose?(peer: PeerInfo): void
  /** A peer ended its side (FIN) and keeps the connection half open. */
  onPeerEnded?(peer: PeerInfo): void
  onActivity?(): void
  /** Bytes came in from a peer (a reply, for `send`). */
  onReceived?(): void
}

export interface Tap {
  /** Print every event still waiting in the pump. */
  drain(): void
  close(): void
}

export function peerLabel(peer: PeerInfo): string {
  const r = peer.remote
  return 'path' in r ? r.path : formatHostPort(r.address, r.port)
}

export function tapEndpoint(options: TapOptions): Tap {
  const { engine, endpointId, printer } = options
  const labels = new Map<string, string>()
  const decoders = new Map<string, FrameDecoder>()
  const framed = options.framing !== undefined && options.framing !== 'raw'
  const label = (peerId: string): string => labels.get(peerId) ?? peerId
  let dropsTold = engine.get(endpointId).kernelDrops ?? 0
  // UDP connects nobody: a client's peer is where its datagrams go, a server's peers are senders.
  const config = engine.get(endpointId).config
  const peerWord: 'connect' | 'sending-to' | 'sender' = config.kind !== 'udp' ? 'connect' : config.connect ? 'sending-to' : 'sender'

  // A chunk can come before the event stream has told of its peer: announce the peer on first sight.
  const announce = (peer: PeerInfo): void => {
    if (labels.has(peer.id)) return
    labels.set(peer.id, peerLabel(peer))
    printer.print({ event: peerWord, endpoint: endpointId, peer: label(peer.id), ...(peer.waiting ? { waiting: true } : {}) })
    if (peer.tls) for (const line of describeClientSession(peer.tls)) printer.print({ event: 'tls', endpoint: endpointId, peer: label(peer.id), message: line, extra: { tls: peer.tls } })
    options.onPeerOpen?.(peer)
  }
  const announceById = (peerId: string): void => {
    if (labels.has(peerId)) return
    const peer = engine.peers(endpointId).find((p) => p.id === peerId)
    if (peer) announce(peer)
  }

  const decoderFor = (peerId: string): FrameDecoder => {
    let d = decoders.get(peerId)
    if (!d) {
      d = createFramer(options.framing!).createDecoder()
      decoders.set(peerId, d)
    }
    return d
  }

  const printFrame = (peerId: string, frame: Frame): void => {
    if (frame.incomplete) {
      printer.print({ event: 'notice', peer: label(peerId), message: `note: the connection closed in the middle of a frame; the ${frame.length} bytes received of it follow` })
      printer.print({ event: 'data', endpoint: endpointId, peer: label(peerId), dir: 'in', bytes: frame.payload })
      return
    }
    printer.print({
      event: 'frame',
      endpoint: endpointId,
      peer: label(peerId),
      dir: 'in',
      bytes: frame.payload,
      headerLength: frame.headerLength,
      ...(frame.meta ? { meta: frame.meta } : {})
    })
  }

  const onChunk = ({ peerId, dir, bytes }: ChunkBytes): void => {
    if (dir === 'out' && !options.showOutgoing) return
    announceById(peerId)
    options.onActivity?.()
    if (dir === 'in') options.onReceived?.()
    if (!framed || dir === 'out') {
      printer.print({ event: 'data', endpoint: endpointId, peer: label(peerId), dir, bytes })
      return
    }
    try {
      for (const frame of decoderFor(peerId).push(bytes)) printFrame(peerId, frame)
    } catch (err) {
      // Bytes that do not follow the framing are still shown, as they came, after the error.
      decoders.delete(peerId)
      printer.print({ event: 'error', endpoint: endpointId, peer: label(peerId), error: toAppError(err) })
      printer.print({ event: 'data', endpoint: endpointId, peer: label(peerId), dir, bytes })
    }
  }

  const onEvent = (ev: EngineEvent): void => {
    switch (ev.type) {
      case 'endpoint': {
        // UDP: the OS's count of datagrams it dropped for a full receive buffer grew.
        const drops = ev.endpoint.id === endpointId ? ev.endpoint.kernelDrops : undefined
        if (drops === undefined || drops <= dropsTold) return
        dropsTold = drops
        const size = ev.endpoint.recvBufferSize
        const buffer = size === undefined ? 'its receive buffer' : `its receive buffer (${size.toLocaleString('en-US')} bytes)`
        const count = `${drops.toLocaleString('en-US')} datagram${drops === 1 ? '' : 's'}`
        printer.print({ event: 'notice', endpoint: endpointId, message: `note: the OS dropped ${count} for this socket so far, most likely because ${buffer} was full: they came faster than they were read (listen udp --recv-buffer asks for a bigger one)`, extra: { kernelDrops: drops } })
        return
      }
      case 'peer-open':
        if (ev.peer.endpointId === endpointId) announce(ev.peer)
        return
      case 'peer-state':
        if (ev.peer.endpointId !== endpointId) return
        if (ev.peer.state === 'peer-ended') {
          printer.print({ event: 'peer-ended', endpoint: endpointId, peer: label(ev.peer.id), message: PEER_ENDED_TEXT })
          options.onPeerEnded?.(ev.peer)
        } else if (ev.peer.state === 'open' && !ev.peer.waiting) {
          printer.print({ event: 'served', endpoint: endpointId, peer: label(ev.peer.id) })
        }
        return
      case 'peer-close':
        if (ev.peer.endpointId !== endpointId) return
        for (const frame of decoders.get(ev.peer.id)?.end() ?? []) printFrame(ev.peer.id, frame)
        decoders.delete(ev.peer.id)
        printer.print({ event: 'close', endpoint: endpointId, peer: label(ev.peer.id), reason: ev.reason, ...(ev.error ? { error: ev.error } : {}) })
        options.onPeerClose?.(ev.peer)
        return
      case 'responder-note':
        if (ev.endpointId !== endpointId) return
        printer.print({ event: 'notice', endpoint: endpointId, peer: label(ev.peerId), message: ev.note.kind === 'error' ? `${noteText(ev.note)}\n    hint: ${ev.note.error.hint}` : noteText(ev.note), extra: { note: ev.note } })
        return
      case 'error':
        if (ev.endpointId !== endpointId) return
        printer.print({ event: 'error', endpoint: endpointId, ...(ev.peerId ? { peer: label(ev.peerId) } : {}), error: ev.error })
        return
      default:
        return
    }
  }

  const untap = engine.tapChunks(endpointId, onChunk)
  const subscription = engine.subscribe({
    autoAck: true,
    dataEvents: false,
    isOpen: () => true,
    deliver: (batch) => {
      for (const ev of batch.events) onEvent(ev)
      if (batch.events.length > 0) options.onActivity?.()
    }
  })
  return {
    drain: () => subscription.drain(),
    close() {
      untap()
      subscription.close()
    }
  }
}

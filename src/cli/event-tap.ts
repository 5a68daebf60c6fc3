// Follows one endpoint's events for the CLI: reads each received chunk whole from the capture (the
// events carry only a preview), decodes frames with the endpoint's framing, and hands everything to
// the printer and to the command's own callbacks.
import type { DataEvent, EngineEvent, PeerInfo } from '../shared/api'
import { createFramer, type Frame, type FrameDecoder } from '../shared/codec'
import { formatHostPort } from '../shared/address'
import { toAppError } from '../shared/errors'
import type { Engine, EventSubscription } from '../main/engine/types'
import type { Printer } from './printer'

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
}

export function peerLabel(peer: PeerInfo): string {
  const r = peer.remote
  return 'path' in r ? r.path : formatHostPort(r.address, r.port)
}

export function tapEndpoint(options: TapOptions): EventSubscription {
  const { engine, endpointId, printer } = options
  const labels = new Map<string, string>()
  const decoders = new Map<string, FrameDecoder>()
  const framed = options.framing !== undefined && options.framing !== 'raw'
  const label = (peerId: string): string => labels.get(peerId) ?? peerId

  const decoderFor = (peerId: string): FrameDecoder => {
    let d = decoders.get(peerId)
    if (!d) {
      d = createFramer(options.framing!).createDecoder()
      decoders.set(peerId, d)
    }
    return d
  }

  const onData = (peerId: string, dir: 'in' | 'out', seq: number, preview: Uint8Array, length: number): void => {
    if (dir === 'out' && !options.showOutgoing) return
    let bytes: Uint8Array
    try {
      bytes = engine.readChunk(endpointId, seq).bytes
    } catch {
      // Only a flood beyond the capture limit drops a chunk before we read it; say so.
      printer.print({ event: 'notice', peer: label(peerId), message: `note: ${length - preview.byteLength} bytes of chunk ${seq} were dropped from the capture before they could be printed` })
      bytes = preview
      decoders.delete(peerId)
    }
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

  const printFrame = (peerId: string, frame: Frame): void => {
    if (frame.incomplete) {
      printer.print({ event: 'notice', peer: label(peerId), message: `note: the connection closed in the middle of a frame; the ${frame.length} bytes received of it follow` })
      printer.print({ event: 'data', endpoint: endpointId, peer: label(peerId), dir: 'in', bytes: frame.payload })
      return
    }
    printer.print({ event: 'frame', endpoint: endpointId, peer: label(peerId), dir: 'in', bytes: frame.payload, ...(frame.meta ? { meta: frame.meta } : {}) })
  }

  const onEvent = (ev: EngineEvent): void => {
    switch (ev.type) {
      case 'peer-open':
        if (ev.peer.endpointId !== endpointId) return
        labels.set(ev.peer.id, peerLabel(ev.peer))
        printer.print({ event: 'connect', endpoint: endpointId, peer: label(ev.peer.id) })
        options.onPeerOpen?.(ev.peer)
        return
      case 'peer-close':
        if (ev.peer.endpointId !== endpointId) return
        for (const frame of decoders.get(ev.peer.id)?.end() ?? []) printFrame(ev.peer.id, frame)
        decoders.delete(ev.peer.id)
        printer.print({ event: 'close', endpoint: endpointId, peer: label(ev.peer.id), reason: ev.reason, ...(ev.error ? { error: ev.error } : {}) })
        options.onPeerClose?.(ev.peer)
        return
      case 'peer-state':
        if (ev.peer.endpointId === endpointId && ev.peer.state === 'peer-ended') options.onPeerEnded?.(ev.peer)
        return
      case 'data': {
        if (ev.endpointId !== endpointId) return
        const d: DataEvent = ev
        onData(d.peerId, d.dir, d.seq, d.preview, d.length)
        return
      }
      case 'coalesced': {
        if (ev.endpointId !== endpointId) return
        // The pump folded these events; the capture still has their bytes, in order.
        let from = ev.fromSeq
        while (from <= ev.toSeq) {
          const page = engine.readCapture(endpointId, from, 10_000)
          for (const r of page.records) {
            if (r.seq > ev.toSeq) break
            if (r.type === 'data') onData(r.peerId, r.dir, r.seq, new Uint8Array(0), r.length)
          }
          if (page.nextSeq <= from) break
          from = page.nextSeq
        }
        return
      }
      case 'error':
        if (ev.endpointId !== endpointId) return
        printer.print({ event: 'error', endpoint: endpointId, ...(ev.peerId ? { peer: label(ev.peerId) } : {}), error: ev.error })
        return
      default:
        return
    }
  }

  return engine.subscribe({
    autoAck: true,
    isOpen: () => true,
    deliver: (batch) => {
      for (const ev of batch.events) onEvent(ev)
      if (batch.events.length > 0) options.onActivity?.()
    }
  })
}

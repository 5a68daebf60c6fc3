// What keeping decoded frames for a later window costs: a flood of small len:2 frames decoded into
// one endpoint's capture, with frames kept and with frames not kept, in this process (no sockets:
// only the decoding and the keeping differ).
import { CaptureBudget, CaptureStore } from '../../src/main/engine/capture'
import { createFraming, decodeFrames, type FrameHost } from '../../src/main/engine/framing'
import { Peer } from '../../src/main/engine/peer'

const FRAME = 64

/** Milliseconds to decode `frames` frames of FRAME bytes, one per chunk, into a fresh capture. */
export function decodeIntoCapture(frames: number, keep: boolean): number {
  const store = new CaptureStore(new CaptureBudget({ capture: true, captureLimitBytes: 256 * 1024 * 1024 }))
  const peer = new Peer('p1', 'e1', { address: '127.0.0.1', port: 1, family: 'IPv4' })
  peer.decoder = createFraming('len:2')!.createDecoder()
  const host: FrameHost = {
    id: 'e1',
    wantsEvents: () => false,
    emitFrame: () => {},
    keepsFrames: () => keep,
    keepFrame: (ev, payload) => store.noteFrame(ev, payload),
    answerFrame: () => {},
    frameError: () => {}
  }
  const chunk = new Uint8Array(2 + FRAME)
  chunk[1] = FRAME
  const t0 = performance.now()
  for (let i = 0; i < frames; i++) {
    const seq = store.append('p1', 'in', i * chunk.length, 0, chunk)
    decodeFrames(peer, chunk, seq, 0, host)
  }
  return performance.now() - t0
}

import { act, cleanup, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CapturePage, CaptureRecord, EndpointState, EngineEvent, PeerEvent, PeerInfo, Result, SocketLabApi } from '../../src/shared/api'
import { Timeline } from '../../src/renderer/src/components/timeline/Timeline'
import { KIND, type TimelineLog } from '../../src/renderer/src/store/timeline/timeline-log'
import { getLog, setTimelineApi } from '../../src/renderer/src/store/timeline/timeline-store'
import { bytes, endpoint, fakeApi, feed, giveElementsSize, ok, renderWithApi, resetStores } from './helpers'

// The engine saw seqs 0..8: 0 and 1 left the capture (10 bytes), 2..8 are held, 7 and 8 came after the reload.
const counters = { bytesIn: 30, bytesOut: 10, chunksIn: 7, chunksOut: 2 }
const rec = (seq: number, dir: 'in' | 'out' = 'in'): CaptureRecord => ({ type: 'data', seq, peerId: 'p1', dir, offset: seq * 4, time: 1000 + seq, length: seq === 3 ? 6 : 4 })
const pages: Record<number, CapturePage> = {
  0: { records: [{ type: 'dropped', seq: 0, bytes: 10, chunks: 2 }, rec(2), rec(3, 'out'), rec(4)], nextSeq: 5, firstSeq: 2, droppedBytes: 10 },
  5: { records: [rec(5), rec(6)], nextSeq: 7, firstSeq: 2, droppedBytes: 10 },
  7: { records: [], nextSeq: 7, firstSeq: 2, droppedBytes: 10 }
}
const live = (seq: number): EngineEvent => ({ type: 'data', endpointId: 'ep1', peerId: 'p1', dir: 'in', seq, offset: seq * 4, time: 2000 + seq, length: 4, preview: bytes(`L${seq}..`) })

const peer = (id: string, state: PeerInfo['state'] = 'open'): PeerInfo => ({
  id,
  endpointId: 'ep1',
  remote: { address: '127.0.0.1', port: id === 'p1' ? 5001 : 5002, family: 'IPv4' },
  since: 500,
  state,
  counters: { bytesIn: 0, bytesOut: 0, chunksIn: 0, chunksOut: 0 }
})
const open = (id: string): PeerEvent => ({ type: 'peer-open', peer: peer(id) })
const close = (id: string): PeerEvent => ({ type: 'peer-close', peer: peer(id, 'closed'), reason: 'fin-peer', time: 900 })
const data = (seq: number, peerId: string): CaptureRecord => ({ type: 'data', seq, peerId, dir: 'in', offset: 0, time: 600 + seq, length: 4 })
const peerIdsOf = (log: TimelineLog): string[] => [...Array(log.end - log.first).keys()].map((i) => log.row(log.first + i).peerId)

/** A capture whose pages answer when the test says, so live batches can land between them. */
function captureApi(source = pages): { api: SocketLabApi; asked: number[]; release: (fromSeq: number) => void } {
  const asked: number[] = []
  const waiting = new Map<number, () => void>()
  const api = fakeApi({
    readCapture: ({ fromSeq }: { fromSeq: number }): Promise<Result<CapturePage>> => {
      asked.push(fromSeq)
      return new Promise((resolve) => waiting.set(fromSeq, () => resolve({ ok: true, value: source[fromSeq]! })))
    },
    readChunk: ({ seq }: { seq: number }) => ok({ seq, peerId: 'p1', dir: 'in', offset: 0, time: 0, bytes: bytes(`C${seq}..`) })
  })
  return { api, asked, release: (fromSeq) => waiting.get(fromSeq)?.() }
}

function rowsOf(log: TimelineLog): { kind: number; seq: number; length: number }[] {
  const out = []
  for (let i = log.first; i < log.end; i++) {
    const r = log.row(i)
    out.push({ kind: r.kind, seq: r.seq, length: r.length })
  }
  return out
}

const dataSeqs = (log: TimelineLog): number[] => rowsOf(log).filter((r) => r.kind === KIND.data).map((r) => r.seq)
const settle = (): Promise<void> => act(() => new Promise<void>((r) => setTimeout(r, 0)))

describe('timeline refill after a reload', () => {
  beforeEach(() => {
    resetStores()
    giveElementsSize(400)
  })
  afterEach(() => {
    setTimelineApi(undefined)
    cleanup()
  })

  it('reads the capture page by page, holds live batches meanwhile, and shows each chunk once', async () => {
    const { api, asked, release } = captureApi()
    setTimelineApi(api)
    feed({ events: [{ type: 'endpoint', endpoint: endpoint({ counters: { bytesIn: 28, bytesOut: 6, chunksIn: 5, chunksOut: 1 } }) }], counters: {} })
    release(0)
    await settle()
    expect(asked).toEqual([0, 5])
    // Page two is still on its way: live chunks wait, the last one overlapping what the page holds.
    feed({ events: [live(6), live(7)], counters: {} }, 2)
    expect(dataSeqs(getLog('ep1'))).toEqual([2, 3, 4])
    release(5)
    await settle()
    expect(asked).toEqual([0, 5])
    feed({ events: [live(8)], counters: { ep1: counters } }, 3)

    const log = getLog('ep1')
    const rows = rowsOf(log)
    expect(rows[0]).toEqual({ kind: KIND.dropped, seq: 0, length: 10 })
    expect(dataSeqs(log)).toEqual([2, 3, 4, 5, 6, 7, 8])
    // Seq 6 is the live copy (the capture was read only up to where the live stream began): it has its preview.
    expect(new TextDecoder().decode(log.preview(rows.findIndex((r) => r.seq === 6) + log.first))).toBe('L6..')
    expect(log.chunkCount).toBe(counters.chunksIn + counters.chunksOut - 2)
    expect(log.counts.bytesIn + log.counts.bytesOut).toBe(counters.bytesIn + counters.bytesOut - 10)
  })

  it('skips live chunks the finished refill already showed, and fetches previews only for rows shown', async () => {
    const { api, release } = captureApi()
    const chunkReads: number[] = []
    const readChunk = api.readChunk
    const counting = fakeApi({
      readCapture: api.readCapture,
      readChunk: (req: { endpointId: string; seq: number }) => {
        chunkReads.push(req.seq)
        return readChunk(req)
      }
    })
    setTimelineApi(counting)
    feed({ events: [{ type: 'endpoint', endpoint: endpoint({ counters: { bytesIn: 32, bytesOut: 6, chunksIn: 6, chunksOut: 1 } }) }], counters: {} })
    release(0)
    await settle()
    release(5)
    await settle()
    release(7)
    await settle()
    expect(chunkReads).toEqual([])
    feed({ events: [live(5), live(6), live(7), live(8)], counters: { ep1: counters } }, 2)

    const log = getLog('ep1')
    expect(dataSeqs(log)).toEqual([2, 3, 4, 5, 6, 7, 8])
    expect(log.chunkCount).toBe(counters.chunksIn + counters.chunksOut - 2)

    renderWithApi(<Timeline endpointId="ep1" />, counting)
    await waitFor(() => expect(screen.getAllByTestId('timeline-row')[1]!.textContent).toContain('C2..'))
    const rows = screen.getAllByTestId('timeline-row')
    expect(rows[0]!.getAttribute('data-kind')).toBe('dropped')
    expect(rows[0]!.textContent).toMatch(/10 B dropped \(2 chunks\)/)
    expect(rows.map((r) => r.textContent).filter((t) => t?.includes('L6..'))).toEqual([])
    expect(chunkReads.sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6])
  })

  it('refills who came and went, in order with the chunks, and shows a peer event seen both ways once', async () => {
    // p1 came, sent two chunks and left before the reload; p2 came after it, so the window saw it live too.
    const history: Record<number, CapturePage> = {
      0: { records: [{ type: 'peer', seq: 0, event: open('p1') }, data(0, 'p1'), data(1, 'p1')], nextSeq: 2, firstSeq: 0, droppedBytes: 0 },
      2: { records: [{ type: 'peer', seq: 2, event: close('p1') }, { type: 'peer', seq: 2, event: open('p2') }, data(2, 'p2')], nextSeq: 3, firstSeq: 0, droppedBytes: 0 }
    }
    const { api, asked, release } = captureApi(history)
    setTimelineApi(api)
    feed({ events: [{ type: 'endpoint', endpoint: endpoint({ counters: { bytesIn: 12, bytesOut: 0, chunksIn: 3, chunksOut: 0 }, peerCount: 1 }) }], counters: {} })
    feed({ events: [open('p2'), { ...(live(2) as EngineEvent & { type: 'data' }), peerId: 'p2' }], counters: {} }, 2)
    release(0)
    await settle()
    release(2)
    await settle()
    expect(asked).toEqual([0, 2])

    const log = getLog('ep1')
    const kinds = rowsOf(log).map((r) => r.kind)
    expect(kinds).toEqual([KIND.open, KIND.data, KIND.data, KIND.close, KIND.open, KIND.data])
    expect(peerIdsOf(log)).toEqual(['p1', 'p1', 'p1', 'p1', 'p2', 'p2'])
    // The close row keeps when the peer left, not when the window learned of it.
    expect(log.row(log.first + 3).time).toBe(900)
  })

  it('shows a peer event once when its live copy comes after the capture already gave it', async () => {
    // p2 came just before the window read the capture; its event reached the window in a later batch.
    const history: Record<number, CapturePage> = {
      0: { records: [{ type: 'peer', seq: 0, event: open('p1') }, data(0, 'p1')], nextSeq: 1, firstSeq: 0, droppedBytes: 0 },
      1: { records: [{ type: 'peer', seq: 1, event: open('p2') }], nextSeq: 1, firstSeq: 0, droppedBytes: 0 }
    }
    const { api, release } = captureApi(history)
    setTimelineApi(api)
    feed({ events: [{ type: 'endpoint', endpoint: endpoint({ counters: { bytesIn: 4, bytesOut: 0, chunksIn: 1, chunksOut: 0 }, peerCount: 2 }) }], counters: {} })
    release(0)
    await settle()
    release(1)
    await settle()
    feed({ events: [open('p2'), close('p2')], counters: {} }, 2)

    const log = getLog('ep1')
    expect(rowsOf(log).map((r) => r.kind)).toEqual([KIND.open, KIND.data, KIND.open, KIND.close])
    expect(peerIdsOf(log)).toEqual(['p1', 'p1', 'p2', 'p2'])
  })

  it('refills a client that is connecting again, and a read that fails lets the live rows through', async () => {
    const history: Record<number, CapturePage> = {
      0: { records: [{ type: 'peer', seq: 0, event: open('p1') }, data(0, 'p1'), { type: 'peer', seq: 1, event: close('p1') }], nextSeq: 1, firstSeq: 0, droppedBytes: 0 },
      1: { records: [], nextSeq: 1, firstSeq: 0, droppedBytes: 0 }
    }
    const { api, asked, release } = captureApi(history)
    setTimelineApi(api)
    const reconnecting = endpoint({ id: 'ep1', state: 'opening', counters: { bytesIn: 4, bytesOut: 0, chunksIn: 1, chunksOut: 0 } })
    feed({ events: [{ type: 'endpoint', endpoint: reconnecting }], counters: {} })
    release(0)
    await settle()
    release(1)
    await settle()
    expect(asked).toEqual([0, 1])
    expect(rowsOf(getLog('ep1')).map((r) => r.kind)).toEqual([KIND.open, KIND.data, KIND.close])

    setTimelineApi(fakeApi({ readCapture: () => Promise.reject(new Error('the bridge went away')) }))
    feed({ events: [{ type: 'endpoint', endpoint: endpoint({ id: 'ep2', counters: { bytesIn: 4, bytesOut: 0, chunksIn: 1, chunksOut: 0 } }) }], counters: {} }, 2)
    feed({ events: [{ ...(live(1) as EngineEvent & { type: 'data' }), endpointId: 'ep2' }], counters: {} }, 3)
    await settle()
    const rows = rowsOf(getLog('ep2'))
    expect(rows.map((r) => r.kind)).toEqual([KIND.error, KIND.data])
  })

  it('refills frames after the chunks that completed them, with the start of their payload, each once', async () => {
    const frameAt = (seq: number, text: string): EngineEvent & { type: 'frame' } => ({
      type: 'frame',
      endpointId: 'ep1',
      peerId: 'p1',
      dir: 'in',
      seq,
      offset: seq * 3,
      length: 3,
      headerLength: 0,
      payloadLength: 2,
      time: 700 + seq,
      preview: bytes(text)
    })
    const history: Record<number, CapturePage> = {
      0: { records: [data(0, 'p1'), { type: 'frame', seq: 0, event: frameAt(0, 'ab') }, data(1, 'p1'), { type: 'frame', seq: 1, event: frameAt(1, 'cd') }], nextSeq: 2, firstSeq: 0, droppedBytes: 0 }
    }
    const { api, release } = captureApi(history)
    setTimelineApi(api)
    feed({ events: [{ type: 'endpoint', endpoint: endpoint({ counters: { bytesIn: 8, bytesOut: 0, chunksIn: 2, chunksOut: 0 } }) }], counters: {} })
    // Chunk 1 and its frame also came live while the capture was being read.
    feed({ events: [live(1), frameAt(1, 'cd')], counters: {} }, 2)
    release(0)
    await settle()
    // A late live copy of a frame the capture gave is not shown again.
    feed({ events: [frameAt(0, 'ab')], counters: {} }, 3)

    const log = getLog('ep1')
    const rows = rowsOf(log)
    expect(rows.map((r) => [r.kind, r.seq])).toEqual([
      [KIND.data, 0],
      [KIND.frame, 0],
      [KIND.data, 1],
      [KIND.frame, 1]
    ])
    const text = (i: number): string => new TextDecoder().decode(log.preview(log.first + i))
    expect([text(1), text(3)]).toEqual(['ab', 'cd'])
    expect(log.counts.frames).toBe(2)
  })

  it('adds no dropped row from the page read where the live stream begins', async () => {
    // Chunks 0..4 come from the capture; 5 on came live. Before the page at 5 is read, the capture
    // let go of 0..6: its dropped marker counts chunks already shown and chunks the live stream has.
    const history: Record<number, CapturePage> = {
      0: { records: [data(0, 'p1'), data(1, 'p1'), data(2, 'p1'), data(3, 'p1'), data(4, 'p1')], nextSeq: 5, firstSeq: 0, droppedBytes: 0 },
      5: { records: [{ type: 'dropped', seq: 5, bytes: 28, chunks: 7 }, data(7, 'p1')], nextSeq: 8, firstSeq: 7, droppedBytes: 28 }
    }
    const { api, asked, release } = captureApi(history)
    setTimelineApi(api)
    feed({ events: [{ type: 'endpoint', endpoint: endpoint({ counters: { bytesIn: 32, bytesOut: 0, chunksIn: 8, chunksOut: 0 } }) }], counters: {} })
    feed({ events: [live(5), live(6), live(7)], counters: {} }, 2)
    release(0)
    await settle()
    release(5)
    await settle()
    expect(asked).toEqual([0, 5])
    expect(rowsOf(getLog('ep1')).map((r) => [r.kind, r.seq])).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((seq) => [KIND.data, seq]))
  })

  it('fetches the preview of a frame row that has none from the capture page of its chunk', async () => {
    const asked: number[] = []
    const api = fakeApi({
      readCapture: ({ fromSeq }: { fromSeq: number }) => {
        asked.push(fromSeq)
        const frameAt = (offset: number, text: string): CaptureRecord => ({
          type: 'frame',
          seq: 4,
          event: { type: 'frame', endpointId: 'ep1', peerId: 'p1', dir: 'in', seq: 4, offset, length: 3, headerLength: 0, payloadLength: 2, time: 1, preview: bytes(text) }
        })
        return ok({ records: [data(4, 'p1'), frameAt(0, 'ab'), frameAt(3, 'cd')], nextSeq: 5, firstSeq: 0, droppedBytes: 0 })
      }
    })
    // A frame row whose preview the window no longer holds: its bytes are only in the capture.
    const bare: EngineEvent = { type: 'frame', endpointId: 'ep1', peerId: 'p1', dir: 'in', seq: 4, offset: 3, length: 3, headerLength: 0, payloadLength: 2, time: 1, preview: new Uint8Array(0) }
    feed({ events: [{ type: 'endpoint', endpoint: endpoint() }, bare], counters: {} })
    renderWithApi(<Timeline endpointId="ep1" />, api)
    await waitFor(() => expect(screen.getAllByTestId('timeline-row').map((r) => r.textContent).join(' ')).toContain('cd'))
    expect(asked).toEqual([4])
    expect(screen.getAllByTestId('timeline-row').map((r) => r.textContent).join(' ')).not.toContain('ab')
  })

  it('refills the state changes of the endpoint, and shows those the live stream repeats once', async () => {
    const state = (seq: number, st: EndpointState): CaptureRecord => ({ type: 'state', seq, state: st, time: 100 + seq })
    // The window first saw the server listening; it then closed, which the capture has and the live stream repeats.
    const history: Record<number, CapturePage> = {
      0: { records: [state(0, 'opening'), state(0, 'listening'), data(0, 'p1'), state(1, 'closing'), state(1, 'closed')], nextSeq: 1, firstSeq: 0, droppedBytes: 0 },
      1: { records: [], nextSeq: 1, firstSeq: 0, droppedBytes: 0 }
    }
    const { api, release } = captureApi(history)
    setTimelineApi(api)
    const ep = endpoint({ counters: { bytesIn: 4, bytesOut: 0, chunksIn: 1, chunksOut: 0 } })
    feed({ events: [{ type: 'endpoint', endpoint: ep }], counters: {} })
    feed({ events: [{ type: 'endpoint', endpoint: { ...ep, state: 'closing' } }], counters: {} }, 2)
    release(0)
    await settle()
    feed({ events: [{ type: 'endpoint', endpoint: { ...ep, state: 'closed' } }], counters: {} }, 3)
    release(1)
    await settle()
    // Started again later: a change the capture did not give.
    feed({ events: [{ type: 'endpoint', endpoint: { ...ep, state: 'opening' } }], counters: {} }, 4)

    const log = getLog('ep1')
    const rows = rowsOf(log).map((r, i) => (r.kind === KIND.state ? (log.row(log.first + i).extra as { state: string }).state : 'data'))
    expect(rows).toEqual(['opening', 'listening', 'data', 'closing', 'closed', 'opening'])
    expect(log.row(log.first + 1).time).toBe(100)
  })
})

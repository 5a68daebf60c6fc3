import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CaptureBudget, CaptureStore, SLAB_BYTES } from '../../../src/main/engine/capture'
import { BYTES_PER_EVENT, createEventBudgets, EventBudget, FRAME_META_KEPT, FRAME_PREVIEW_KEPT, MIN_EVENTS } from '../../../src/main/engine/capture-events'
import { FrameLog } from '../../../src/main/engine/capture-frames'
import { PeerIndex } from '../../../src/main/engine/peer-index'
import type { CaptureRecord, FrameEvent, PeerEvent } from '../../../src/shared/api'

function store(limitBytes = 16 << 20, capture = true): CaptureStore {
  return new CaptureStore(new CaptureBudget({ capture, captureLimitBytes: limitBytes }))
}

function opened(id: string): PeerEvent {
  return {
    type: 'peer-open',
    peer: { id, endpointId: 'e1', remote: { address: '127.0.0.1', port: 4000, family: 'IPv4' }, since: 1, state: 'open', counters: { bytesIn: 0, bytesOut: 0, chunksIn: 0, chunksOut: 0 } }
  }
}

function closed(id: string): PeerEvent {
  const open = opened(id) as PeerEvent & { type: 'peer-open' }
  return { type: 'peer-close', peer: { ...open.peer, state: 'closed' }, reason: 'fin-peer', time: 2 }
}

function frame(seq: number, n: number): FrameEvent {
  return { type: 'frame', endpointId: 'e1', peerId: 'p', dir: 'in', seq, offset: n, length: 1, headerLength: 0, payloadLength: 1, time: 3, preview: new Uint8Array(1) }
}

/** A record as a short word: `d3` for chunk 3, `open p1` for an event, `f3.0` for chunk 3's first frame, `dropped` for the marker. */
function word(r: CaptureRecord): string {
  if (r.type === 'data') return `d${r.seq}`
  if (r.type === 'frame') return `f${r.seq}.${r.event.offset}`
  if (r.type === 'peer') return `${r.event.type.slice(5)} ${r.event.peer.id}`
  return 'dropped'
}

/** Pages through the store as a window does: from 0 until nextSeq stops moving. */
function readAll(s: CaptureStore, pageSize: number): string[] {
  const out: string[] = []
  for (let from = 0, pages = 0; pages < 1000; pages++) {
    const page = s.read(from, pageSize)
    out.push(...page.records.map(word))
    if (page.nextSeq <= from) return out
    from = page.nextSeq
  }
  throw new Error('paging never stopped')
}

const bytes = (n: number): Uint8Array => new Uint8Array(n).fill(7)

describe('peer events and frames in the capture', () => {
  it('sit between the chunks they came between, and those after the last chunk come at the tail', () => {
    const s = store()
    s.note(opened('p1'))
    s.append('p1', 'in', 0, 0, bytes(10))
    s.append('p1', 'out', 0, 0, bytes(10))
    s.note(opened('p2'))
    s.append('p2', 'in', 0, 0, bytes(10))
    s.note(closed('p1'))
    s.note(closed('p2'))

    const page = s.read(0, 100)
    expect(page.records.map(word)).toEqual(['open p1', 'd0', 'd1', 'open p2', 'd2'])
    expect(page.nextSeq).toBe(3)
    const tail = s.read(3, 100)
    expect(tail.records.map(word)).toEqual(['close p1', 'close p2'])
    // The tail page does not move on: a reader stops there and has seen each event once.
    expect(tail.nextSeq).toBe(3)
    expect(readAll(s, 1)).toEqual(['open p1', 'd0', 'd1', 'open p2', 'd2', 'close p1', 'close p2'])
  })

  it('pages of any size give every chunk, peer event and frame once, in the order they happened', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('chunk', 'event', 'frame'), { maxLength: 60 }), fc.integer({ min: 1, max: 7 }), (ops, pageSize) => {
        const s = store()
        const expected: string[] = []
        let seq = 0
        let framesOfChunk = 0
        let framing = false
        ops.forEach((op, i) => {
          if (op === 'chunk') {
            s.append('p', 'in', 0, 0, bytes(3))
            expected.push(`d${seq++}`)
            framesOfChunk = 0
            framing = true
          } else if (op === 'event') {
            s.note(opened(`p${i}`))
            expected.push(`open p${i}`)
            framing = false
          } else if (framing) {
            // A chunk's frames are decoded as it arrives, before anything else can happen.
            s.noteFrame(frame(seq - 1, framesOfChunk), bytes(1))
            expected.push(`f${seq - 1}.${framesOfChunk++}`)
          }
        })
        expect(readAll(s, pageSize)).toEqual(expected)
      })
    )
  })

  it('go with the chunks around them when old capture is dropped', () => {
    const s = store(2 * SLAB_BYTES)
    s.note(opened('early'))
    for (let i = 0; i < 3000; i++) {
      s.append('early', 'in', i * 1000, 0, bytes(1000))
      s.noteFrame(frame(i, i * 1000), bytes(1))
    }
    s.note(opened('late'))
    s.append('late', 'in', 0, 0, bytes(1000))

    const words = readAll(s, 5000)
    expect(words[0]).toBe('dropped')
    expect(words).not.toContain('open early')
    expect(words).toContain('open late')
    expect(words.indexOf('open late')).toBe(words.indexOf('d3000') - 1)
    // The newest frames are kept, as many as the budget allows, each right after its chunk.
    const frames = words.filter((w) => w.startsWith('f'))
    expect(frames.length).toBe(Math.min(3000 - s.droppedChunks, MIN_EVENTS))
    expect(frames.at(-1)).toBe('f2999.2999000')
    for (const f of frames) expect(words[words.indexOf(f) - 1]).toBe(`d${f.slice(1, f.indexOf('.'))}`)
  })

  it('are bounded across endpoints, the one over its share giving up its oldest, and kept not at all with capture off', () => {
    const limits = { capture: true, captureLimitBytes: 2 * SLAB_BYTES }
    const budget = new CaptureBudget(limits)
    const events = createEventBudgets(limits)
    const shared = events.events
    const busy = new CaptureStore(budget, events)
    const quiet = new CaptureStore(budget, events)
    expect(shared.max).toBe(MIN_EVENTS)
    for (let i = 0; i < MIN_EVENTS + 5; i++) busy.note(opened(`b${i}`))
    for (let i = 0; i < 10; i++) quiet.note(opened(`q${i}`))
    expect(shared.held).toBe(MIN_EVENTS)
    // The busy endpoint lost its oldest 15; the quiet one kept all of its own.
    const busyWords = busy.read(0, 10).records.map(word)
    expect(busyWords[0]).toBe('open b15')
    expect(busyWords).toHaveLength(MIN_EVENTS - 10)
    expect(quiet.read(0, 10).records.map(word)).toEqual([...Array(10).keys()].map((i) => `open q${i}`))

    busy.clear()
    expect(busy.read(0, 10).records).toEqual([])
    expect(shared.held).toBe(10)
    // A larger capture limit keeps more: one event per BYTES_PER_EVENT of it.
    limits.captureLimitBytes = 4000 * BYTES_PER_EVENT
    expect(shared.max).toBe(4000)

    const off = store(16 << 20, false)
    off.note(opened('p1'))
    off.append('p1', 'in', 0, 0, bytes(4))
    expect(off.read(0, 10).records).toEqual([])
  })

  it('keep a frame with the start of its payload in a buffer of its own, and a large parsed header not at all', () => {
    const s = store()
    s.append('p', 'in', 0, 0, bytes(4))
    const big = new Uint8Array(256 * 1024).fill(9)
    const shown = { ...frame(0, 0), preview: big.subarray(0, 10), meta: { small: true } }
    s.noteFrame(shown, big.subarray(100, 100 + 5000))
    s.noteFrame({ ...frame(0, 1), headerLength: FRAME_META_KEPT + 1, meta: { huge: 'x' } }, bytes(3))

    const [first, second] = s.read(0, 10).records.filter((r) => r.type === 'frame')
    expect(first!.type === 'frame' && first!.event.preview.buffer.byteLength).toBe(FRAME_PREVIEW_KEPT)
    expect(first!.type === 'frame' && first!.event.meta).toEqual({ small: true })
    // The event that also went to a window is left as it was.
    expect(shown.preview.byteLength).toBe(10)
    expect(second!.type === 'frame' && [second!.event.preview.byteLength, second!.event.meta]).toEqual([3, undefined])
  })

  it('read back every kept frame as it went in, across blocks, peers and parsed headers, the oldest gone past the budget', () => {
    const s = store(2 * SLAB_BYTES)
    const kept: FrameEvent[] = []
    for (let i = 0; i < 2500; i++) {
      s.append('p', 'in', i, 0, bytes(1))
      const ev: FrameEvent = { ...frame(i, i * 7), peerId: i % 3 === 0 ? 'q' : 'p', time: 1000 + i, headerLength: i % 5, length: 9 + (i % 300), payloadLength: 9 + (i % 300) - (i % 5) - (i % 2) }
      if (i % 10 === 0) ev.meta = { n: i }
      const payload = new Uint8Array(ev.payloadLength).fill(i & 0xff)
      s.noteFrame(ev, payload)
      kept.push({ ...ev, preview: payload.slice(0, FRAME_PREVIEW_KEPT) })
    }
    const frames = s.read(0, 5000).records.flatMap((r) => (r.type === 'frame' ? [r.event] : []))
    // 2,500 frames through a budget of MIN_EVENTS: the newest are kept, whole.
    expect(frames).toEqual(kept.slice(-MIN_EVENTS))
  })

  it('give back what is over a lowered capture limit at once, and find frames after billions have come and gone', () => {
    const limits = { capture: true, captureLimitBytes: 3000 * BYTES_PER_EVENT }
    const events = createEventBudgets(limits)
    const s = new CaptureStore(new CaptureBudget(limits), events)
    for (let i = 0; i < 3000; i++) s.note(opened(`p${i}`))
    limits.captureLimitBytes = 1200 * BYTES_PER_EVENT
    events.events.trim()
    expect(events.events.held).toBe(1200)
    expect(s.read(0, 10).records.map(word)[0]).toBe('open p1800')

    // A log whose indexes passed 2^31, as a frame flood of hours brings them.
    const log = new FrameLog(new EventBudget(limits), new PeerIndex())
    Object.assign(log as unknown as Record<string, number>, { base: 2 ** 31, head: 2 ** 31, tail: 2 ** 31 })
    for (let i = 0; i < 10; i++) log.add(frame(100 + i, i), bytes(1))
    expect(log.at(log.indexAt(105)).seq).toBe(105)
  })
})

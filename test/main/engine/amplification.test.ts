// Auto replies go through the peer's bounded queue: a few bytes that decode into thousands of frames
// must not make thousands of answers at once. The answers owed wait, in order, reading stops, and
// every one is sent as the peer reads.
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/engine'
import type { CaptureRecord } from '../../../src/shared/api'
import { portOf, readWholeCapture, waitFor } from './helpers'

let engine: Engine
const sockets: net.Socket[] = []

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy()
  await engine.closeAll()
})

const LIMIT = 256 * 1024
const REPLY = 1024
const LINES = 16 * 1024
/** What every answer owed would come to at once: far beyond the bound and loopback's buffers. */
const ALL_ANSWERS = LINES * (REPLY + 1)

async function attacker(port: number): Promise<net.Socket> {
  const s = net.connect({ port, host: '127.0.0.1' })
  sockets.push(s)
  s.on('error', () => {})
  await new Promise((r) => s.once('connect', r))
  s.pause()
  return s
}

/** Reads until `bytes` arrived; checks each answer is the fixed reply and its line end. */
function readAnswers(s: net.Socket, bytes: number): Promise<{ got: number; wrong: number }> {
  return new Promise((resolve) => {
    let got = 0
    let wrong = 0
    s.on('data', (c: Buffer) => {
      for (let i = 0; i < c.length; i++, got++) {
        const want = got % (REPLY + 1) === REPLY ? 0x0a : 0x41
        if (c[i] !== want) wrong++
      }
      if (got >= bytes) resolve({ got, wrong })
    })
    s.resume()
  })
}

/** Walks the capture: every chunk in comes after all the answers owed for the frames before it. */
function checkOrder(records: CaptureRecord[]): { frames: number; outs: number } {
  let owed = 0
  let frames = 0
  let outs = 0
  let lastIn = -1
  for (const r of records) {
    if (r.type === 'frame') {
      // A frame follows the chunk that completed it.
      expect(r.seq).toBe(lastIn)
      owed++
      frames++
    } else if (r.type === 'data' && r.dir === 'out') {
      owed--
      outs++
    } else if (r.type === 'data' && r.dir === 'in') {
      expect(owed, `answers owed before chunk ${r.seq}`).toBe(0)
      lastIn = r.seq
    }
  }
  return { frames, outs }
}

describe('auto reply against a peer that does not read', () => {
  it('a flood of empty lines queues answers only up to the bound, stops reading, and answers every line in order later', async () => {
    engine = createEngine({ outboundLimitBytes: LIMIT })
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, framing: 'line', responder: { kind: 'fixed', reply: { format: 'hex', text: '41'.repeat(REPLY) } } })
    const s = await attacker(portOf(server))
    s.write(new Uint8Array(LINES).fill(0x0a))
    const peer = await waitFor(() => engine.peers(server.id).find((p) => p.counters.bytesIn === LINES), 'the flood read')
    // Let whatever the kernel takes go, then look at what waits.
    await new Promise((r) => setTimeout(r, 100))
    const now = engine.peers(server.id)[0]!
    // Answers made so far: what the kernel took and what waits, far from all of them.
    expect(now.counters.bytesOut + (now.pendingOut ?? 0)).toBeLessThan(ALL_ANSWERS / 2)
    expect(now.pendingOut).toBeGreaterThan(0)
    expect(now.pendingOut).toBeLessThanOrEqual(LIMIT + REPLY + 1)

    // Reading has stopped: more lines sit unread in the kernel.
    s.write(new Uint8Array(LINES).fill(0x0a))
    await new Promise((r) => setTimeout(r, 100))
    expect(engine.peers(server.id)[0]!.counters.bytesIn).toBe(LINES)

    // The attacker reads: every line of both floods is answered, nothing lost, nothing out of order.
    const { got, wrong } = await readAnswers(s, 2 * ALL_ANSWERS)
    expect(got).toBe(2 * ALL_ANSWERS)
    expect(wrong).toBe(0)
    await waitFor(() => engine.get(server.id).counters.bytesOut === 2 * ALL_ANSWERS, 'every answer counted')
    const after = engine.peers(server.id).find((p) => p.id === peer.id)!
    expect(after).toMatchObject({ pendingOut: 0, counters: { bytesIn: 2 * LINES, bytesOut: 2 * ALL_ANSWERS, chunksOut: 2 * LINES } })

    const { frames, outs } = checkOrder(readWholeCapture(engine, server.id))
    expect(frames).toBe(2 * LINES)
    expect(outs).toBe(2 * LINES)
  })

  it('ending our side while answers are owed sends the FIN after the last of them', async () => {
    engine = createEngine({ outboundLimitBytes: LIMIT })
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, framing: 'line', responder: { kind: 'fixed', reply: { format: 'hex', text: '41'.repeat(REPLY) } } })
    const s = await attacker(portOf(server))
    s.write(new Uint8Array(LINES).fill(0x0a))
    const peer = await waitFor(() => engine.peers(server.id).find((p) => p.counters.bytesIn === LINES), 'the flood read')
    expect(await engine.endOutput(server.id, peer.id)).toEqual({ ended: 1 })
    expect(engine.peers(server.id)[0]!.state).toBe('we-ended')
    const ended = new Promise<void>((r) => s.once('end', () => r()))
    const { got, wrong } = await readAnswers(s, ALL_ANSWERS)
    await ended
    expect(got).toBe(ALL_ANSWERS)
    expect(wrong).toBe(0)
  })

  it('an echo without framing stops reading a peer that sends without reading, and echoes every byte later', async () => {
    engine = createEngine({ outboundLimitBytes: LIMIT })
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, responder: { kind: 'echo' } })
    const s = await attacker(portOf(server))
    const TOTAL = 32 * 1024 * 1024
    const block = new Uint8Array(1024 * 1024)
    for (let i = 0; i < block.length; i++) block[i] = i % 251
    for (let sent = 0; sent < TOTAL; sent += block.length) s.write(block)
    await waitFor(() => (engine.peers(server.id)[0]?.counters.bytesIn ?? 0) > 0, 'the first bytes read')
    await new Promise((r) => setTimeout(r, 100))
    const [peer] = engine.peers(server.id)
    expect(peer!.counters.bytesIn).toBeLessThan(TOTAL)
    expect(peer!.pendingOut).toBeLessThanOrEqual(LIMIT + 64 * 1024)

    let got = 0
    let wrong = 0
    await new Promise<void>((resolve) => {
      s.on('data', (c: Buffer) => {
        for (let i = 0; i < c.length; i++, got++) if (c[i] !== (got % (1024 * 1024)) % 251) wrong++
        if (got >= TOTAL) resolve()
      })
      s.resume()
    })
    expect(wrong).toBe(0)
    await waitFor(() => engine.get(server.id).counters.bytesOut === TOTAL, 'every echo counted')
  })
})

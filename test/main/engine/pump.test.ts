import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/engine'
import { EventPump, defaultPumpOptions, type PumpSource } from '../../../src/main/engine/event-pump'
import type { Counters, DataEvent, EngineEvent, EventBatch } from '../../../src/shared/api'
import { portOf, record, waitFor } from './helpers'

let engine: Engine | undefined

afterEach(async () => {
  await engine?.closeAll()
  engine = undefined
})

function dataEvent(seq: number, length = 10): DataEvent {
  return { type: 'data', endpointId: 'e1', peerId: 'p1', dir: 'in', seq, offset: seq * length, time: seq, length, preview: new Uint8Array(length) }
}

describe('event pump', () => {
  it('keeps the batch rate bounded and the counters exact under 100k small chunks', async () => {
    engine = createEngine()
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0 })
    const client = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: portOf(server), noDelay: true })
    const rec = record(engine)
    const started = performance.now()
    const CHUNKS = 100_000
    const piece = new Uint8Array(8).fill(0x61)
    for (let i = 0; i < CHUNKS; i += 2000) {
      for (let j = 0; j < 2000; j++) await engine.send(client.id, undefined, piece)
      await new Promise((r) => setTimeout(r, 1))
    }
    await waitFor(() => engine!.get(server.id).counters.bytesIn === CHUNKS * 8, 'every byte at the server', 15000)
    await waitFor(() => rec.batches.at(-1)?.counters[server.id]?.bytesIn === CHUNKS * 8, 'the final counters in a batch')
    const elapsedS = (performance.now() - started) / 1000
    const rate = rec.batches.length / elapsedS
    expect(rate).toBeLessThanOrEqual(70)

    expect(engine.get(client.id).counters).toEqual({ bytesIn: 0, bytesOut: CHUNKS * 8, chunksIn: 0, chunksOut: CHUNKS })
    // Every out-chunk is accounted for, as its own event or inside a coalesced one.
    let accounted = 0
    for (const e of rec.events) {
      if (e.type === 'data' && e.endpointId === client.id) accounted++
      if (e.type === 'coalesced' && e.endpointId === client.id) accounted += e.chunks
    }
    expect(accounted).toBe(CHUNKS)
    const numbers = rec.batches.map((b) => b.batch)
    expect(numbers).toEqual(numbers.map((_, i) => i + 1))
  })

  it('sends the current endpoints first, so a fresh receiver starts in sync', async () => {
    engine = createEngine()
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0 })
    const rec = record(engine)
    await waitFor(() => rec.batches.length > 0, 'the first batch')
    expect(rec.batches[0]!.events[0]).toMatchObject({ type: 'endpoint', endpoint: { id: server.id, state: 'listening' } })
  })

  it('coalesces data for a receiver that stops acknowledging, keeping counters exact, and recovers on ack', async () => {
    const counters: Counters = { bytesIn: 0, bytesOut: 0, chunksIn: 0, chunksOut: 0 }
    const source: PumpSource = { snapshot: () => [], counters: () => counters }
    const batches: EventBatch[] = []
    const pump = new EventPump({ deliver: (b) => batches.push(b), isOpen: () => true }, source, () => {}, { ...defaultPumpOptions, intervalMs: 1, lagIntervalMs: 1 })
    let seq = 0
    const burst = async (n: number): Promise<void> => {
      for (let i = 0; i < n; i++) {
        const ev = dataEvent(seq++)
        counters.bytesIn += ev.length
        counters.chunksIn++
        pump.push(ev)
      }
      await new Promise((r) => setTimeout(r, 5))
    }
    for (let i = 0; i < 8; i++) await burst(10)
    const lagged = batches.slice(5)
    expect(lagged.length).toBeGreaterThan(0)
    for (const b of lagged) {
      expect(b.events.every((e) => e.type === 'coalesced')).toBe(true)
      expect(b.counters.e1).toEqual({ ...counters, bytesIn: b.counters.e1!.bytesIn, chunksIn: b.counters.e1!.chunksIn })
    }
    expect(batches.at(-1)!.counters.e1).toEqual(counters)
    const total = batches.flatMap((b) => b.events).reduce((n, e) => n + (e.type === 'data' ? 1 : e.type === 'coalesced' ? e.chunks : 0), 0)
    expect(total).toBe(80)

    pump.ack(batches.at(-1)!.batch)
    await burst(3)
    expect(batches.at(-1)!.events.map((e) => e.type)).toEqual(['data', 'data', 'data'])
    pump.close()
  })

  it('coalesces past the pending cap even when the receiver keeps up', async () => {
    const source: PumpSource = { snapshot: () => [], counters: () => undefined }
    const batches: EventBatch[] = []
    const pump = new EventPump({ deliver: (b) => batches.push(b), isOpen: () => true, autoAck: true }, source, () => {}, { ...defaultPumpOptions, maxPendingEvents: 100 })
    const peerOpen: EngineEvent = { type: 'error', endpointId: 'e1', error: { code: 'X', message: 'm', hint: 'h' }, time: 0 }
    for (let i = 0; i < 150; i++) pump.push(dataEvent(i))
    pump.push(peerOpen)
    for (let i = 150; i < 300; i++) pump.push(dataEvent(i))
    await waitFor(() => batches.length > 0, 'a batch')
    const events = batches[0]!.events
    expect(events).toHaveLength(3)
    expect(events[0]).toMatchObject({ type: 'coalesced', chunks: 150, bytes: 1500, fromSeq: 0, toSeq: 149 })
    expect(events[1]).toBe(peerOpen)
    expect(events[2]).toMatchObject({ type: 'coalesced', chunks: 150, fromSeq: 150, toSeq: 299 })
    pump.close()
  })

  it('gives a receiver that keeps up at most its budget of events a second, the rest as exact totals', async () => {
    const source: PumpSource = { snapshot: () => [], counters: () => undefined }
    const batches: EventBatch[] = []
    const pump = new EventPump({ deliver: (b) => batches.push(b), isOpen: () => true, autoAck: true }, source, () => {}, { ...defaultPumpOptions, maxEventsPerSecond: 50 })
    // A burst far past the budget: the first 50 go one by one, the rest as one run in seq order.
    for (let i = 0; i < 1000; i++) pump.push(dataEvent(i))
    await waitFor(() => batches.length > 0, 'a batch')
    const events = batches.flatMap((b) => b.events)
    const single = events.filter((e) => e.type === 'data')
    const runs = events.filter((e): e is Extract<EngineEvent, { type: 'coalesced' }> => e.type === 'coalesced')
    expect(single.map((e) => (e as DataEvent).seq)).toEqual(Array.from({ length: 50 }, (_, i) => i))
    expect(runs).toHaveLength(1)
    expect(runs[0]).toMatchObject({ chunks: 950, bytes: 9500, fromSeq: 50, toSeq: 999 })
    // The budget refills with time: a second later events come one by one again.
    await new Promise((r) => setTimeout(r, 1100))
    pump.push(dataEvent(1000))
    await waitFor(() => batches.flatMap((b) => b.events).some((e) => e.type === 'data' && e.seq === 1000), 'the next event one by one')
    pump.close()
  })

  it('stops and detaches when the receiver is gone', async () => {
    engine = createEngine()
    let open = true
    let delivered = 0
    engine.subscribe({ deliver: () => delivered++, isOpen: () => open, autoAck: true })
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0 })
    await waitFor(() => delivered > 0, 'a batch')
    open = false
    await engine.close(server.id)
    const before = delivered
    await new Promise((r) => setTimeout(r, 60))
    await engine.start(server.id)
    await new Promise((r) => setTimeout(r, 60))
    expect(delivered).toBe(before)
  })
})

describe('draining a subscription', () => {
  it('delivers what is pending at once, without waiting for the next tick', async () => {
    const engine = createEngine()
    try {
      await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0 })
      const batches: EventBatch[] = []
      const sub = engine.subscribe({ autoAck: true, isOpen: () => true, deliver: (b) => batches.push(b) })
      expect(batches).toHaveLength(0)
      sub.drain()
      expect(batches).toHaveLength(1)
      expect(batches[0]!.events.some((e) => e.type === 'endpoint')).toBe(true)
      sub.close()
    } finally {
      await engine.closeAll()
    }
  })

  it('gives every event sent one by one the preview of its own bytes, read straight into the ring, while a lagging receiver gets summaries', async () => {
    engine = createEngine()
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0 })
    const keeping = record(engine)
    const lagging = record(engine, { autoAck: false })
    const TOTAL = 16 * 1024 * 1024
    // No two 4 KiB stretches alike, so a preview cut from the wrong chunk or a reused buffer shows.
    const stream = new Uint8Array(TOTAL)
    for (let i = 0; i < TOTAL; i++) stream[i] = (i ^ (i >>> 8) ^ (i >>> 16)) & 0xff
    const client = net.connect({ host: '127.0.0.1', port: portOf(server) })
    client.on('error', () => {})
    try {
      for (let at = 0; at < TOTAL; at += 65536) {
        if (!client.write(stream.subarray(at, at + 65536))) await new Promise((r) => client.once('drain', r))
        // Pauses let batches go out, so the receiver that never acknowledges falls behind.
        if (at % (1024 * 1024) === 0) await new Promise((r) => setTimeout(r, 20))
      }
      await waitFor(() => engine!.get(server.id).counters.bytesIn === TOTAL, 'every byte at the server', 15000)
      const chunks = engine.get(server.id).counters.chunksIn
      for (const rec of [keeping, lagging]) {
        await waitFor(() => rec.batches.at(-1)?.counters[server.id]?.bytesIn === TOTAL, 'the final counters in a batch')
        let accounted = 0
        for (const e of rec.events) {
          if (e.type === 'coalesced' && e.endpointId === server.id) accounted += e.chunks
          if (e.type !== 'data' || e.endpointId !== server.id) continue
          accounted++
          const want = stream.subarray(e.offset, e.offset + Math.min(e.length, 4096))
          expect(Buffer.from(e.preview).equals(want), `preview of the chunk at ${e.offset}`).toBe(true)
        }
        expect(accounted).toBe(chunks)
      }
      expect(lagging.of('coalesced').length).toBeGreaterThan(0)
    } finally {
      client.destroy()
    }
  })
})

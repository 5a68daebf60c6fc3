// Every time the engine gives (a chunk's, a peer's arrival, a state change, a coalesced run's) comes
// from one monotonic clock, so the rows a window sorts by them stay in the order things happened,
// even when the wall clock is set back meanwhile.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/engine'
import type { CaptureRecord } from '../../../src/shared/api'
import { portOf, readWholeCapture, record, text, waitFor } from './helpers'

let engine: Engine

afterEach(async () => {
  vi.restoreAllMocks()
  await engine.closeAll()
})

function timeOf(r: CaptureRecord): number | undefined {
  if (r.type === 'data' || r.type === 'state') return r.time
  if (r.type === 'peer') return r.event.type === 'peer-open' ? r.event.peer.since : r.event.time
  return undefined
}

describe('one clock for every event', () => {
  it('keeps connection rows, state rows and chunks in order when the wall clock jumps back', async () => {
    engine = createEngine()
    const rec = record(engine)
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, responder: { kind: 'echo' } })
    // The wall clock is set back by an hour: only a time read from it would go back too.
    const wall = Date.now()
    vi.spyOn(Date, 'now').mockReturnValue(wall - 3_600_000)
    const client = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: portOf(server) })
    await engine.send(client.id, undefined, text('ping'))
    await waitFor(() => engine.get(client.id).counters.bytesIn === 4, 'the echo')

    for (const id of [server.id, client.id]) {
      const times = readWholeCapture(engine, id).map(timeOf).filter((t): t is number => t !== undefined)
      expect(times.length).toBeGreaterThan(3)
      for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]!)
    }
    // Events reach a receiver in batches: wait for the one with the client's connection.
    const opened = await waitFor(() => rec.of('peer-open').find((e) => e.peer.endpointId === client.id), 'the connection event')
    const connected = engine.get(client.id)
    expect(opened.peer.since).toBeGreaterThan(wall - 60_000)
    expect(connected.stateTime).toBeGreaterThanOrEqual(opened.peer.since)
    expect(rec.of('data').every((d) => d.time >= opened.peer.since || d.endpointId !== client.id)).toBe(true)
  })
})

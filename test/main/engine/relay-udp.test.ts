// The UDP relay with real sockets on loopback: datagrams both ways through one upstream socket per
// sender, and drop, duplicate and reorder from a fixed seed: every datagram accounted for by the
// notes, the same seed giving the same run.
import dgram from 'node:dgram'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/engine'
import type { EngineEvent } from '../../../src/shared/api'
import type { RelayFaults } from '../../../src/shared/schemas'
import { portOf, record, waitFor } from './helpers'

let engine: Engine
const sockets: dgram.Socket[] = []

afterEach(async () => {
  for (const s of sockets.splice(0)) s.close()
  await engine.closeAll()
})

async function bound(): Promise<dgram.Socket> {
  const s = dgram.createSocket('udp4')
  sockets.push(s)
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()))
  return s
}

/** An upstream that echoes every datagram and keeps what it got, in order. */
async function echoUpstream(): Promise<{ port: number; got: string[] }> {
  const s = await bound()
  const got: string[] = []
  s.on('message', (m, r) => {
    got.push(m.toString())
    s.send(m, r.port, r.address)
  })
  return { port: s.address().port, got }
}

const COUNT = 200

/** Sends COUNT numbered datagrams through the relay, a few at a time; returns what came back. */
async function run(faults: RelayFaults | undefined): Promise<{ up: string[]; back: string[]; notes: () => Map<string, number>; events: EngineEvent[]; relayId: string }> {
  const up = await echoUpstream()
  const rec = record(engine)
  const info = await engine.open({ kind: 'udp-relay', host: '127.0.0.1', port: 0, upstream: { host: '127.0.0.1', port: up.port }, ...(faults ? { faults } : {}) })
  const client = await bound()
  const back: string[] = []
  client.on('message', (m) => back.push(m.toString()))
  for (let i = 0; i < COUNT; i++) {
    client.send(`d${i}`, portOf(info), '127.0.0.1')
    if (i % 20 === 19) await new Promise((r) => setTimeout(r, 5))
  }
  /** The last count each fault reported, per direction: "drop:upstream" → n. */
  const notes = (): Map<string, number> => {
    const m = new Map<string, number>()
    for (const e of rec.events) if (e.type === 'responder-note' && e.note.kind === 'relay') m.set(`${e.note.fault}:${e.note.toward}`, e.note.value ?? 0)
    return m
  }
  return { up: up.got, back, notes, events: rec.events, relayId: info.id }
}

const sent = Array.from({ length: COUNT }, (_, i) => `d${i}`)

describe('UDP relay', () => {
  it('forwards every datagram both ways, counted and in order, with nothing on the way', async () => {
    engine = createEngine()
    const r = await run(undefined)
    await waitFor(() => r.back.length === COUNT, 'every echo back')
    expect(r.up).toEqual(sent)
    expect(r.back).toEqual(sent)
    const bytes = sent.reduce((n, s) => n + s.length, 0)
    const c = await waitFor(() => {
      const counters = engine.get(r.relayId).counters
      return counters.chunksOut === COUNT && counters
    }, 'the counters')
    expect(c).toEqual({ bytesIn: bytes, bytesOut: bytes, chunksIn: COUNT, chunksOut: COUNT })
    expect(engine.peers(r.relayId)).toHaveLength(1)
  })

  it('drops at the rate asked, each drop noted, and the same seed drops the same datagrams', async () => {
    engine = createEngine()
    const first = await run({ drop: 0.2, seed: 42 })
    const settled = async (r: typeof first): Promise<void> => {
      await waitFor(() => {
        const n = r.notes()
        return r.up.length === COUNT - (n.get('drop:upstream') ?? 0) && r.back.length === r.up.length - (n.get('drop:client') ?? 0)
      }, 'every datagram accounted for')
    }
    await settled(first)
    const dropsUp = first.notes().get('drop:upstream') ?? 0
    // 200 draws at 0.2: far from none and far from all.
    expect(dropsUp).toBeGreaterThan(10)
    expect(dropsUp).toBeLessThan(80)
    // Whatever is left arrives in order.
    expect(first.up).toEqual(sent.filter((s) => first.up.includes(s)))
    await engine.closeAll()
    engine = createEngine()
    const second = await run({ drop: 0.2, seed: 42 })
    await settled(second)
    expect(second.up).toEqual(first.up)
    expect(second.back).toEqual(first.back)
  })

  it('duplicates at the rate asked, each noted', async () => {
    engine = createEngine()
    const r = await run({ duplicate: 0.25, seed: 7 })
    await waitFor(() => {
      const n = r.notes()
      return r.up.length === COUNT + (n.get('duplicate:upstream') ?? 0) && r.back.length === r.up.length + (n.get('duplicate:client') ?? 0)
    }, 'every datagram and its copies')
    const dups = r.notes().get('duplicate:upstream') ?? 0
    expect(dups).toBeGreaterThan(10)
    // A copy follows its original at once.
    expect([...new Set(r.up)]).toEqual(sent)
    expect(r.up.length - new Set(r.up).size).toBe(dups)
  })

  it('reorders at the rate asked: every datagram arrives, some behind the next', async () => {
    engine = createEngine()
    const r = await run({ reorder: 0.2, seed: 3 })
    await waitFor(() => r.up.length === COUNT && r.back.length === COUNT, 'every datagram')
    expect([...r.up].sort()).toEqual([...sent].sort())
    // Each datagram held back swaps with the next one (or leaves alone, late): at most that many swaps.
    let swaps = 0
    for (let i = 1; i < r.up.length; i++) if (Number(r.up[i]!.slice(1)) < Number(r.up[i - 1]!.slice(1))) swaps++
    expect(swaps).toBeGreaterThan(0)
    // Notes come in event batches, a little after the datagrams.
    const held = await waitFor(() => {
      const n = r.notes().get('reorder:upstream') ?? 0
      return n >= swaps && n
    }, 'a note for every swap')
    expect(held).toBeGreaterThan(5)
  })

  it('drops everything at rate 1, its notes thinning out past the first 64', async () => {
    engine = createEngine()
    const r = await run({ drop: 1 })
    const values = (): number[] => r.events.flatMap((e) => (e.type === 'responder-note' && e.note.kind === 'relay' && e.note.fault === 'drop' ? [e.note.value ?? 0] : []))
    await waitFor(() => values().includes(192), 'the note for the 192nd drop')
    await new Promise((res) => setTimeout(res, 50))
    expect(r.up).toEqual([])
    expect(values()).toEqual([...Array.from({ length: 64 }, (_, i) => i + 1), 128, 192])
  })

  it('keeps at most maxPeers senders, letting the quietest go', async () => {
    engine = createEngine()
    const rec = record(engine)
    const up = await echoUpstream()
    const info = await engine.open({ kind: 'udp-relay', host: '127.0.0.1', port: 0, upstream: { host: '127.0.0.1', port: up.port }, maxPeers: 2 })
    for (let i = 0; i < 3; i++) {
      const c = await bound()
      const got = new Promise<string>((r) => c.once('message', (m) => r(m.toString())))
      c.send(`from ${i}`, portOf(info), '127.0.0.1')
      expect(await got).toBe(`from ${i}`)
    }
    expect(engine.peers(info.id)).toHaveLength(2)
    const closed = await waitFor(() => rec.of('peer-close')[0], 'the first sender let go')
    expect(closed.reason).toBe('fin-local')
  })
})

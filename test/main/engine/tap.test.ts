import { randomBytes } from 'node:crypto'
import { connect, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine } from '../../../src/main/engine'
import type { Engine } from '../../../src/main/engine/types'
import type { ChunkBytes } from '../../../src/shared/api'
import { sha256, waitFor } from './helpers'

describe('chunk tap', () => {
  let engine: Engine
  const sockets: Socket[] = []
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy()
    await engine.closeAll()
  })

  it('hands over every chunk whole, with capture off, each received chunk before the reply it causes', async () => {
    engine = createEngine({ capture: false, previewBytes: 16 })
    const ep = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, responder: { kind: 'echo' } })
    const seen: ChunkBytes[] = []
    const untap = engine.tapChunks(ep.id, (c) => seen.push({ ...c, bytes: c.bytes.slice() }))

    const payload = randomBytes(300_000)
    const client = connect((ep.local as { port: number }).port, '127.0.0.1')
    sockets.push(client)
    let echoed = 0
    client.on('data', (c: Buffer) => (echoed += c.byteLength))
    client.write(payload)
    await waitFor(() => echoed === payload.byteLength, 'the echo')

    const inChunks = seen.filter((c) => c.dir === 'in')
    expect(sha256(inChunks.map((c) => c.bytes))).toBe(sha256(payload))
    expect(seen.filter((c) => c.dir === 'out').reduce((n, c) => n + c.bytes.byteLength, 0)).toBe(payload.byteLength)
    // Sequence numbers climb, and each reply comes right after the chunk it answers.
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.seq).toBeGreaterThan(seen[i - 1]!.seq)
    for (let i = 0; i < seen.length; i += 2) {
      expect(seen[i]!.dir).toBe('in')
      expect(seen[i + 1]).toMatchObject({ dir: 'out', offset: seen[i]!.offset })
    }

    untap()
    const before = seen.length
    client.write('more')
    await waitFor(() => echoed === payload.byteLength + 4, 'the second echo')
    expect(seen.length).toBe(before)
  })

  it('a receiver that reads a tap gets peers and exact counters but no data events', async () => {
    engine = createEngine({ capture: false })
    const ep = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0 })
    const types = new Set<string>()
    let bytesIn = 0
    const sub = engine.subscribe({
      autoAck: true,
      dataEvents: false,
      isOpen: () => true,
      deliver: (batch) => {
        for (const ev of batch.events) types.add(ev.type)
        bytesIn = batch.counters[ep.id]?.bytesIn ?? bytesIn
      }
    })
    const client = connect((ep.local as { port: number }).port, '127.0.0.1')
    sockets.push(client)
    client.write(randomBytes(10_000))
    await waitFor(() => bytesIn === 10_000, 'the counters')
    sub.close()
    expect(types.has('peer-open')).toBe(true)
    expect(types.has('data')).toBe(false)
  })
})

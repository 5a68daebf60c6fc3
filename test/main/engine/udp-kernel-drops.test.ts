// The datagrams the OS drops for a full receive buffer are told: a sender floods a socket while
// this thread, which reads it, is held, and what the engine counted plus what the OS says it
// dropped is every datagram sent. Linux tells the count; elsewhere it stays absent.
import { execFileSync } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/engine'
import { KERNEL_DROPS_POLL_MS } from '../../../src/main/engine/udp-drops'
import { portOf, record, waitFor } from './helpers'

const SENT = 400

/** Sends SENT datagrams of 512 bytes to the port from another process, as fast as it can. */
const SENDER = `
const dgram = require('node:dgram')
const [port, count] = process.argv.slice(1).map(Number)
const s = dgram.createSocket('udp4')
const payload = Buffer.alloc(512, 0x61)
let done = 0
for (let i = 0; i < count; i++) s.send(payload, port, '127.0.0.1', () => { if (++done === count) s.close() })
`

describe('UDP datagrams the OS dropped', () => {
  let engine: Engine
  afterEach(async () => {
    await engine.closeAll()
  })

  it('are counted apart, and with what was read make every datagram sent', async () => {
    engine = createEngine()
    const events = record(engine)
    // The smallest buffer the OS allows holds a handful of these datagrams.
    const ep = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0, recvBufferSize: 1024 })
    if (process.platform !== 'linux') {
      console.log(`${process.platform}: the OS does not tell a socket's drops, so none are shown and this checks only that`)
      expect(engine.get(ep.id).kernelDrops).toBeUndefined()
      return
    }
    expect(engine.get(ep.id).kernelDrops).toBe(0)
    // Run synchronously: the engine cannot read until the sender has sent everything and exited.
    execFileSync(process.execPath, ['-e', SENDER, String(portOf(ep)), String(SENT)], { timeout: 10_000 })
    const info = await waitFor(() => {
      const now = engine.get(ep.id)
      return now.counters.chunksIn + (now.kernelDrops ?? 0) === SENT && now
    }, 'the drops read back', 5 * KERNEL_DROPS_POLL_MS)
    expect(info.kernelDrops).toBeGreaterThan(0)
    expect(info.counters.chunksIn).toBeGreaterThan(0)
    expect(info.counters.bytesIn).toBe(info.counters.chunksIn * 512)
    // The window learnt the count from an endpoint event, not only by asking.
    await waitFor(() => events.of('endpoint').some((e) => e.endpoint.id === ep.id && e.endpoint.kernelDrops === info.kernelDrops), 'an endpoint event with the count')
  })
})

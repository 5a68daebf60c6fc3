// A UDP socket's datagrams wait in one bounded queue until the OS says each went: sends past it are
// refused, and answers to a flood stop reading while the OS is slow to send them, instead of piling
// up one datagram per datagram received.
import dgram from 'node:dgram'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/engine'
import { portOf, waitFor } from './helpers'

let engine: Engine
const cleanups: (() => void)[] = []

afterEach(async () => {
  for (const c of cleanups.splice(0)) c()
  await engine.closeAll()
})

const LIMIT = 64 * 1024

async function receiver(): Promise<{ socket: dgram.Socket; port: number; got: () => number }> {
  const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 * 1024 * 1024 })
  let n = 0
  socket.on('message', () => n++)
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()))
  cleanups.push(() => socket.close())
  return { socket, port: socket.address().port, got: () => n }
}

type Send = (this: dgram.Socket, ...args: unknown[]) => void

/**
 * Makes the OS slow for the socket bound to `port`: each datagram it sends is reported sent only
 * when `release` is called, as when the send buffer is full. Counts what waits meanwhile.
 */
function slowOs(port: number): { release: () => number; most: () => number } {
  const original = dgram.Socket.prototype.send as unknown as Send
  const held: (() => void)[] = []
  let waiting = 0
  let most = 0
  ;(dgram.Socket.prototype as unknown as { send: Send }).send = function (this: dgram.Socket, ...args: unknown[]) {
    if (this.address().port !== port) return original.apply(this, args)
    const cb = args[args.length - 1] as (err: Error | null) => void
    const size = (args[0] as Uint8Array).byteLength
    waiting += size
    most = Math.max(most, waiting)
    original.apply(this, [
      ...args.slice(0, -1),
      (err: Error | null) =>
        held.push(() => {
          waiting -= size
          cb(err)
        })
    ])
  }
  cleanups.push(() => ((dgram.Socket.prototype as unknown as { send: Send }).send = original))
  return {
    release: () => {
      const now = held.splice(0)
      for (const done of now) done()
      return now.length
    },
    most: () => most
  }
}

describe('UDP backpressure', () => {
  it('refuses datagrams past the bound while earlier ones wait for the OS, and sends every one it took', async () => {
    engine = createEngine({ outboundLimitBytes: LIMIT })
    const ep = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0 })
    const far = await receiver()
    // A page firing sends without waiting for each: far more bytes than the bound at once.
    const sends = Array.from({ length: 100 }, (_, i) => engine.send(ep.id, { host: '127.0.0.1', port: far.port }, new Uint8Array(8000).fill(i)))
    const results = await Promise.allSettled(sends)
    const taken = results.filter((r) => r.status === 'fulfilled').length
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as { code: string; message: string; hint: string })
    expect(refused.length).toBeGreaterThan(0)
    expect(taken).toBeGreaterThan(0)
    expect(refused[0]).toMatchObject({ code: 'EAGAIN' })
    expect(refused[0]!.message).toMatch(/bytes of datagrams wait/)
    expect(refused[0]!.hint).toMatch(/Nothing was lost/)
    await waitFor(() => far.got() === taken, 'every datagram taken arrives')
    expect(engine.get(ep.id)).toMatchObject({ pendingOut: 0, counters: { chunksOut: taken, bytesOut: taken * 8000 } })
  })

  it('answers to a flood wait within the bound while the OS is slow, reading stops, and every datagram is answered once', async () => {
    engine = createEngine({ outboundLimitBytes: LIMIT })
    const REPLY = 4096
    const FLOOD = 300
    const ep = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0, responder: { kind: 'fixed', reply: { format: 'hex', text: '41'.repeat(REPLY) } } })
    const os = slowOs(portOf(ep))
    const flooder = await receiver()
    for (let i = 0; i < FLOOD; i++) flooder.socket.send(new Uint8Array([i & 0xff]), portOf(ep), '127.0.0.1')
    await waitFor(() => engine.get(ep.id).counters.chunksIn > 0, 'the flood arriving')
    await new Promise((r) => setTimeout(r, 50))
    // Nothing has been let out yet: answers wait within the bound, and reading has stopped.
    expect(os.most()).toBeLessThanOrEqual(LIMIT + REPLY)
    expect(engine.get(ep.id).counters.chunksIn).toBeLessThan(FLOOD)
    // The OS catches up a little at a time: every datagram read is answered, once.
    await waitFor(() => {
      os.release()
      return flooder.got() === FLOOD
    }, 'an answer to every datagram', 10_000)
    expect(os.most()).toBeLessThanOrEqual(LIMIT + REPLY)
    expect(engine.get(ep.id).counters).toMatchObject({ chunksIn: FLOOD, chunksOut: FLOOD, bytesOut: FLOOD * REPLY })
  })
})

import net from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/engine'
import { portOf, rejection, text, waitFor } from './helpers'

let engine: Engine

afterEach(async () => {
  vi.restoreAllMocks()
  await engine.closeAll()
})

describe('Nagle (no-delay) on a live TCP client', () => {
  it('toggles on the open connection without reconnecting, and a reconnect keeps the setting', async () => {
    engine = createEngine()
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0 })
    const client = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: portOf(server), noDelay: true })
    const serverPeer = await waitFor(() => engine.peers(server.id)[0], 'the accepted peer')
    const [before] = engine.peers(client.id)
    const setNoDelay = vi.spyOn(net.Socket.prototype, 'setNoDelay')

    const updated = engine.update(client.id, { noDelay: false })
    expect(updated.config).toMatchObject({ noDelay: false })
    expect(updated.state).toBe('connected')
    expect(engine.get(client.id).config).toMatchObject({ noDelay: false })
    expect(setNoDelay).toHaveBeenCalledWith(false)

    // The same connection carries on: one peer at each end, and bytes still flow over it.
    expect(engine.peers(client.id).map((p) => p.id)).toEqual([before!.id])
    expect(engine.peers(server.id).map((p) => p.id)).toEqual([serverPeer.id])
    await engine.send(client.id, undefined, text('still here'))
    await waitFor(() => engine.get(server.id).counters.bytesIn === 10, 'bytes after the toggle')
    expect(engine.get(client.id).state).toBe('connected')

    setNoDelay.mockClear()
    await engine.close(client.id)
    await engine.start(client.id)
    expect(setNoDelay).toHaveBeenCalledWith(false)
  })

  it('refuses no-delay on other kinds with EINVAL and a hint, leaving the endpoint as it was', async () => {
    engine = createEngine()
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0 })
    const udp = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0 })
    for (const ep of [server, udp]) {
      const err = await rejection(() => engine.update(ep.id, { noDelay: true }))
      expect(err.code).toBe('EINVAL')
      expect(err.message).toMatch(/TCP client/)
      expect(err.hint).toBeTruthy()
      expect(engine.get(ep.id).config).not.toHaveProperty('noDelay')
      expect(engine.get(ep.id).state).toBe('listening')
    }
  })
})

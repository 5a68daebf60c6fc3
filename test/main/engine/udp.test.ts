import dgram from 'node:dgram'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/engine'
import { decode, portOf, record, rejection, text, waitFor } from './helpers'

let engine: Engine

afterEach(async () => {
  await engine.closeAll()
})

describe('UDP endpoints', () => {
  it('accepts a 65507-byte datagram over IPv4 and refuses 65508 with EMSGSIZE and its hint', async () => {
    engine = createEngine()
    const rx = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0 })
    const tx = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0 })
    const big = new Uint8Array(65507).fill(7)
    const res = await engine.send(tx.id, { host: '127.0.0.1', port: portOf(rx) }, big)
    expect(res.bytes).toBe(65507)
    await waitFor(() => engine.get(rx.id).counters.bytesIn === 65507, 'the big datagram')
    expect(engine.get(rx.id).counters.chunksIn).toBe(1)

    const err = await rejection(engine.send(tx.id, { host: '127.0.0.1', port: portOf(rx) }, new Uint8Array(65508)))
    expect(err.code).toBe('EMSGSIZE')
    expect(err.hint).toContain('65507 bytes over IPv4 (65527 over IPv6)')
    // Nothing was counted for the refused datagram.
    expect(engine.get(tx.id).counters).toMatchObject({ bytesOut: 65507, chunksOut: 1 })
  })

  it('carries 65527 bytes over IPv6 on ::1 and refuses 65528', async () => {
    engine = createEngine()
    const rx = await engine.open({ kind: 'udp', host: '::1', port: 0 })
    expect(rx.local).toMatchObject({ address: '::1', family: 'IPv6' })
    const tx = await engine.open({ kind: 'udp', host: '::1', port: 0 })
    await engine.send(tx.id, { host: '::1', port: portOf(rx) }, new Uint8Array(65527))
    await waitFor(() => engine.get(rx.id).counters.bytesIn === 65527, 'the IPv6 datagram')
    expect((await rejection(engine.send(tx.id, { host: '::1', port: portOf(rx) }, new Uint8Array(65528)))).code).toBe('EMSGSIZE')
  })

  it('keeps one peer per remote address, replies to the sender, and echoes by itself', async () => {
    engine = createEngine()
    const rec = record(engine)
    const echo = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0, responder: { kind: 'echo' } })
    const a = dgram.createSocket('udp4')
    await new Promise<void>((r) => a.bind(0, '127.0.0.1', () => r()))
    const got: string[] = []
    a.on('message', (m) => got.push(decode(m)))
    a.send(text('one'), portOf(echo), '127.0.0.1')
    a.send(text('two'), portOf(echo), '127.0.0.1')
    await waitFor(() => got.length === 2, 'two echoes')
    expect(got).toEqual(['one', 'two'])
    const peers = engine.peers(echo.id)
    expect(peers).toHaveLength(1)
    expect(peers[0]!.remote).toMatchObject({ address: '127.0.0.1', port: a.address().port })
    expect(peers[0]!.counters).toEqual({ bytesIn: 6, bytesOut: 6, chunksIn: 2, chunksOut: 2 })

    await engine.update(echo.id, { responder: null })
    await engine.send(echo.id, { peerId: peers[0]!.id }, text('reply'))
    await waitFor(() => got.length === 3, 'the reply')
    expect(got[2]).toBe('reply')
    await waitFor(() => rec.of('peer-open').length === 1, 'peer-open event')
    a.close()
  })

  it('connects to one peer, reports the receive buffer, and refuses membership on a non-UDP endpoint', async () => {
    engine = createEngine()
    const rx = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0 })
    expect(rx.recvBufferSize).toBeGreaterThanOrEqual(4 * 1024 * 1024)
    const tx = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0, connect: { host: '127.0.0.1', port: portOf(rx) } })
    expect(tx.state).toBe('connected')
    await engine.send(tx.id, undefined, text('hi'))
    await waitFor(() => engine.get(rx.id).counters.bytesIn === 2, 'datagram')
    const noTarget = await rejection(engine.send(rx.id, undefined, text('x')))
    expect(noTarget.code).toBe('EDESTADDRREQ')
    const tcp = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0 })
    expect((await rejection(() => engine.udpMembership(tcp.id, 'join', '239.1.2.3'))).code).toBe('ENOTSUP')
    expect((await rejection(engine.endOutput(rx.id))).code).toBe('ENOTSUP')
  })

  it('refuses a taken UDP port with EADDRINUSE and a hint about reuse-address', async () => {
    engine = createEngine()
    const a = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0 })
    const err = await rejection(engine.open({ kind: 'udp', host: '127.0.0.1', port: portOf(a) }))
    expect(err.code).toBe('EADDRINUSE')
    expect(err.hint).toMatch(/reuse-address/)
    expect(err.hint).toMatch(/"Reuse address"/)
  })

  it('shares a port between UDP sockets that both set "Reuse address", as the hint says', async () => {
    engine = createEngine()
    const a = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0, reuseAddress: true })
    const b = await engine.open({ kind: 'udp', host: '127.0.0.1', port: portOf(a), reuseAddress: true })
    expect(portOf(b)).toBe(portOf(a))
  })

  it('reports an unresolvable target name as ENOTFOUND', async () => {
    engine = createEngine()
    const tx = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0 })
    const err = await rejection(engine.send(tx.id, { host: 'no-such-host.invalid', port: 9 }, text('x')))
    expect(['ENOTFOUND', 'EAI_AGAIN']).toContain(err.code)
    expect(err.hint).toMatch(/resolved|lookup/i)
  })
})

// The peer's FIN on a client: the connection's half-close shows in the endpoint's state, a client
// closes by itself unless kept half open, and a send made after the peer closed its socket carries
// the reset on its own row.
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/engine'
import type { EngineEvent } from '../../../src/shared/api'
import { decode, record, rejection, text, waitFor } from './helpers'

let engine: Engine
const servers: net.Server[] = []

afterEach(async () => {
  await engine.closeAll()
  for (const s of servers.splice(0)) s.close()
})

/** A plain Node server that answers the first chunk with `bye` and closes its socket, as the chat lesson's server does. */
function byeServer(): Promise<{ port: number; closed: Promise<void> }> {
  let markClosed!: () => void
  const closed = new Promise<void>((r) => (markClosed = r))
  const server = net.createServer((socket) => {
    socket.once('data', () => {
      // Python's conn.close(): FIN after the bytes, then the socket is gone; what comes later is reset.
      socket.on('close', markClosed)
      socket.end('bye', () => socket.destroy())
    })
    socket.on('error', () => undefined)
  })
  servers.push(server)
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as net.AddressInfo).port, closed })))
}

const kinds = (events: EngineEvent[], endpointId: string): string[] =>
  events.flatMap((e) => {
    if (e.type === 'peer-open' && e.peer.endpointId === endpointId) return ['open']
    if (e.type === 'peer-state' && e.peer.endpointId === endpointId) return [e.peer.state]
    if (e.type === 'peer-close' && e.peer.endpointId === endpointId) return [`close ${e.reason}`]
    if (e.type === 'data' && e.endpointId === endpointId) return [`${e.dir} ${decode(e.preview)}`]
    return []
  })

describe('the peer ends a client connection', () => {
  it('closes the client by itself by default, after a row for the FIN, so no socket stays in CLOSE_WAIT', async () => {
    engine = createEngine()
    const rec = record(engine)
    const { port, closed } = await byeServer()
    const client = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port })
    await engine.send(client.id, undefined, text('hello'))
    await waitFor(() => engine.get(client.id).state === 'closed', 'the client closed by itself')
    await closed
    await waitFor(() => rec.of('peer-close').length > 0, 'the close event')
    expect(kinds(rec.events, client.id)).toEqual(['open', 'out hello', 'in bye', 'peer-ended', 'close fin-peer'])
    const states = rec.of('endpoint').filter((e) => e.endpoint.id === client.id)
    expect(states.some((e) => e.endpoint.state === 'connected' && e.endpoint.halfClosed === 'peer-ended')).toBe(true)
    expect(engine.get(client.id).halfClosed).toBeUndefined()
  })

  it('kept half open, says so in its state, and the send that meets the reset shows it on its row', async () => {
    engine = createEngine()
    const rec = record(engine)
    const { port, closed } = await byeServer()
    const client = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port, closeOnPeerEnd: false })
    await engine.send(client.id, undefined, text('hello'))
    await waitFor(() => engine.get(client.id).halfClosed === 'peer-ended', 'the peer-ended state')
    await closed
    expect(engine.get(client.id).state).toBe('connected')

    // The peer closed its socket: this send leaves, and the peer answers it with RST.
    const late = await engine.send(client.id, undefined, text('anyone?'))
    const error = await waitFor(() => rec.of('error').find((e) => e.endpointId === client.id), 'the reset, reported')
    expect(error.seq).toBe(late.seqs[0])
    expect(error.peerId).toBe(engine.peers(client.id)[0]?.id ?? error.peerId)
    expect(['ECONNRESET', 'EPIPE']).toContain(error.error.code)
    expect(error.error.message).toMatch(/after its FIN/)
    expect(error.error.message).not.toMatch(/\be\d+\b|\bp\d+\b/)
    const close = await waitFor(() => rec.of('peer-close').find((e) => e.peer.endpointId === client.id), 'the close')
    expect(close.reason).toBe('reset')
    await waitFor(() => engine.get(client.id).state === 'error', 'the client in error')
  })

  it('a send the OS refuses at once (EPIPE) fails, and the error belongs to that send', async () => {
    engine = createEngine()
    const rec = record(engine)
    const { port, closed } = await byeServer()
    const client = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port, closeOnPeerEnd: false })
    await engine.send(client.id, undefined, text('hello'))
    await waitFor(() => engine.get(client.id).halfClosed === 'peer-ended', 'the peer-ended state')
    await closed
    // Two sends at once: the first leaves and draws the RST; wait for the RST to come back, then
    // the second meets it before any probe could.
    const first = await engine.send(client.id, undefined, text('one'))
    let failed: { code: string; message: string } | undefined
    let secondSeq: number | undefined
    for (let i = 0; i < 50 && !failed; i++) {
      await new Promise((r) => setImmediate(r))
      try {
        const r = await engine.send(client.id, undefined, text('two'))
        secondSeq = r.seqs[0]
      } catch (err) {
        failed = err as { code: string; message: string }
      }
    }
    expect(failed, 'a send after the reset came back').toBeDefined()
    expect(['EPIPE', 'ECONNRESET']).toContain(failed!.code)
    expect(failed!.message).toMatch(/sent FIN and closed its socket/)
    const errors = await waitFor(() => (rec.of('error').length > 0 ? rec.of('error') : undefined), 'the error event')
    await waitFor(() => rec.of('peer-close').length > 0, 'the close')
    // The error is on exactly one row: the send that failed, recorded last, not the one before it.
    const outs = rec.of('data').filter((d) => d.dir === 'out')
    expect(errors).toHaveLength(1)
    expect(errors[0]!.seq).toBe(outs.at(-1)!.seq)
    expect(errors[0]!.seq).not.toBe(first.seqs[0])
    if (secondSeq !== undefined) expect(errors[0]!.seq).toBeGreaterThan(secondSeq)
    // The counters count what the kernel took: the failed send's bytes never left.
    expect(engine.get(client.id).counters.bytesOut).toBe(5 + 3 + (outs.length - 3) * 3)
  })

  it('turning "close when the peer ends" on closes a connection whose peer has already ended', async () => {
    engine = createEngine()
    const { port } = await byeServer()
    const client = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port, closeOnPeerEnd: false })
    await engine.send(client.id, undefined, text('hello'))
    await waitFor(() => engine.get(client.id).halfClosed === 'peer-ended', 'the peer-ended state')
    engine.update(client.id, { closeOnPeerEnd: true })
    await waitFor(() => engine.get(client.id).state === 'closed', 'closed')
  })

  it('refuses "close when the peer ends" on a server, naming it rather than its id', async () => {
    engine = createEngine()
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, name: 'lesson server' })
    const err = await rejection(() => engine.update(server.id, { closeOnPeerEnd: true }))
    expect(err.code).toBe('EINVAL')
    expect(err.message).toContain('lesson server')
  })
})

import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createEngine } from '../../../src/main/engine'
import { portOf, record, tempDir, text, waitFor } from './helpers'

const SOCKET_RESOURCES = ['TCPServerWrap', 'TCPSocketWrap', 'TCPWrap', 'UDPWrap', 'PipeWrap', 'PipeServerWrap', 'Timeout']

function counts(): Record<string, number> {
  const out: Record<string, number> = {}
  for (const r of process.getActiveResourcesInfo()) if (SOCKET_RESOURCES.includes(r)) out[r] = (out[r] ?? 0) + 1
  return out
}

describe('closing everything', () => {
  it('leaves no socket handle or timer behind', async () => {
    const dir = await tempDir()
    const before = counts()
    const engine = createEngine()
    record(engine)
    const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, responder: { kind: 'echo' } })
    const client = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: portOf(server), connectTimeoutMs: 5000 })
    const udp = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0, responder: { kind: 'echo' } })
    const udp2 = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0 })
    const path = join(dir.path, 'h.sock')
    await engine.open({ kind: 'unix-server', path })
    const unixClient = await engine.open({ kind: 'unix-client', path })
    await engine.send(client.id, undefined, text('x'))
    await engine.send(udp2.id, { host: '127.0.0.1', port: portOf(udp) }, text('y'))
    await engine.send(unixClient.id, undefined, text('z'))
    await waitFor(() => engine.get(client.id).counters.bytesIn === 1 && engine.get(udp2.id).counters.bytesIn === 1, 'traffic')
    expect(counts()).not.toEqual(before)

    await engine.closeAll()
    // Nothing of the engine's is left: no kind of handle is more numerous than before it started
    // (the test runner's own timers may come and go meanwhile).
    const after = counts()
    for (const kind of SOCKET_RESOURCES) expect(after[kind] ?? 0, kind).toBeLessThanOrEqual(before[kind] ?? 0)
    for (const ep of engine.list()) expect(ep.state).toBe('closed')
    await dir.remove()
  })
})

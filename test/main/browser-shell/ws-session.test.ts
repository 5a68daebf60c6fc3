// One WebSocket session of the browser shell, against what a page or a remote peer can put in it.
import { connect } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { EngineEvent, EventBatch, Result } from '../../../src/shared/api'
import { decodeWire, encodeWire, type ServerMessage } from '../../../src/shared/wire'
import { createHandlers } from '../../../src/main/handlers'
import { openSettingsStore } from '../../../src/main/settings-store'
import { openWorkspaceStore } from '../../../src/main/workspace-store'
import { createEngine } from '../../../src/main/engine'
import { openApiSocket } from './api-socket'
import { openSession, startShell, type ShellUnderTest } from './shell-fixture'

async function until(condition: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 10_000
  while (!condition() && Date.now() < end) await new Promise((r) => setTimeout(r, 20))
  if (!condition()) throw new Error(`not ${what} within 10 s`)
}

describe('browser shell WebSocket session', () => {
  let t: ShellUnderTest | undefined

  afterEach(async () => {
    await t?.stop()
    t = undefined
  })

  it('carries a JSON header from a remote peer to the window as it was sent, whatever its keys', async () => {
    t = await startShell()
    const api = await openApiSocket(t.shell, await openSession(t.shell))
    const events: EngineEvent[] = []
    const decodeErrors: unknown[] = []
    api.ws.on('message', (data) => {
      try {
        const m = decodeWire(data as Buffer) as ServerMessage
        if (m.t === 'events') events.push(...(m.batch as EventBatch).events)
      } catch (err) {
        decodeErrors.push(err)
      }
    })
    api.send({ t: 'subscribe' })
    const opened = (await api.request('openEndpoint', { config: { kind: 'tcp-server', host: '127.0.0.1', port: 0, framing: 'json-header:<I' } })) as Result<{
      local: { port: number }
    }>
    if (!opened.ok) throw new Error(opened.error.message)

    // Keys that look like the wire format's own marker for bytes: one in range, one far out of it.
    const header = { file_size: 2, $b: [0, 1], nested: { $b: [0, 1_000_000], $$b: 'x' } }
    const json = Buffer.from(JSON.stringify(header))
    const prefix = Buffer.alloc(4)
    prefix.writeUInt32LE(json.length)
    const peer = connect(opened.value.local.port, '127.0.0.1')
    await new Promise((r) => peer.once('connect', r))
    peer.write(Buffer.concat([prefix, json, Buffer.from('hi')]))

    await until(() => events.some((e) => e.type === 'frame') || decodeErrors.length > 0, 'framed')
    peer.destroy()
    expect(decodeErrors).toEqual([])
    const frame = events.find((e) => e.type === 'frame')
    expect(frame?.type === 'frame' && frame.meta).toEqual(header)
    await api.close()
  })

  it('answers a result it cannot encode with an error, and the session goes on', async () => {
    const engine = createEngine()
    const handlers = createHandlers({ engine, settings: await openSettingsStore(), transport: 'browser', workspace: await openWorkspaceStore() })
    // A value JSON cannot carry stands for any answer that fails to encode.
    const broken = { ...handlers, getAppInfo: async () => ({ size: BigInt(1) }) } as unknown as typeof handlers
    t = await startShell({ engine, handlers: broken })
    const api = await openApiSocket(t.shell, await openSession(t.shell))
    expect(await api.request('getAppInfo')).toMatchObject({ ok: false, error: { code: 'EINTERNAL', hint: expect.any(String) } })
    expect(await api.request('listEndpoints')).toMatchObject({ ok: true })
    await api.close()
  })

  it('closes with 1003 on a text frame or a frame that is not a message, and other sessions go on', async () => {
    t = await startShell()
    const cookie = await openSession(t.shell)
    const bystander = await openApiSocket(t.shell, cookie)
    for (const frame of ['hello', new Uint8Array([1, 2, 3]), encodeWire({ t: 'nope' } as never), encodeWire({ t: 'req', id: 1.5, name: 'getAppInfo', req: undefined })]) {
      const api = await openApiSocket(t.shell, cookie)
      api.ws.send(frame)
      expect(await api.closed).toBe(1003)
    }
    expect(await bystander.request('getAppInfo')).toMatchObject({ ok: true })
    await bystander.close()
  })
})

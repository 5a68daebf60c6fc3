// Random and malformed messages into a live session of a real shell on loopback: each ends in an
// answer (a result, or an error result with code, message and hint) or in a clean close, never a
// crash or a hang; and a window that is open alongside keeps being served throughout.
import { connect, type Socket } from 'node:net'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { EngineEvent, EventBatch, Result } from '../../../src/shared/api'
import { requestNames } from '../../../src/shared/schemas'
import { decodeWire, encodeWire, type ServerMessage } from '../../../src/shared/wire'
import { openApiSocket, type ApiSocket } from './api-socket'
import { openSession, startShell, type ShellUnderTest } from './shell-fixture'

const PING_ID = -1
/** Close codes of a session that ended cleanly: unsupported data, too big, protocol error. */
const CLEAN_CLOSES = [1002, 1003, 1007, 1009]

type Outcome = { kind: 'answered'; results: Result<unknown>[] } | { kind: 'closed'; code: number }

/** One connection that is reopened after the shell closes it; each probe is followed by a ping. */
class Prober {
  private ws: WebSocket | undefined
  private readonly results = new Map<number, Result<unknown>>()
  private closedWith: number | undefined
  opened = 0

  constructor(
    private readonly port: number,
    private readonly cookie: string
  ) {}

  private async socket(): Promise<WebSocket> {
    if (this.ws && this.closedWith === undefined) return this.ws
    const ws = new WebSocket(`ws://127.0.0.1:${this.port}/api`, { headers: { Origin: `http://127.0.0.1:${this.port}`, Cookie: this.cookie } })
    this.opened++
    this.results.clear()
    this.closedWith = undefined
    ws.on('message', (data) => {
      const m = decodeWire(data as Buffer) as ServerMessage
      if (m.t === 'res') this.results.set(m.id, m.result)
    })
    ws.on('close', (code) => (this.closedWith = code))
    ws.on('error', () => undefined)
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
    })
    this.ws = ws
    return ws
  }

  /** Sends the frame, then a ping, and waits for the ping's answer or the close. */
  async probe(frame: Uint8Array | string, expectAnswersTo: number[] = []): Promise<Outcome> {
    const ws = await this.socket()
    this.results.clear()
    ws.send(frame)
    ws.send(encodeWire({ t: 'req', id: PING_ID, name: 'getAppInfo', req: undefined }))
    const end = Date.now() + 10_000
    const done = (): boolean =>
      this.closedWith !== undefined || (this.results.has(PING_ID) && expectAnswersTo.every((id) => this.results.has(id)))
    while (!done() && Date.now() < end) await new Promise((r) => setTimeout(r, 2))
    if (this.closedWith !== undefined) return { kind: 'closed', code: this.closedWith }
    if (!done()) throw new Error(`the session neither answered nor closed within 10 s after ${frameLabel(frame)}`)
    return { kind: 'answered', results: expectAnswersTo.map((id) => this.results.get(id)!) }
  }

  close(): void {
    this.ws?.close()
  }
}

function frameLabel(frame: Uint8Array | string): string {
  return typeof frame === 'string' ? JSON.stringify(frame.slice(0, 80)) : `${frame.byteLength} bytes`
}

function expectWellFormedResult(result: Result<unknown>): void {
  expect(typeof result).toBe('object')
  if (result.ok) return
  expect(typeof result.error.code).toBe('string')
  expect(typeof result.error.message).toBe('string')
  expect(typeof result.error.hint).toBe('string')
  expect(result.error.hint.length).toBeGreaterThan(0)
}

/** Values of the wrong type for any field: never a string, so no host name is ever looked up. */
const wrongValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.integer(),
    fc.constantFrom(-1, 0, 1, 65535, 65536, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, -0, 0.5, Number.NaN, Number.POSITIVE_INFINITY),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.uint8Array({ maxLength: 8 }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('$b', '$$b', '__proto__', 'constructor', 'kind', 'port', 'x'), tie('value'), { maxKeys: 3 })
  )
})).value

/** A valid request of each kind, harmless on loopback, to be broken one field at a time. */
const SAMPLES: Record<string, unknown> = {
  getAppInfo: undefined,
  listInterfaces: undefined,
  listEndpoints: undefined,
  getSettings: undefined,
  getWorkspace: undefined,
  openEndpoint: { config: { kind: 'tcp-server', host: '127.0.0.1', port: 0 } },
  startEndpoint: { endpointId: 'nope' },
  closeEndpoint: { endpointId: 'nope' },
  removeEndpoint: { endpointId: 'nope' },
  updateEndpoint: { endpointId: 'nope', name: 'x' },
  listPeers: { endpointId: 'nope' },
  send: { endpointId: 'nope', bytes: new Uint8Array([1]) },
  closePeer: { endpointId: 'nope', peerId: 'nope', mode: 'reset' },
  endOutput: { endpointId: 'nope' },
  udpMembership: { endpointId: 'nope', action: 'join', group: '239.1.2.3' },
  readCapture: { endpointId: 'nope', fromSeq: 0 },
  readChunk: { endpointId: 'nope', seq: 0 },
  updateSettings: { patch: { theme: 'dark' } }
}

/** Replaces the value at a path of the sample (the whole request, a field, or a config field). */
function mutate(sample: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value
  const copy = { ...(sample as Record<string, unknown>) }
  const [head, ...rest] = path as [string, ...string[]]
  copy[head] = mutate(copy[head], rest, value)
  return copy
}

function pathsOf(sample: unknown, prefix: string[] = []): string[][] {
  const paths = [prefix]
  if (typeof sample === 'object' && sample !== null && !(sample instanceof Uint8Array)) {
    for (const key of Object.keys(sample)) paths.push(...pathsOf((sample as Record<string, unknown>)[key], [...prefix, key]))
  }
  return [...paths, [...prefix, 'extra']]
}

const brokenRequest = fc
  .constantFrom(...Object.keys(SAMPLES))
  .chain((name) => fc.tuple(fc.constant(name), fc.constantFrom(...pathsOf(SAMPLES[name])), wrongValue))
  .map(([name, path, value]) => ({ name, req: mutate(SAMPLES[name], path, value) }))

/** Messages of the wire format with their own fields of the wrong type. */
const wrongMessage = fc.oneof(
  fc.record({ t: fc.constant('req'), id: fc.oneof(wrongValue, fc.string()), name: fc.constantFrom(...requestNames), req: wrongValue }),
  fc.record({ t: fc.constant('req'), id: fc.nat(), name: fc.oneof(wrongValue, fc.string({ maxLength: 20 })), req: wrongValue }),
  fc.record({ t: fc.constant('ack'), batch: fc.oneof(wrongValue, fc.string()) }),
  fc.record({ t: fc.oneof(wrongValue, fc.string({ maxLength: 10 })) }),
  wrongValue
)

describe('browser shell session under fuzzing', () => {
  let t: ShellUnderTest
  let cookie: string
  let bystander: ApiSocket
  const bystanderEvents: EngineEvent[] = []
  let peer: Socket
  let prober: Prober

  beforeAll(async () => {
    t = await startShell()
    cookie = await openSession(t.shell)
    // A window that is open all along, with a server and a connected peer.
    bystander = await openApiSocket(t.shell, cookie)
    bystander.ws.on('message', (data) => {
      const m = decodeWire(data as Buffer) as ServerMessage
      if (m.t === 'events') {
        bystanderEvents.push(...(m.batch as EventBatch).events)
        bystander.send({ t: 'ack', batch: (m.batch as EventBatch).batch })
      }
    })
    bystander.send({ t: 'subscribe' })
    const opened = (await bystander.request('openEndpoint', { config: { kind: 'tcp-server', host: '127.0.0.1', port: 0 } })) as Result<{
      local: { port: number }
    }>
    if (!opened.ok) throw new Error(opened.error.message)
    peer = connect(opened.value.local.port, '127.0.0.1')
    await new Promise((r) => peer.once('connect', r))
    prober = new Prober(t.shell.port, cookie)
  })

  afterAll(async () => {
    prober.close()
    peer.destroy()
    await bystander.close()
    await t.stop()
  })

  const bystanderStillServed = async (marker: string): Promise<void> => {
    expect(await bystander.request('getAppInfo')).toMatchObject({ ok: true })
    peer.write(marker)
    const end = Date.now() + 10_000
    const seen = (): boolean =>
      bystanderEvents.some((e) => e.type === 'data' && e.dir === 'in' && Buffer.from(e.preview).toString('latin1').includes(marker))
    while (!seen() && Date.now() < end) await new Promise((r) => setTimeout(r, 10))
    expect(seen(), 'the bystander saw its peer data').toBe(true)
  }

  it('answers or closes cleanly on random bytes, binary or text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string({ maxLength: 100 })), async (frame) => {
        const outcome = await prober.probe(frame)
        if (outcome.kind === 'closed') expect(CLEAN_CLOSES).toContain(outcome.code)
      }),
      { numRuns: 150 }
    )
    await bystanderStillServed('after-random')
  })

  it('answers every request with a result or an error result, whichever field is of the wrong type', async () => {
    let id = 1
    await fc.assert(
      fc.asyncProperty(brokenRequest, async ({ name, req }) => {
        const requestId = id++
        const outcome = await prober.probe(encodeWire({ t: 'req', id: requestId, name, req }), [requestId])
        expect(outcome.kind, `${name} ${JSON.stringify(req, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`).toBe('answered')
        if (outcome.kind === 'answered') expectWellFormedResult(outcome.results[0]!)
      }),
      { numRuns: 400 }
    )
    await bystanderStillServed('after-broken-requests')
  })

  it('answers, ignores or closes cleanly on messages whose own fields are of the wrong type', async () => {
    await fc.assert(
      fc.asyncProperty(wrongMessage, async (message) => {
        const frame = encodeWire(message as never)
        const m = message as Record<string, unknown>
        const isRequest = typeof m === 'object' && m !== null && m.t === 'req' && Number.isSafeInteger(m.id) && typeof m.name === 'string'
        const outcome = await prober.probe(frame, isRequest ? [m.id as number] : [])
        if (outcome.kind === 'closed') expect(CLEAN_CLOSES).toContain(outcome.code)
        else for (const result of outcome.results) expectWellFormedResult(result)
      }),
      { numRuns: 300 }
    )
    await bystanderStillServed('after-wrong-messages')
  })

  it('closes cleanly on frames built to hurt: deep nesting, lying lengths, stray byte references', async () => {
    const head = (json: string, declared?: number): Uint8Array => {
      const body = Buffer.from(json)
      const out = Buffer.alloc(4 + body.length)
      out.writeUInt32LE(declared ?? body.length)
      body.copy(out, 4)
      return out
    }
    const frames = [
      head('['.repeat(500_000) + ']'.repeat(500_000)),
      head(`{"t":"req","id":1,"name":"send","req":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`),
      head('{"t":"req","id":1,"name":"getAppInfo"}', 0xffffffff),
      head('{"t":"req","id":1,"name":"send","req":{"endpointId":"x","bytes":{"$b":[0,4294967295]}}}'),
      head('{"t":"req","id":1,"name":"send","req":{"endpointId":"x","bytes":{"$b":[-1,1]}}}'),
      head('{"t":"req","id":1,"name":"__proto__","req":{"__proto__":{"polluted":true}}}'),
      head('{"t":"req","id":1,"name":"constructor","req":null}'),
      head('{"t":"req","id":1,"name":"toString","req":null}'),
      head('{"t":"req","id":1,"name":"hasOwnProperty","req":null}'),
      head('{"t":"subscribe"}'),
      head('{"t":"subscribe"}'),
      head('{"t":"ack","batch":9007199254740991}'),
      head('{"t":"ack","batch":-9007199254740991}'),
      new Uint8Array()
    ]
    for (const frame of frames) {
      const outcome = await prober.probe(frame, [])
      if (outcome.kind === 'closed') expect(CLEAN_CLOSES).toContain(outcome.code)
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const outcome = await prober.probe(encodeWire({ t: 'req', id: 7, name, req: null }), [7])
      expect(outcome).toMatchObject({ kind: 'answered', results: [{ ok: false, error: { code: 'EINVAL' } }] })
    }
    await bystanderStillServed('after-hurtful-frames')
  })

  it('refuses a message over the size limit with a clean close', async () => {
    const api = await openApiSocket(t.shell, cookie)
    api.ws.send(new Uint8Array(65 * 1024 * 1024 + 1))
    expect(await api.closed).toBe(1009)
    await bystanderStillServed('after-oversize')
  })
})

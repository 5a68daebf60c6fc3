// updateEndpoint({responder}) through the browser shell's WebSocket, with what a page could send:
// wrong shapes, unknown kinds, patterns RE2 refuses, oversized lists, responders on clients. Each
// gets an error result with a code, a message that names the field, and a hint; the server keeps
// its responder and keeps answering a real peer on loopback.
import { connect } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { Result } from '../../../src/shared/api'
import { openApiSocket } from './api-socket'
import { openSession, startShell, type ShellUnderTest } from './shell-fixture'

const RULES = { kind: 'rules', rules: [{ match: { type: 'contains', payload: { format: 'text', text: 'ping' } }, then: { type: 'reply', payload: { format: 'text', text: 'pong' } } }] }

const MALFORMED: [string, unknown, RegExp][] = [
  ['a string', 'echo', /responder/],
  ['a number', 7, /responder/],
  ['an array', [{ kind: 'echo' }], /responder/],
  ['no kind', { rules: [] }, /responder/],
  ['an unknown kind', { kind: 'shell' }, /responder/],
  ['an unknown field', { kind: 'echo', extra: 1 }, /responder|extra/],
  ['rules that are not a list', { kind: 'rules', rules: { 0: {} } }, /rules/],
  ['a rule with no action', { kind: 'rules', rules: [{ match: { type: 'exact', payload: { format: 'text', text: 'x' } } }] }, /then/],
  ['a backreference', { kind: 'rules', rules: [{ match: { type: 'regex', pattern: '(a)\\1' }, then: { type: 'close' } }] }, /rule 1/],
  ['a lookahead', { kind: 'rules', rules: [{ match: { type: 'regex', pattern: 'a(?=b)' }, then: { type: 'close' } }] }, /rule 1/],
  ['a pattern too long', { kind: 'rules', rules: [{ match: { type: 'regex', pattern: 'a'.repeat(1001) }, then: { type: 'close' } }] }, /1000/],
  ['a bad hex prefix', { kind: 'rules', rules: [{ match: { type: 'hex-prefix', hex: '0' }, then: { type: 'close' } }] }, /hex/],
  ['a delay too long', { kind: 'rules', rules: [{ match: { type: 'contains', payload: { format: 'text', text: '' } }, then: { type: 'reply', payload: { format: 'text', text: 'x' }, delayMs: 1e9 } }] }, /delayMs/],
  ['a negative delay', { kind: 'rules', rules: [{ match: { type: 'contains', payload: { format: 'text', text: '' } }, then: { type: 'reply', payload: { format: 'text', text: 'x' }, delayMs: -1 } }] }, /delayMs/],
  ['101 rules', { kind: 'rules', rules: Array.from({ length: 101 }, () => ({ match: { type: 'contains', payload: { format: 'text', text: '' } }, then: { type: 'close' } })) }, /100/],
  ['a payload over 64 KiB', { kind: 'fixed', reply: { format: 'text', text: 'x'.repeat(65 * 1024) } }, /payload|text/],
  ['an unknown encoding', { kind: 'fixed', reply: { format: 'text', text: 'x', encoding: 'klingon' } }, /encoding|klingon/],
  ['macros in a match', { kind: 'rules', rules: [{ match: { type: 'exact', payload: { format: 'text', text: '{counter}', macros: true } }, then: { type: 'close' } }] }, /macros/],
  ['a bad macro', { kind: 'fixed', reply: { format: 'text', text: '{shell}', macros: true } }, /shell/],
  ['a regex input too large', { ...RULES, regexInputBytes: 1e9 }, /regexInputBytes/],
  ['a prototype key', JSON.parse('{"kind":"echo","__proto__":{"kind":"file-server"}}'), /responder|__proto__/]
]

describe('updateEndpoint with a malformed responder through the browser shell', () => {
  let t: ShellUnderTest | undefined

  afterEach(async () => {
    await t?.stop()
    t = undefined
  })

  it('answers each with a clear error and keeps the responder it had', async () => {
    t = await startShell()
    const api = await openApiSocket(t.shell, await openSession(t.shell))
    const opened = (await api.request('openEndpoint', { config: { kind: 'tcp-server', host: '127.0.0.1', port: 0, responder: RULES } })) as Result<{ id: string; local: { port: number } }>
    if (!opened.ok) throw new Error(opened.error.message)
    const { id } = opened.value
    for (const [what, responder, says] of MALFORMED) {
      const r = await api.request('updateEndpoint', { endpointId: id, responder })
      expect(r.ok, what).toBe(false)
      if (r.ok) continue
      expect(r.error.code, what).toBe('EINVAL')
      expect(r.error.message, `${what}: ${r.error.message}`).toMatch(says)
      expect(r.error.hint.length, what).toBeGreaterThan(0)
    }
    const client = await api.request('openEndpoint', { config: { kind: 'tcp-client', host: '127.0.0.1', port: opened.value.local.port } })
    if (!client.ok) throw new Error(client.error.message)
    const onClient = await api.request('updateEndpoint', { endpointId: (client.value as { id: string }).id, responder: { kind: 'echo' } })
    expect(onClient.ok).toBe(false)
    if (!onClient.ok) expect(onClient.error.hint.length).toBeGreaterThan(0)

    const list = (await api.request('listEndpoints')) as Result<{ id: string; config: { responder?: unknown } }[]>
    expect(list.ok && list.value.find((e) => e.id === id)?.config.responder).toEqual(RULES)

    // The responder still answers a real peer.
    const peer = connect(opened.value.local.port, '127.0.0.1')
    const got: Buffer[] = []
    peer.on('data', (c: Buffer) => got.push(c))
    await new Promise((r) => peer.once('connect', r))
    peer.write('ping')
    const end = Date.now() + 5000
    while (Buffer.concat(got).toString() !== 'pong' && Date.now() < end) await new Promise((r) => setTimeout(r, 10))
    peer.destroy()
    expect(Buffer.concat(got).toString()).toBe('pong')
    await api.close()
  })
})

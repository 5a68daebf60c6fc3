import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { createResponder, MemoryFileStore, RESPONDER_KINDS, RESPONDERS, ResponderSession, responderConfig, type ResponderConfig } from '../../../src/shared/responders'
import { SocketLabError } from '../../../src/shared/errors'
import { bytes, notes, replyBytes, testContext } from './helpers'

const text = (t: string): { format: 'text'; text: string } => ({ format: 'text', text: t })

/** One working configuration of every kind, as a window or a workspace file would hold it. */
const SAMPLES: ResponderConfig[] = [
  { kind: 'echo' },
  { kind: 'upper' },
  { kind: 'fixed', reply: { format: 'escaped', text: 'hi\\r\\n' } },
  {
    kind: 'rules',
    rules: [
      { match: { type: 'exact', payload: text('ping') }, then: { type: 'reply', payload: text('pong'), delayMs: 100 } },
      { match: { type: 'regex', pattern: '^(a+)+$', flags: 'i' }, then: { type: 'close' } },
      { match: { type: 'hex-prefix', hex: 'ff' }, then: { type: 'reset' } }
    ],
    otherwise: 'echo'
  },
  { kind: 'time' },
  { kind: 'chat', script: ['hello', 'bye'] },
  { kind: 'command', os: 'windows', language: 'zh-CN', encoding: 'gbk', stage: 'json-header' },
  { kind: 'command', os: 'linux', stage: 'length' },
  { kind: 'file-server', maxFileSize: 4096, ack: true }
]

function configError(fn: () => unknown): SocketLabError {
  try {
    fn()
  } catch (err) {
    if (err instanceof SocketLabError) return err
    throw err
  }
  throw new Error('expected a configuration error')
}

describe('the responder registry', () => {
  it('has a description and a lesson for every kind, and a sample here for each', () => {
    for (const kind of RESPONDER_KINDS) {
      expect(RESPONDERS[kind].description.length).toBeGreaterThan(10)
      expect(SAMPLES.some((s) => s.kind === kind)).toBe(true)
    }
  })

  it.each(SAMPLES.map((s) => [s.kind, s] as const))('makes a %s responder from a configuration that survives JSON', (kind, sample) => {
    const roundTrip = JSON.parse(JSON.stringify(sample)) as unknown
    expect(responderConfig.parse(roundTrip)).toEqual(sample)
    expect(createResponder(roundTrip).kind).toBe(kind)
  })

  it.each<[string, unknown, RegExp]>([
    ['an unknown kind', { kind: 'telnet' }, /kind/],
    ['a field the kind does not have', { kind: 'echo', reply: 'x' }, /Unrecognized key/],
    ['a delay past a minute', { kind: 'rules', rules: [{ match: { type: 'exact', payload: text('a') }, then: { type: 'reply', payload: text('b'), delayMs: 60_001 } }] }, /rules\.0\.then\.delayMs/],
    ['a regex input bound past 64 KiB', { kind: 'rules', rules: [], regexInputBytes: 65_537 }, /regexInputBytes/],
    ['a payload format that does not exist', { kind: 'fixed', reply: { format: 'morse', text: '...' } }, /reply\.format/],
    ['a stage that does not exist', { kind: 'command', stage: 'xml' }, /stage/],
    ['not an object', 'echo', /object/]
  ])('refuses %s, naming the field', (_what, config, field) => {
    const err = configError(() => createResponder(config))
    expect(err.code).toBe('EINVAL')
    expect(err.message).toMatch(/^Invalid responder: /)
    expect(err.message).toMatch(field)
    expect(err.hint).toMatch(/Responders are: echo, upper, fixed, rules, time, chat, command, file-server/)
  })

  it('refuses what only compiling finds (a bad regex), naming the rule', () => {
    const err = configError(() => createResponder({ kind: 'rules', rules: [{ match: { type: 'regex', pattern: '(?<=a)b' }, then: { type: 'close' } }] }))
    expect(err.toJSON()).toEqual({
      code: 'EINVAL',
      message: expect.stringMatching(/^rule 1's regex \/\(\?<=a\)b\/ is refused: lookahead and lookbehind/),
      hint: expect.any(String),
      // Catalog ids, so the window says it in its language.
      id: 'regexLookaround',
      hintId: 'regexSyntax',
      params: { where: 'rule 1', pattern: '(?<=a)b', flags: '' }
    })
  })
})

describe('every responder, against hostile frames', () => {
  // Empty frames, a bye and its pieces, stray bytes, invalid UTF-8, protocol-looking prefixes, and
  // large frames: cut as a peer pleases.
  const frame = fc.oneof(
    fc.constant(new Uint8Array(0)),
    fc.constantFrom(bytes('bye'), bytes('by'), bytes('BYE'), bytes('dir'), bytes('ls -la'), bytes('%Y-%m-%d %X'), bytes('%99999Y'), bytes('ping'), Uint8Array.of(0xff, 0xfe), Uint8Array.of(0x10, 0, 0, 0)),
    fc.uint8Array({ maxLength: 300 }),
    fc.integer({ min: 60_000, max: 70_000 }).map((n) => new Uint8Array(n).fill(0x61))
  )

  it.each(SAMPLES.map((s) => [`${s.kind}${'stage' in s ? ` (${s.stage})` : ''}`, s] as const))('%s stays within its bound and never fails', (_name, sample) => {
    const responder = createResponder(sample)
    fc.assert(
      fc.property(fc.array(frame, { maxLength: 12 }), fc.constantFrom<'stream' | 'datagram'>('stream', 'datagram'), (frames, transport) => {
        const store = new MemoryFileStore(1 << 20)
        store.put('f', new Uint8Array(100))
        const ctx = testContext({ transport, files: store })
        // Straight from the instance: the bound is the responder's own promise.
        const instance = responder.createInstance()
        for (const payload of frames) {
          const out = instance.frame({ payload }, ctx)
          expect(replyBytes(out)).toBeLessThanOrEqual(responder.bound.perInputByte * payload.byteLength + responder.bound.fixed)
        }
        // Through the session, as the engine runs it: no failure notes, and holds are honoured.
        const session = new ResponderSession(responder, ctx)
        session.open()
        for (const payload of frames) {
          if (session.isHolding) session.input(bytes('typed'))
          const out = session.frame({ payload })
          expect(notes(out).filter((n) => n.kind === 'error' && n.error.code === 'ERESPONDER')).toEqual([])
        }
        session.end()
      }),
      { numRuns: 40 }
    )
  })
})

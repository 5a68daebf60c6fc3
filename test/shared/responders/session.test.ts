import { describe, it, expect } from 'vitest'
import { ResponderSession } from '../../../src/shared/responders/session'
import type { Responder, ResponderAction, ResponderInstance } from '../../../src/shared/responders/types'
import { bytes, notes, testContext } from './helpers'

function responder(instance: ResponderInstance, bound = { perInputByte: 1, fixed: 0 }): Responder {
  return { kind: 'echo', bound, createInstance: () => instance }
}

describe('ResponderSession', () => {
  it('passes through what stays within the bound', () => {
    const s = new ResponderSession(responder({ frame: ({ payload }) => [{ type: 'reply', bytes: payload }, { type: 'close' }] }), testContext())
    expect(s.frame({ payload: bytes('abc') }).map((a) => a.type)).toEqual(['reply', 'close'])
  })

  it('turns a reply over the bound into one error note, and sends nothing', () => {
    const s = new ResponderSession(responder({ frame: ({ payload }) => [{ type: 'reply', bytes: payload }, { type: 'reply', bytes: Uint8Array.of(1) }] }), testContext())
    const out = s.frame({ payload: bytes('abc') })
    expect(out).toHaveLength(1)
    expect(notes(out)[0]).toMatchObject({ kind: 'error', error: { code: 'ERESPONDER', message: expect.stringMatching(/replied 4 bytes to 3, more than its bound of 3/) } })
  })

  it('turns a hook that throws into an error note', () => {
    const s = new ResponderSession(
      responder({
        frame: () => {
          throw new Error('boom')
        }
      }),
      testContext()
    )
    expect(notes(s.frame({ payload: bytes('x') }))[0]).toMatchObject({ kind: 'error', error: { code: 'ERESPONDER', message: 'the echo responder failed: boom' } })
  })

  it.each<[string, unknown]>([
    ['not a list', { type: 'reply' }],
    ['an unknown action', [{ type: 'explode' }]],
    ['a reply without bytes', [{ type: 'reply', bytes: 'abc' }]],
    ['a negative delay', [{ type: 'reply', bytes: new Uint8Array(0), delayMs: -1 }]],
    ['a delay past a minute', [{ type: 'reply', bytes: new Uint8Array(0), delayMs: 60_001 }]],
    ['a fractional delay', [{ type: 'reply', bytes: new Uint8Array(0), delayMs: 1.5 }]]
  ])('refuses %s', (_why, output) => {
    const s = new ResponderSession(responder({ frame: () => output as ResponderAction[] }), testContext())
    const out = s.frame({ payload: bytes('abc') })
    expect(out).toHaveLength(1)
    expect(notes(out)[0]!.kind).toBe('error')
  })

  it('keeps the hold: no frame is delivered until input releases it', () => {
    const s = new ResponderSession(
      responder({
        frame: () => [{ type: 'hold' }],
        input: (b) => [{ type: 'reply', bytes: b }, { type: 'release' }]
      }),
      testContext()
    )
    s.frame({ payload: bytes('q') })
    expect(s.isHolding).toBe(true)
    expect(() => s.frame({ payload: bytes('r') })).toThrow(/holds/)
    s.input(bytes('a'))
    expect(s.isHolding).toBe(false)
  })

  it('closes when the peer ends, unless the responder says otherwise', () => {
    expect(new ResponderSession(responder({ frame: () => [] }), testContext()).end()).toEqual([{ type: 'close' }])
    expect(new ResponderSession(responder({ frame: () => [], end: () => [] }), testContext()).end()).toEqual([])
  })

  it('says so when typed input goes to a responder that takes none', () => {
    const out = new ResponderSession(responder({ frame: () => [] }), testContext()).input(bytes('hi'))
    expect(notes(out)[0]).toMatchObject({ kind: 'error', error: { code: 'ENOINPUT' } })
  })
})

import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { createEcho } from '../../../src/shared/responders/echo'
import { testContext, replies } from './helpers'

describe('echo', () => {
  const responder = createEcho({ kind: 'echo' })

  it('sends back every frame unchanged, empty and invalid UTF-8 included, in its own copy', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (payload) => {
        const out = replies(responder.createInstance().frame({ payload }, testContext()))
        expect(out).toHaveLength(1)
        expect(out[0]!.bytes).toEqual(payload)
        // The payload is borrowed: the engine may overwrite it once the call returns.
        expect(out[0]!.bytes.buffer).not.toBe(payload.buffer)
      })
    )
  })

  it('echoes a 16 MiB frame within its bound of one byte per byte', () => {
    const payload = new Uint8Array(16 * 1024 * 1024).fill(0xff)
    const [reply] = replies(responder.createInstance().frame({ payload }, testContext()))
    expect(reply!.bytes.byteLength).toBe(payload.byteLength)
    expect(responder.bound).toEqual({ perInputByte: 1, fixed: 0 })
  })
})

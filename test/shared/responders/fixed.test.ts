import { describe, it, expect } from 'vitest'
import { createFixed } from '../../../src/shared/responders/fixed'
import { SocketLabError } from '../../../src/shared/errors'
import { bytes, replyText, testContext } from './helpers'

describe('fixed', () => {
  it("answers every frame with the configured bytes, as the lessons' conn.send(b'hi')", () => {
    const r = createFixed({ kind: 'fixed', reply: { format: 'text', text: 'hi' } })
    const peer = r.createInstance()
    expect(replyText(peer.frame({ payload: bytes('hello!') }, testContext()))).toBe('hi')
    expect(replyText(peer.frame({ payload: new Uint8Array(0) }, testContext()))).toBe('hi')
    expect(r.bound).toEqual({ perInputByte: 0, fixed: 2 })
  })

  it('reads hex, escapes and other encodings as the composer does', () => {
    const hex = createFixed({ kind: 'fixed', reply: { format: 'hex', text: 'de ad be ef' } }).createInstance()
    expect(Array.from((hex.frame({ payload: bytes('x') }, testContext())[0] as { bytes: Uint8Array }).bytes)).toEqual([0xde, 0xad, 0xbe, 0xef])
    const gbk = createFixed({ kind: 'fixed', reply: { format: 'escaped', text: '你好\\r\\n', encoding: 'gbk' } }).createInstance()
    expect(Array.from((gbk.frame({ payload: bytes('x') }, testContext())[0] as { bytes: Uint8Array }).bytes)).toEqual([0xc4, 0xe3, 0xba, 0xc3, 0x0d, 0x0a])
  })

  it('refuses bad hex when configured, saying where', () => {
    let err: unknown
    try {
      createFixed({ kind: 'fixed', reply: { format: 'hex', text: 'de ag' } })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(SocketLabError)
    expect((err as SocketLabError).code).toBe('EINVAL')
    expect((err as SocketLabError).message).toMatch(/^the fixed reply: /)
    expect((err as SocketLabError).hint).not.toBe('')
  })
})

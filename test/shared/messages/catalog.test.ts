// The error catalog: every id has an English and a Chinese text with the same placeholders, and an
// error keeps its id and params across every boundary (JSON, the browser shell's wire, IPC's clone).
import { describe, expect, it } from 'vitest'
import { SocketLabError, toAppError } from '../../../src/shared/errors'
import { CodecError, createFramer, encodePayload, parseBase64, parseEscapedText, parseFramingSpec, parseHex } from '../../../src/shared/codec'
import { enErrors } from '../../../src/shared/messages/en'
import { interpolate, placeholdersOf } from '../../../src/shared/messages/render'
import { decodeWire, encodeWire, type ServerMessage } from '../../../src/shared/wire'
import { zhCNErrors } from '../../../src/renderer/src/i18n/zh-CN-errors'

const PARTS = ['messages', 'hints', 'terms'] as const
const HAN = /[\u4e00-\u9fff]/

function thrown(fn: () => unknown): CodecError {
  try {
    fn()
  } catch (err) {
    if (err instanceof CodecError) return err
    throw err
  }
  throw new Error('expected a CodecError')
}

describe('the error catalog', () => {
  for (const part of PARTS) {
    it(`has every ${part} id in English and Chinese, with the same placeholders`, () => {
      const en: Record<string, string> = enErrors[part]
      const zh: Record<string, string> = zhCNErrors[part]
      expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort())
      expect(Object.keys(en).length).toBeGreaterThan(10)
      for (const [id, text] of Object.entries(en)) {
        expect(text.trim(), id).not.toBe('')
        expect(placeholdersOf(zh[id]!), `${part}.${id}`).toEqual(placeholdersOf(text))
      }
    })
  }

  it('is written in Chinese, not copied: every message and hint, and every term but codes', () => {
    for (const part of ['messages', 'hints'] as const) {
      for (const [id, text] of Object.entries(zhCNErrors[part])) expect(text, `${part}.${id}`).toMatch(HAN)
    }
    for (const [id, text] of Object.entries(zhCNErrors.terms)) expect(text, `terms.${id}`).toMatch(HAN)
  })

  it('fills in params, leaving a placeholder with no value visible rather than blank', () => {
    expect(interpolate('{{a}} and {{ b }}', { a: 1, b: 'x' })).toBe('1 and x')
    expect(interpolate('{{a}} and {{c}}', { a: 1 })).toBe('1 and {{c}}')
  })
})

describe('a catalog error', () => {
  const error = SocketLabError.of('EADDRINUSE', {
    id: 'osFailed',
    hintId: 'addressInUseTcp',
    params: { action: 'listenOn', target: '127.0.0.1:9000', reason: 'EADDRINUSE', holder: 'anotherTcpSocket' }
  })

  it('says itself in English for the command line and logs, terms put into words', () => {
    expect(error.message).toBe('listen on 127.0.0.1:9000 failed: address already in use')
    expect(error.hint).toMatch(/^127\.0\.0\.1:9000 is already taken by another TCP socket\. Pick another port/)
    expect(error.id).toBe('osFailed')
    expect(error.hintId).toBe('addressInUseTcp')
    expect(error.params).toEqual({ action: 'listenOn', target: '127.0.0.1:9000', reason: 'EADDRINUSE', holder: 'anotherTcpSocket' })
  })

  const expected = { code: 'EADDRINUSE', message: error.message, hint: error.hint, id: 'osFailed', hintId: 'addressInUseTcp', params: error.params }

  it('keeps code, id and params through toAppError, JSON and a structured clone (Electron IPC)', () => {
    expect(toAppError(error)).toEqual(expected)
    expect(JSON.parse(JSON.stringify(error))).toEqual(expected)
    expect(structuredClone(toAppError(error))).toEqual(expected)
  })

  it("keeps them through the browser shell's wire format, in a result and in an event", () => {
    const res: ServerMessage = { t: 'res', id: 7, result: { ok: false, error: toAppError(error) } }
    expect(decodeWire(encodeWire(res))).toEqual(res)
    const events: ServerMessage = {
      t: 'events',
      batch: { batch: 1, events: [{ type: 'error', endpointId: 'e1', error: error.toJSON(), time: 1 }], counters: {} }
    }
    expect((decodeWire(encodeWire(events)) as { batch: { events: { error: unknown }[] } }).batch.events[0]!.error).toEqual(expected)
  })

  it('drops params that are not strings or numbers when it turns into an AppError', () => {
    const odd = toAppError({ code: 'EX', message: 'm', hint: 'h', id: 'endpointGone', params: { a: { nested: true } } })
    expect(odd).toEqual({ code: 'EX', message: 'm', hint: 'h', id: 'endpointGone' })
  })
})

describe('codec errors carry catalog ids and params', () => {
  it('bad hex names the character and its position', () => {
    const e = thrown(() => parseHex('de ad zz'))
    expect(e).toMatchObject({ code: 'EINVAL', id: 'badHexDigit', params: { char: "'z'", position: 6 } })
    expect(e.message).toBe("bad hex digit 'z' at position 6")
    expect(e.hint).toBe(enErrors.hints.badHexDigit)
  })

  it('odd digits, escapes and base64 say where', () => {
    expect(thrown(() => parseHex('abc'))).toMatchObject({ id: 'oddHexDigits', params: { start: 0, position: 2 } })
    expect(thrown(() => parseEscapedText('ok\\q'))).toMatchObject({ id: 'unknownEscape', hintId: 'escapes', params: { escape: 'q', position: 2 } })
    expect(thrown(() => parseBase64('ab!c'))).toMatchObject({ id: 'badBase64Char', hintId: 'base64', params: { char: "'!'", position: 2 } })
  })

  it('an unencodable character in escaped text gives its position in the text typed', () => {
    const e = thrown(() => encodePayload({ format: 'escaped', text: '\\n汉', encoding: 'latin1' as never }))
    expect(e).toMatchObject({ id: 'unencodable', params: { position: 2, encoding: 'latin1' } })
    expect(e.message).toContain('at position 2')
  })

  it('a bad framing spec and a frame past the limit', () => {
    expect(thrown(() => parseFramingSpec('nope:1'))).toMatchObject({ id: 'specUnknownFraming', hintId: 'badFramingSpec', params: { spec: 'nope:1', kind: 'nope' } })
    const decoder = createFramer('len:4', { maxFrameSize: 16 }).createDecoder()
    const e = thrown(() => decoder.push(Uint8Array.of(0, 0, 1, 0)))
    expect(e).toMatchObject({ code: 'EFRAMETOOBIG', id: 'frameTooBig', params: { what: 'frameByLength', size: 260, max: 16, offset: 0 } })
    expect(e.message).toBe('frame announced by the length field at stream offset 0 is 260 bytes, more than the 16-byte frame limit')
  })
})

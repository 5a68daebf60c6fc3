import { describe, it, expect } from 'vitest'
import { chatConfig, createChat, MAX_LINE_BYTES, MAX_WAITING_LINES } from '../../../src/shared/responders/chat'
import { ResponderSession } from '../../../src/shared/responders/session'
import { bytes, notes, replyText, testContext } from './helpers'

function chat(config: Record<string, unknown> = {}): ResponderSession {
  return new ResponderSession(createChat(chatConfig.parse({ kind: 'chat', ...config })), testContext())
}
const say = (s: ResponderSession, t: string | Uint8Array): ReturnType<ResponderSession['frame']> => s.frame({ payload: typeof t === 'string' ? bytes(t) : t })
const types = (actions: { type: string }[]): string[] => actions.map((a) => a.type)

describe('chat', () => {
  it('holds until the server user types, then answers with that line and reads on', () => {
    const s = chat()
    expect(types(say(s, 'hello'))).toEqual(['hold'])
    expect(s.isHolding).toBe(true)
    const typed = s.input(bytes('hi, client'))
    expect(replyText(typed)).toBe('hi, client')
    expect(types(typed)).toEqual(['reply', 'release'])
    expect(s.isHolding).toBe(false)
  })

  it('answers from lines typed ahead, one per received message, in order', () => {
    const s = chat()
    expect(s.input(bytes('first'))).toEqual([])
    expect(s.input(bytes('second'))).toEqual([])
    expect(replyText(say(s, 'a'))).toBe('first')
    expect(replyText(say(s, 'b'))).toBe('second')
    expect(types(say(s, 'c'))).toEqual(['hold'])
  })

  it('answers from the script first, so a lab runs unattended', () => {
    const s = chat({ script: ['one', 'two', 'bye'] })
    expect(replyText(say(s, 'x'))).toBe('one')
    expect(replyText(say(s, 'y'))).toBe('two')
    const last = say(s, 'z')
    expect(replyText(last)).toBe('bye')
    expect(notes(last)).toEqual([{ kind: 'bye', from: 'server' }])
    expect(types(last)).toEqual(['reply', 'note', 'close'])
    expect(say(s, 'after')).toEqual([])
  })

  it('ends without an answer when the client sends bye, as the lesson breaks out of its loop', () => {
    const s = chat({ script: ['never sent'] })
    const out = say(s, 'bye')
    expect(out).toEqual([{ type: 'note', note: { kind: 'bye', from: 'peer' } }, { type: 'close' }])
    expect(notes(s.input(bytes('late')))[0]).toMatchObject({ kind: 'error', error: { code: 'ECLOSED' } })
  })

  it("compares bye as the lesson does: the whole chunk, case and all", () => {
    for (const notBye of ['BYE', 'Bye', 'bye\n', ' bye', 'by', 'e', 'hellobye', 'byebye']) {
      const s = chat({ script: ['ok'] })
      expect(replyText(say(s, notBye))).toBe('ok')
    }
  })

  it('reads a bye split over two chunks as two messages, each answered', () => {
    const s = chat({ script: ['1', '2'] })
    expect(replyText(say(s, 'by'))).toBe('1')
    expect(replyText(say(s, 'e'))).toBe('2')
  })

  it('ignores case and surrounding whitespace when relaxed, and takes another word', () => {
    const s = chat({ byeMatch: 'relaxed', byeWord: '886' })
    expect(types(say(s, ' 886\r\n'))).toEqual(['note', 'close'])
    const t = chat({ byeMatch: 'relaxed' })
    expect(types(say(t, 'BYE\n'))).toEqual(['note', 'close'])
  })

  it('sends a typed bye and then ends', () => {
    const s = chat()
    say(s, 'hello')
    const out = s.input(bytes('bye'))
    expect(types(out)).toEqual(['reply', 'note', 'close', 'release'])
  })

  it('answers nothing but reads on when told not to hold', () => {
    const s = chat({ whenNoLine: 'silent' })
    expect(say(s, 'hello')).toEqual([])
    expect(s.isHolding).toBe(false)
    s.input(bytes('late answer'))
    expect(replyText(say(s, 'again'))).toBe('late answer')
  })

  it('notes a message that is not UTF-8 and still answers it', () => {
    const s = chat({ script: ['ok'] })
    const out = say(s, Uint8Array.of(0x62, 0xff))
    expect(replyText(out)).toBe('ok')
    expect(notes(out)[0]).toMatchObject({ kind: 'error', error: { code: 'EDECODE' } })
  })

  it('answers an empty datagram like any message', () => {
    const s = chat({ script: ['ok'] })
    expect(replyText(say(s, new Uint8Array(0)))).toBe('ok')
  })

  it('bounds what waits: lines too long, or too many typed ahead, are refused', () => {
    const s = chat()
    expect(notes(s.input(new Uint8Array(MAX_LINE_BYTES + 1)))[0]).toMatchObject({ error: { code: 'ETOOBIG' } })
    for (let i = 0; i < MAX_WAITING_LINES; i++) expect(s.input(bytes(`l${i}`))).toEqual([])
    expect(notes(s.input(bytes('one too many')))[0]).toMatchObject({ error: { code: 'EAGAIN' } })
  })

  it('encodes script lines in the configured encoding, and compares bye in it', () => {
    const s = chat({ encoding: 'gbk', script: ['你好'] })
    const out = say(s, 'x')
    expect(Array.from((out[0] as { bytes: Uint8Array }).bytes)).toEqual([0xc4, 0xe3, 0xba, 0xc3])
    expect(() => createChat(chatConfig.parse({ kind: 'chat', encoding: 'klingon' }))).toThrow(/encoding 'klingon' is not known/)
    expect(() => createChat(chatConfig.parse({ kind: 'chat', encoding: 'ascii', script: ['é'] }))).toThrow(/^script line 1: /)
  })
})

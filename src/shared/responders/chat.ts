// The server side of the lessons' chat (seed 000):
//
//   while True:
//       ret = conn.recv(1024).decode('utf-8')
//       if ret == 'bye': break
//       msg = input('服务端>>')
//       conn.send(msg.encode('utf-8'))
//       if msg == 'bye': break
//   conn.close()
//
// Each received frame is answered with the next line the person running the server typed (or a
// scripted line); until there is one the server holds, reading nothing more, as it sits in
// input(). A frame that is the bye word ends the chat with no answer; a typed bye is sent, then
// the chat ends. Like the lesson, bye is the whole received chunk, case and all: 'BYE', 'bye\n' or
// a bye split over two reads is chat. 'relaxed' ignores case and surrounding whitespace.
import { z } from 'zod'
import { decodeText, encodeText, parseTextEncoding, TEXT_ENCODINGS, type TextEncodingName } from '../codec'
import { configError, errorNote } from './errors'
import type { Responder, ResponderAction, ResponderInstance } from './types'
import { decodeUtf8Strict } from './utf8'

/** Longest line the server may send, typed or scripted. */
export const MAX_LINE_BYTES = 64 * 1024
/** Typed lines that may wait for frames to answer. */
export const MAX_WAITING_LINES = 64

export const chatConfig = z.strictObject({
  kind: z.literal('chat'),
  /** The word that ends the chat: 'bye' in the lesson; some lessons use '886'. */
  byeWord: z.string().min(1).max(64).optional(),
  /** 'exact' (default, the lesson's ==) or 'relaxed' (case and surrounding whitespace ignored). */
  byeMatch: z.enum(['exact', 'relaxed']).optional(),
  /** Lines answered in order before any typed ones, so a lab can run unattended. */
  script: z.array(z.string().max(MAX_LINE_BYTES)).max(MAX_WAITING_LINES).optional(),
  /** With no line to answer with: 'hold' (default, as input() blocks) or 'silent' (read on, answer nothing). */
  whenNoLine: z.enum(['hold', 'silent']).optional(),
  /** How scripted lines are encoded, and received ones read: utf-8 as in the lesson. */
  encoding: z.string().min(1).max(32).optional()
})

export type ChatConfig = z.infer<typeof chatConfig>

export function createChat(config: ChatConfig): Responder {
  const byeWord = config.byeWord ?? 'bye'
  const relaxed = config.byeMatch === 'relaxed'
  const hold = (config.whenNoLine ?? 'hold') === 'hold'
  let encoding: TextEncodingName = 'utf-8'
  if (config.encoding !== undefined) {
    try {
      encoding = parseTextEncoding(config.encoding)
    } catch {
      throw configError(`the chat's encoding '${config.encoding}' is not known`, `Use one of: ${TEXT_ENCODINGS.map((e) => e.name).join(', ')}.`)
    }
  }
  const encode = (text: string, where: string): Uint8Array => {
    try {
      return encodeText(text, encoding)
    } catch (err) {
      throw configError(`${where}: ${(err as Error).message}`, (err as { hint?: string }).hint ?? 'Use characters the encoding has.')
    }
  }
  const script = (config.script ?? []).map((line, i) => encode(line, `script line ${i + 1}`))
  const byeBytes = encode(byeWord, 'the bye word')
  const isBye = (bytes: Uint8Array): boolean => {
    if (!relaxed) return sameBytes(bytes, byeBytes)
    // Only a frame about the word's size can be it: a flood is not decoded to find out.
    if (bytes.byteLength > byeBytes.byteLength + 256) return false
    return decodeText(bytes, encoding, { invalid: 'replace' }).trim().toLowerCase() === byeWord.toLowerCase()
  }
  const longest = Math.max(MAX_LINE_BYTES, ...script.map((l) => l.byteLength))
  return {
    kind: 'chat',
    bound: { perInputByte: 1, fixed: longest },
    createInstance: () => new ChatPeer(script, isBye, hold, encoding)
  }
}

class ChatPeer implements ResponderInstance {
  private readonly waiting: Uint8Array[]
  /** A frame was answered with hold: the next typed line is its answer. */
  private owing = false
  private ended = false

  constructor(
    script: Uint8Array[],
    private readonly isBye: (bytes: Uint8Array) => boolean,
    private readonly hold: boolean,
    private readonly encoding: TextEncodingName
  ) {
    this.waiting = script.slice()
  }

  frame({ payload }: { payload: Uint8Array }): ResponderAction[] {
    if (this.ended) return []
    const out: ResponderAction[] = []
    if (this.encoding === 'utf-8') {
      const decoded = decodeUtf8Strict(payload)
      if (!decoded.ok) out.push(errorNote('EDECODE', `a chat message is not UTF-8 (byte 0x${decoded.byte.toString(16).padStart(2, '0')} at ${decoded.offset})`, "The lesson's server would crash decoding it; this one answers it as a message."))
    }
    if (this.isBye(payload)) {
      this.ended = true
      return [...out, { type: 'note', note: { kind: 'bye', from: 'peer' } }, { type: 'close' }]
    }
    const line = this.waiting.shift()
    if (line) return [...out, ...this.send(line)]
    if (!this.hold) return out
    this.owing = true
    return [...out, { type: 'hold' }]
  }

  input(bytes: Uint8Array): ResponderAction[] {
    if (this.ended) return [errorNote('ECLOSED', 'the chat has ended: bye was said', 'Nothing more is sent on this connection; a new client starts a new chat.')]
    if (bytes.byteLength > MAX_LINE_BYTES) return [errorNote('ETOOBIG', `a chat line is at most ${MAX_LINE_BYTES} bytes; this one is ${bytes.byteLength}`, 'Send long data with the composer instead.')]
    const line = bytes.slice()
    if (this.owing) {
      this.owing = false
      return [...this.send(line), { type: 'release' }]
    }
    if (this.waiting.length >= MAX_WAITING_LINES) {
      return [errorNote('EAGAIN', `${MAX_WAITING_LINES} typed lines already wait for the client to speak`, 'The server answers one line per message it receives; wait for the client.')]
    }
    this.waiting.push(line)
    return []
  }

  // The lesson's server only ever answers when it has read something; the client ending first
  // just closes. Left to the engine's default (close).

  private send(line: Uint8Array): ResponderAction[] {
    const out: ResponderAction[] = [{ type: 'reply', bytes: line }]
    if (this.isBye(line)) {
      this.ended = true
      out.push({ type: 'note', note: { kind: 'bye', from: 'server' } }, { type: 'close' })
    }
    return out
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false
  return true
}

// The lessons' remote command server (seed 001, "基于tcp实现远程命令"), simulated: it never runs
// anything. The lesson's server does
//
//   obj = subprocess.Popen(cmd.decode('utf-8'), shell=True, stdout=PIPE, stderr=PIPE)
//   stdout, stderr = obj.stdout.read(), obj.stderr.read()
//
// and sends the output in one of three ways, the three stages of the lesson:
// - 'raw':         conn.send(stdout + stderr). A client's recv(1024) gets part of a long output,
//                  and the rest comes with the next command's: the sticky-packet symptom.
// - 'length':      conn.send(struct.pack('i', len(stdout) + len(stderr))), then stdout, then stderr.
// - 'json-header': conn.send(struct.pack('i', len(header))), the header (json.dumps of
//                  {"cmd": command, "file_size": total}), then stdout and stderr.
// Here a fixed set of commands gets canned output as Windows (English or Chinese) or Ubuntu print
// it, encoded as the machine would: a Chinese Windows console writes GBK, which is why the
// lesson's client decodes with gbk. Anything else gets the shell's "not recognized" / "not found".
import { z } from 'zod'
import { encodeText, parseTextEncoding, TEXT_ENCODINGS, type TextEncodingName } from '../../codec'
import { configError } from '../errors'
import { fixedClock } from '../local-time'
import type { Responder, ResponderAction, ResponderContext } from '../types'
import { linuxCommand, linuxNotFound, LINUX_COMMANDS, LINUX_PROGRAMS } from './linux'
import { windowsCommand, windowsNotFound, WINDOWS_COMMANDS, WINDOWS_PROGRAMS, type CannedOutput, type WindowsLanguage } from './windows'
import { pythonJsonDumps } from '../python-json'
import { packInt } from '../struct'

export const commandConfig = z.strictObject({
  kind: z.literal('command'),
  /** Which machine the server pretends to be: 'windows' (default, as in the lesson) or 'linux'. */
  os: z.enum(['windows', 'linux']).optional(),
  /** The Windows display language: 'en' (default) or 'zh-CN'. */
  language: z.enum(['en', 'zh-CN']).optional(),
  /** How output is encoded: utf-8 by default; gbk as a Chinese Windows console writes it. */
  encoding: z.string().min(1).max(32).optional(),
  /** How output is sent, the lesson's three stages: 'raw' (default), 'length', 'json-header'. */
  stage: z.enum(['raw', 'length', 'json-header']).optional(),
  /** Byte order of the length: 'little' (default, Python's struct 'i' on x86) or 'big' ('!i'). */
  byteOrder: z.enum(['little', 'big']).optional()
})

export type CommandConfig = z.infer<typeof commandConfig>

/** Longest command read; the rest of a longer frame is ignored, as a shell line is bounded too. */
export const MAX_COMMAND_BYTES = 8192

/**
 * Reply bytes per command byte, at most: a byte that is not UTF-8 becomes U+FFFD, 3 bytes in an
 * echo and 6 (\ufffd) in the JSON header's copy of the command.
 */
const PER_INPUT_BYTE = 9

interface Machine {
  /** `command` is trimmed, its spacing as typed: echo keeps it, the rest splits it into words. */
  run(command: string, now: ReturnType<ResponderContext['clock']['localtime']>): CannedOutput
}

function windowsMachine(lang: WindowsLanguage): Machine {
  const notSimulated = (command: string): string =>
    lang === 'zh-CN' ? `socket-lab: '${command}' 不是模拟的命令。可用: ${WINDOWS_COMMANDS.join(', ')}\r\n` : `socket-lab: '${command}' is not one of the simulated commands: ${WINDOWS_COMMANDS.join(', ')}\r\n`
  return {
    run(command, now) {
      // cmd.exe does not care about case, and echo prints the rest of the line as typed.
      if (/^echo[\s.]/i.test(command)) return { stdout: command.slice(5) + '\r\n', stderr: '' }
      const key = command.toLowerCase().replace(/\s+/g, ' ')
      const canned = windowsCommand(key, lang, now)
      if (canned) return canned
      const program = key.split(' ')[0]!
      if (WINDOWS_PROGRAMS.has(program)) return { stdout: '', stderr: notSimulated(command) }
      return { stdout: '', stderr: windowsNotFound(command.split(/\s/)[0]!, lang) }
    }
  }
}

const linuxMachine: Machine = {
  run(command, now) {
    const words = shellWords(command)
    if (words === undefined) return { stdout: '', stderr: '/bin/sh: 1: Syntax error: Unterminated quoted string\n' }
    if (words[0] === 'echo') return { stdout: words.slice(1).join(' ') + '\n', stderr: '' }
    const canned = linuxCommand(words.join(' '), now)
    if (canned) return canned
    if (LINUX_PROGRAMS.has(words[0]!)) return { stdout: '', stderr: `socket-lab: '${command}' is not one of the simulated commands: ${LINUX_COMMANDS.join(', ')}\n` }
    return { stdout: '', stderr: linuxNotFound(words[0]!) }
  }
}

/** The words /bin/sh would split a simple command into (quotes removed), or undefined for an open quote. */
function shellWords(command: string): string[] | undefined {
  const words: string[] = []
  let word: string | undefined
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!
    if (c === "'" || c === '"') {
      const end = command.indexOf(c, i + 1)
      if (end < 0) return undefined
      word = (word ?? '') + command.slice(i + 1, end)
      i = end
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word)
      word = undefined
    } else word = (word ?? '') + c
  }
  if (word !== undefined) words.push(word)
  return words
}

export function createCommand(config: CommandConfig): Responder {
  let encoding: TextEncodingName = 'utf-8'
  if (config.encoding !== undefined) {
    try {
      encoding = parseTextEncoding(config.encoding)
    } catch {
      throw configError(`the command server's encoding '${config.encoding}' is not known`, `Use one of: ${TEXT_ENCODINGS.map((e) => e.name).join(', ')} (gbk is what a Chinese Windows console writes).`)
    }
  }
  const machine = config.os === 'linux' ? linuxMachine : windowsMachine(config.language ?? 'en')
  const stage = config.stage ?? 'raw'
  const littleEndian = (config.byteOrder ?? 'little') === 'little'
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true })

  const answer = (payload: Uint8Array, ctx: Pick<ResponderContext, 'clock'>): ResponderAction[] => {
    const head = payload.byteLength > MAX_COMMAND_BYTES ? payload.subarray(0, MAX_COMMAND_BYTES) : payload
    // The lesson's server decodes with utf-8 and would die on other bytes; here they read as U+FFFD.
    const command = decoder.decode(head).trim()
    const output = command === '' ? { stdout: '', stderr: '' } : machine.run(command, ctx.clock.localtime(ctx.clock.now()))
    const stdout = encodeLossy(output.stdout, encoding)
    const stderr = encodeLossy(output.stderr, encoding)
    const total = stdout.byteLength + stderr.byteLength
    const raw = (bytes: Uint8Array): ResponderAction => ({ type: 'reply', bytes, framing: 'raw' })
    const body = [stdout, stderr].filter((b) => b.byteLength > 0).map(raw)
    switch (stage) {
      case 'raw':
        // One send of stdout + stderr; nothing at all for an empty output, as send(b'') sends nothing.
        return total === 0 ? [] : [raw(concat(stdout, stderr))]
      case 'length':
        return [raw(packInt(total, littleEndian)), ...body]
      case 'json-header': {
        const header = new TextEncoder().encode(pythonJsonDumps({ cmd: command, file_size: total }))
        return [raw(packInt(header.byteLength, littleEndian)), raw(header), ...body]
      }
    }
  }

  // The largest canned output, with room for headers: the bound beyond what echoes the command.
  const sample = { clock: fixedClock(Date.UTC(2023, 10, 15)) }
  const commands = config.os === 'linux' ? LINUX_COMMANDS : WINDOWS_COMMANDS
  const largest = Math.max(...commands.map((c) => answer(new TextEncoder().encode(c), sample).reduce((n, a) => n + (a.type === 'reply' ? a.bytes.byteLength : 0), 0)))

  return {
    kind: 'command',
    bound: { perInputByte: PER_INPUT_BYTE, fixed: largest + 1024 },
    createInstance: () => ({ frame: ({ payload }, ctx) => answer(payload, ctx) })
  }
}

/** Text in `encoding`, a character it cannot hold written as '?', as a console does. */
function encodeLossy(text: string, encoding: TextEncodingName): Uint8Array {
  try {
    return encodeText(text, encoding)
  } catch {
    const parts = Array.from(text, (ch) => {
      try {
        return encodeText(ch, encoding)
      } catch {
        return Uint8Array.of(0x3f)
      }
    })
    return concat(...parts)
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.byteLength
  }
  return out
}

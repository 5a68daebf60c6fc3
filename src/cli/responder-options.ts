// `listen --responder KIND` and the flags each kind takes, turned into the responder configuration
// the engine runs (src/shared/responders). --echo, --upper and --reply are the shorter spellings
// of echo, upper and fixed.
import { readFileSync } from 'node:fs'
import { formatHex } from '../shared/codec'
import { RESPONDER_KINDS, type ResponderConfig, type ResponderKind } from '../shared/responders'
import { buildPayload, payloadFormat, textEncoding, type PayloadFlags } from './payload-options'
import { UsageError } from './usage-error'

export interface ResponderFlags extends PayloadFlags {
  echo?: boolean
  upper?: boolean
  reply?: string
  responder?: string
  /** fixed: the reply, in hex. */
  fixed?: string
  /** rules: a JSON file holding the rules (a list, or {"rules": [...], "otherwise": ...}). */
  rules?: string
  /** time: the format an empty datagram gets. */
  timeFormat?: string
  /** chat: the word that ends it, and lines answered before typed ones. */
  bye?: string
  say?: string[]
  /** command: the machine it pretends to be, and how output is framed. */
  os?: string
  stage?: string
  /** file-server: the folder its files live in, and a file sent to each client on connect. */
  files?: string
  sendOnConnect?: string
}

const KIND_FLAGS: [keyof ResponderFlags, string, ResponderKind][] = [
  ['fixed', '--fixed', 'fixed'],
  ['rules', '--rules', 'rules'],
  ['timeFormat', '--time-format', 'time'],
  ['bye', '--bye', 'chat'],
  ['say', '--say', 'chat'],
  ['os', '--os', 'command'],
  ['stage', '--stage', 'command'],
  ['files', '--files', 'file-server'],
  ['sendOnConnect', '--send-on-connect', 'file-server']
]

function readRules(path: string): Pick<Extract<ResponderConfig, { kind: 'rules' }>, 'rules' | 'otherwise'> {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new UsageError(`cannot read the rules file ${path}: ${(err as Error).message}`, 'Give the path of a JSON file with a list of rules.')
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw new UsageError(`the rules file ${path} is not JSON: ${(err as Error).message}`, 'Write the rules as JSON: [{"match": {...}, "then": {...}}, ...].')
  }
  // The engine checks each rule and names the one at fault.
  if (Array.isArray(value)) return { rules: value as never }
  if (value && typeof value === 'object') return value as never
  throw new UsageError(`the rules file ${path} holds neither a list of rules nor {"rules": [...]}`, 'Write [{"match": {"type": "exact", "payload": {"format": "text", "text": "hi"}}, "then": {"type": "close"}}].')
}

/** The responder the flags ask for, or undefined when the server should answer nothing. */
export function responderFrom(o: ResponderFlags): ResponderConfig | undefined {
  const chosen = [o.echo && '--echo', o.upper && '--upper', o.reply !== undefined && '--reply', o.responder !== undefined && '--responder'].filter(Boolean)
  if (chosen.length > 1) throw new UsageError(`${chosen.join(' and ')} exclude each other`, 'Choose one way to answer.')
  let kind: ResponderKind | undefined
  if (o.responder !== undefined) {
    if (!(RESPONDER_KINDS as string[]).includes(o.responder)) {
      throw new UsageError(`'${o.responder}' is not a responder`, `Responders are: ${RESPONDER_KINDS.join(', ')} (see listen --help).`)
    }
    kind = o.responder as ResponderKind
  }
  for (const [key, flag, owner] of KIND_FLAGS) {
    if (o[key] !== undefined && kind !== owner) throw new UsageError(`${flag} is an option of --responder ${owner}`, `Add --responder ${owner}, or drop ${flag}.`)
  }
  if (o.echo) return { kind: 'echo' }
  if (o.upper) return { kind: 'upper' }
  if (o.macros && o.reply === undefined) throw new UsageError('--macros fills in the --reply data', 'Give --reply DATA with it, or write "macros": true in a rules file\u2019s reply payload.')
  // With macros the reply stays a template, made afresh for each frame, its {counter} counting per peer.
  if (o.reply !== undefined && o.macros) return { kind: 'fixed', reply: { format: payloadFormat(o), text: o.reply, encoding: textEncoding(o.encoding), macros: true } }
  if (o.reply !== undefined) return { kind: 'fixed', reply: { format: 'hex', text: formatHex(buildPayload(o.reply, o)) } }
  switch (kind) {
    case undefined:
      return undefined
    case 'echo':
    case 'upper':
      return { kind }
    case 'fixed':
      if (o.fixed === undefined) throw new UsageError('--responder fixed needs --fixed HEX', 'Give the reply in hex, e.g. --fixed "68 69 0a".')
      return { kind, reply: { format: 'hex', text: o.fixed } }
    case 'rules':
      if (o.rules === undefined) throw new UsageError('--responder rules needs --rules FILE.json', 'Write the rules in a JSON file and give its path.')
      return { kind, ...readRules(o.rules) }
    case 'time':
      return { kind, ...(o.timeFormat !== undefined ? { defaultFormat: o.timeFormat } : {}) }
    case 'chat':
      return { kind, ...(o.bye !== undefined ? { byeWord: o.bye } : {}), ...(o.say ? { script: o.say } : {}) }
    case 'command':
      return { kind, ...(o.os !== undefined ? { os: o.os as never } : {}), ...(o.stage !== undefined ? { stage: o.stage as never } : {}) }
    case 'file-server':
      return { kind, ...(o.sendOnConnect !== undefined ? { sendOnConnect: { fileName: o.sendOnConnect } } : {}) }
  }
}

// The responders a server can run, by name, with a line for menus, and the one way to make one
// from a configuration: checked against its schema, then compiled (a bad regex, hex or encoding
// is refused here, before any peer connects).
import type { z } from 'zod'
import { createChat } from './chat'
import { createCommand } from './command'
import { createEcho } from './echo'
import { configError } from './errors'
import { createFileServer } from './file-server'
import { createFixed } from './fixed'
import { createRules } from './rules'
import { responderConfig, type ResponderConfig } from './schema'
import { createTimeServer } from './time-server'
import type { Responder, ResponderKind } from './types'
import { createUpper } from './upper'

export type { ResponderConfig } from './schema'
export { responderConfig } from './schema'
export * from './types'
export { ResponderSession } from './session'
export { MemoryFileStore } from './memory-file-store'
export { fixedClock, systemClock, structTimeAt, type StructTime } from './local-time'

type ConfigOf<K extends ResponderKind> = Extract<ResponderConfig, { kind: K }>

export interface ResponderEntry<K extends ResponderKind> {
  /** A line for a menu: what a peer gets. */
  description: string
  /** Where it comes from in the lessons, for a lab's guide. */
  lesson: string
  create(config: ConfigOf<K>): Responder
}

export const RESPONDERS: { [K in ResponderKind]: ResponderEntry<K> } = {
  echo: { description: 'Sends back every message unchanged.', lesson: 'the first echo server', create: createEcho },
  upper: { description: 'Sends back every message in upper case (ASCII letters only, as bytes.upper()).', lesson: "conn.send(data.upper())", create: createUpper },
  fixed: { description: 'Answers every message with the same bytes.', lesson: "conn.send(b'hi')", create: createFixed },
  rules: {
    description: 'Answers by the first matching rule (exact, contains, regex, hex prefix): a reply after a delay, a close or a reset.',
    lesson: 'the smart replies of network debugging assistants',
    create: createRules
  },
  time: { description: 'UDP time server: answers each datagram with the time in the strftime format it carried.', lesson: 'the UDP time server', create: createTimeServer },
  chat: { description: 'Chat: answers each message with the next line you type; bye ends it.', lesson: 'the TCP chat with bye', create: createChat },
  command: {
    description: 'Simulated remote command: canned output of dir, ipconfig, ls, ps... raw, length-prefixed or with a JSON header. Runs nothing.',
    lesson: 'the remote command server and its sticky packets',
    create: createCommand
  },
  'file-server': { description: 'File server: stores uploads and serves downloads framed with a JSON header, reporting size and sha256.', lesson: 'file upload and download', create: createFileServer }
}

export const RESPONDER_KINDS = Object.keys(RESPONDERS) as ResponderKind[]

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ')
}

/**
 * A responder from a configuration nobody has checked yet. Throws a SocketLabError (EINVAL) that
 * names the field or the rule at fault.
 */
export function createResponder(config: unknown): Responder {
  const parsed = responderConfig.safeParse(config)
  if (!parsed.success) {
    throw configError(`Invalid responder: ${describeIssues(parsed.error)}`, `Responders are: ${RESPONDER_KINDS.join(', ')}; each takes the fields its schema lists.`)
  }
  const c = parsed.data
  const entry = RESPONDERS[c.kind] as ResponderEntry<typeof c.kind>
  return entry.create(c as ConfigOf<typeof c.kind>)
}

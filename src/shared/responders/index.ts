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
import { RESPONDER_LINES } from './kinds'
import { createRules } from './rules'
import { responderConfig, type ResponderConfig } from './schema'
import { createTimeServer } from './time-server'
import type { Responder, ResponderKind } from './types'
import { createUpper } from './upper'

export type { ResponderConfig } from './schema'
export { responderConfig } from './schema'
export * from './types'
export { ResponderSession } from './session'
export { RESPONDER_LINES, type ResponderLines } from './kinds'
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
  echo: { ...RESPONDER_LINES.echo, create: createEcho },
  upper: { ...RESPONDER_LINES.upper, create: createUpper },
  fixed: { ...RESPONDER_LINES.fixed, create: createFixed },
  rules: { ...RESPONDER_LINES.rules, create: createRules },
  time: { ...RESPONDER_LINES.time, create: createTimeServer },
  chat: { ...RESPONDER_LINES.chat, create: createChat },
  command: { ...RESPONDER_LINES.command, create: createCommand },
  'file-server': { ...RESPONDER_LINES['file-server'], create: createFileServer }
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

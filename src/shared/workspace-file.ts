// The workspace as a file a user keeps or hands on: endpoints, saved payloads, the send history,
// sequences and the layout, in a versioned envelope. Reading one is lenient item by item: an
// endpoint, payload or sequence that does not pass the schema is left out and listed with the
// reason, the rest is taken. The workspace.json in the config folder (the same document without the
// envelope) is read too.
import type { z } from 'zod'
import {
  composerDraft,
  savedPayload,
  workspaceDocument,
  workspaceEndpoint,
  workspaceLayout,
  workspaceSequence,
  WORKSPACE_LIMITS,
  type WorkspaceDocument
} from './schemas'

export const WORKSPACE_FILE_KIND = 'socket-lab-workspace'
/** The envelope's version this app writes; older ones are migrated on reading. */
export const WORKSPACE_FILE_VERSION = 1
/** A workspace file is kilobytes; anything this big is not one. */
export const MAX_WORKSPACE_FILE_BYTES = 16 * 1024 * 1024

export interface WorkspaceFile {
  kind: typeof WORKSPACE_FILE_KIND
  version: number
  exportedAt: string
  workspace: WorkspaceDocument
}

export type WorkspacePart = 'endpoint' | 'savedPayload' | 'history' | 'sequence' | 'layout' | 'field'

/** Something in the file that was not taken, and why. */
export interface NotTaken {
  part: WorkspacePart
  /** 1-based position in its list, for endpoints, payloads and history. */
  index?: number
  /** What a person recognises it by: the endpoint's or payload's name, the field's key. */
  label?: string
  reason: 'invalid' | 'too-many' | 'fixed-reply' | 'unknown'
  /** The field that was wrong (`config.port`) and the schema's words for it. */
  field?: string
  detail?: string
}

export interface WorkspaceImport {
  workspace: WorkspaceDocument
  notTaken: NotTaken[]
  /** The envelope's version the file had, or 0 for a bare workspace.json. */
  fromVersion: number
}

export type WorkspaceFileProblem = 'too-big' | 'not-json' | 'not-workspace' | 'newer'

export class WorkspaceFileError extends Error {
  constructor(
    readonly problem: WorkspaceFileProblem,
    message: string,
    readonly detail?: string
  ) {
    super(message)
    this.name = 'WorkspaceFileError'
  }
}

export function workspaceFileText(workspace: WorkspaceDocument, now = new Date()): string {
  const file: WorkspaceFile = { kind: WORKSPACE_FILE_KIND, version: WORKSPACE_FILE_VERSION, exportedAt: now.toISOString(), workspace }
  return `${JSON.stringify(file, null, 2)}\n`
}

export function workspaceFileName(now = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `socket-lab-workspace-${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}.json`
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function firstIssue(error: z.ZodError): { field: string; detail: string } {
  const issue = error.issues[0]
  return { field: issue ? issue.path.map(String).join('.') : '', detail: issue?.message ?? '' }
}

function nameOf(v: unknown): string | undefined {
  if (!isObject(v)) return undefined
  if (typeof v.name === 'string' && v.name.trim()) return v.name.trim().slice(0, 120)
  const config = v.config
  if (isObject(config) && typeof config.name === 'string' && config.name.trim()) return config.name.trim().slice(0, 120)
  return undefined
}

/** Takes what passes of a list, up to its limit; the rest is listed. */
function takeList<T>(raw: unknown, part: WorkspacePart, schema: z.ZodType<T>, limit: number, notTaken: NotTaken[], fix?: (item: unknown, index: number) => unknown): T[] {
  if (raw === undefined) return []
  if (!Array.isArray(raw)) {
    notTaken.push({ part, reason: 'invalid', detail: 'not a list' })
    return []
  }
  const taken: T[] = []
  raw.forEach((item, i) => {
    const label = nameOf(item)
    const base = { part, index: i + 1, ...(label ? { label } : {}) }
    if (taken.length >= limit) return void notTaken.push({ ...base, reason: 'too-many', detail: String(limit) })
    const parsed = schema.safeParse(fix ? fix(item, i) : item)
    if (parsed.success) taken.push(parsed.data)
    else notTaken.push({ ...base, reason: 'invalid', ...firstIssue(parsed.error) })
  })
  return taken
}

/**
 * A fixed auto reply carries bytes a JSON file cannot hold: such an endpoint is taken without it
 * (and said so), as the app never writes one.
 */
function withoutFixedReply(notTaken: NotTaken[]) {
  return (item: unknown, i: number): unknown => {
    if (!isObject(item) || !isObject(item.config) || !isObject(item.config.autoReply) || item.config.autoReply.mode !== 'fixed') return item
    const { autoReply: _dropped, ...config } = item.config
    const label = nameOf(item)
    notTaken.push({ part: 'endpoint', index: i + 1, ...(label ? { label } : {}), reason: 'fixed-reply' })
    return { ...item, config }
  }
}

const KNOWN_FIELDS = new Set(Object.keys(workspaceDocument.shape))

/**
 * Reads a workspace file (or the config folder's workspace.json). Throws WorkspaceFileError when the
 * file is not one at all; otherwise returns every part that passed and lists the rest.
 */
export function readWorkspaceFile(text: string, defaults: { layout: WorkspaceDocument['layout'] }): WorkspaceImport {
  if (text.length > MAX_WORKSPACE_FILE_BYTES) throw new WorkspaceFileError('too-big', `the file is larger than ${MAX_WORKSPACE_FILE_BYTES / 1024 / 1024} MiB`)
  let raw: unknown
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (err) {
    throw new WorkspaceFileError('not-json', 'the file is not JSON', (err as Error).message)
  }
  if (!isObject(raw)) throw new WorkspaceFileError('not-workspace', 'the file is JSON but not a Socket Lab workspace')
  let fromVersion = 0
  let doc: unknown = raw
  if (raw.kind === WORKSPACE_FILE_KIND) {
    fromVersion = typeof raw.version === 'number' ? raw.version : Number.NaN
    if (!(fromVersion >= 1)) throw new WorkspaceFileError('not-workspace', 'the workspace file has no version')
    if (fromVersion > WORKSPACE_FILE_VERSION) {
      throw new WorkspaceFileError('newer', `the file was written by a newer Socket Lab (file version ${fromVersion}; this one reads up to ${WORKSPACE_FILE_VERSION})`)
    }
    doc = raw.workspace
  } else if (!('endpoints' in raw) || !('version' in raw)) {
    throw new WorkspaceFileError('not-workspace', 'the file is JSON but not a Socket Lab workspace')
  }
  if (!isObject(doc)) throw new WorkspaceFileError('not-workspace', 'the file has no workspace in it')
  if (typeof doc.version === 'number' && doc.version > 1) {
    throw new WorkspaceFileError('newer', `the workspace was written by a newer Socket Lab (version ${doc.version})`)
  }

  const notTaken: NotTaken[] = []
  for (const key of Object.keys(doc)) if (!KNOWN_FIELDS.has(key)) notTaken.push({ part: 'field', label: key, reason: 'unknown' })
  const endpoints = takeList(doc.endpoints, 'endpoint', workspaceEndpoint, WORKSPACE_LIMITS.endpoints, notTaken, withoutFixedReply(notTaken))
  const savedPayloads = takeList(doc.savedPayloads, 'savedPayload', savedPayload, WORKSPACE_LIMITS.savedPayloads, notTaken)
  const history = takeList(doc.history, 'history', composerDraft, WORKSPACE_LIMITS.history, notTaken)
  // Files from before sequences have none; they are read as they were, without the field.
  const sequences = doc.sequences === undefined ? undefined : takeList(doc.sequences, 'sequence', workspaceSequence, WORKSPACE_LIMITS.sequences, notTaken)
  let layout = defaults.layout
  if (doc.layout !== undefined) {
    const parsed = workspaceLayout.safeParse(doc.layout)
    if (parsed.success) layout = parsed.data
    else notTaken.push({ part: 'layout', reason: 'invalid', ...firstIssue(parsed.error) })
  }
  const workspace: WorkspaceDocument = { version: 1, endpoints, savedPayloads, history, ...(sequences ? { sequences } : {}), layout }
  const optional = workspaceDocument.pick({ lastUdpPort: true, selectedEndpointId: true, draft: true, lab: true }).partial()
  for (const key of ['lastUdpPort', 'selectedEndpointId', 'draft', 'lab'] as const) {
    if (doc[key] === undefined) continue
    const parsed = optional.safeParse({ [key]: doc[key] })
    if (parsed.success) Object.assign(workspace, parsed.data)
    else notTaken.push({ part: 'field', label: key, reason: 'invalid', ...firstIssue(parsed.error) })
  }
  // Whatever was taken is a valid document: the same schema the app saves with agrees.
  return { workspace: workspaceDocument.parse(workspace), notTaken, fromVersion }
}

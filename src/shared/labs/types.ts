// What a guided lab is, as plain data: the endpoints Socket Lab runs, the lesson's Python program for
// the other side, and steps that check themselves against the engine's events. The window's Labs
// panel and `socket-lab lab` read the same values; nothing here touches a socket.
import type { CloseReason, Direction, EndpointConfig } from '../api'

/** The languages every lab text comes in (the same codes as the window's language setting). */
export type LabLanguage = 'en' | 'zh-CN'
export const LAB_LANGUAGES: readonly LabLanguage[] = ['en', 'zh-CN']

/** A text in every language; the Chinese is written for the class, not translated word for word. */
export type LabText = Record<LabLanguage, string>

/**
 * One endpoint of a lab, named by its role ('server', 'client'...), which steps refer to.
 * Servers use port 0 (a free port); the runner may ask for another.
 */
export interface LabEndpoint {
  role: string
  title: LabText
  /**
   * The configuration as the engine takes it, with the responder that makes the server answer by
   * itself (src/shared/responders) when it answers anything.
   */
  config: EndpointConfig
  /**
   * 'auto': opened and started with the lab (its servers). 'manual': opened but left for the
   * student to start, such as a client that connects to the lab's server when asked.
   */
  start: 'auto' | 'manual'
  /** A client aimed at another endpoint of the lab: its host and port are that one's, once bound. */
  connectsTo?: string
  /**
   * The lab stops and starts this server again, on the same port: it is opened on the free port
   * it first gets, rather than port 0, which would pick another port at each start.
   */
  samePortOnRestart?: boolean
}

/**
 * The lesson's program for the other side. `{host}` and `{port}` are filled in when the lab runs
 * (the port of the endpoint named by `target`); every other brace is Python's own.
 */
export interface LabProgram {
  /** The file name the lesson gives it (tcp_client.py...), to save it under. */
  fileName: string
  title: LabText
  /** The role of the endpoint whose address fills {host} and {port}. */
  target: string
  template: string
  /** Lines the program reads with input(), when it asks for any (for tests that drive it). */
  input?: string[]
}

/** A chunk of data matched by content and size. Text is matched in the preview, as UTF-8. */
export interface DataFilter {
  role: string
  dir: Direction
  /** The chunk's text is exactly this. */
  text?: string
  /** The chunk's text contains this. */
  contains?: string
  /** A regular expression (JavaScript syntax) the chunk's text matches. */
  pattern?: string
  minLength?: number
  maxLength?: number
}

/**
 * What a step waits for. Each kind becomes true once, at one event, and stays true, so a step that
 * was done stays done. `role` names a lab endpoint.
 */
export type StepCheck =
  /**
   * At least `count` (1) connections came to (or were made by) the endpoint. `served`: only those
   * served at once; `waiting`: only those held waiting (one client at a time).
   */
  | { kind: 'connected'; role: string; count?: number; served?: boolean; waiting?: boolean }
  /** At least `count` (1) data chunks matching the filter. */
  | ({ kind: 'data'; count?: number } & DataFilter)
  /** At least `bytes` bytes went one way, all peers together. */
  | { kind: 'bytes'; role: string; dir: Direction; bytes: number }
  /** At least `count` (1) frames decoded by the endpoint's framing, of at least `minLength` bytes. */
  | { kind: 'frame'; role: string; dir: Direction; count?: number; minLength?: number; contains?: string }
  /** The peer ended its side (FIN): its program closed, and a recv there returns b''. */
  | { kind: 'peer-ended'; role: string }
  /** A connection closed, for one of these reasons when given. */
  | { kind: 'closed'; role: string; reasons?: CloseReason[] }
  /** An error with one of these codes, on the endpoint, a peer, or a connection that closed with it. */
  | { kind: 'error'; role?: string; codes: string[] }
  /** The endpoint reached this state (listening, closed...); `samePort`: bound where it first was. */
  | { kind: 'state'; role: string; state: 'listening' | 'connected' | 'closed' | 'error'; samePort?: boolean }
  /** A client was held waiting (one client at a time) and later served. */
  | { kind: 'waited'; role: string }
  /** At least `count` clients served at the same moment. */
  | { kind: 'concurrent'; role: string; count: number }
  /**
   * One read held several messages (sticky packets). With `from` (a lab endpoint that sends to
   * `role`), a read of its connection that held at least `count` of its writes; without, a read
   * of at least `count` × `messageLength` bytes from whoever sends.
   */
  | { kind: 'read-held'; role: string; count: number; messageLength: number; from?: string }
  /** A responder's note (upload, download, bye, error), with a field or two it must carry. */
  | { kind: 'note'; role: string; note: 'upload' | 'upload-incomplete' | 'download' | 'bye' | 'error'; fields?: Record<string, string | number | boolean> }
  /** Every check holds, in any order. */
  | { kind: 'all'; checks: StepCheck[] }
  /** One of the checks holds. */
  | { kind: 'any'; checks: StepCheck[] }
  /** The checks hold one after another, each counted only from where the one before held. */
  | { kind: 'sequence'; checks: StepCheck[] }

/** One step of the guide: what to do, how it is seen to be done, and what to try while it is not. */
export interface LabStep {
  id: string
  /** What to do. */
  task: LabText
  check: StepCheck
  /** Said when the check holds: what just happened and why. */
  done: LabText
  /** Said while it does not: "not yet: try ...". */
  hint: LabText
}

export interface Lab {
  /** A short name used on the command line: `socket-lab lab tcp-hello`. */
  id: string
  /** Place in the course, from 1. */
  order: number
  title: LabText
  /** One line for a list. */
  summary: LabText
  /** The lesson itself: a few paragraphs for the class. */
  guide: LabText
  endpoints: LabEndpoint[]
  programs: LabProgram[]
  steps: LabStep[]
}

// What a composer draft sends (the window's composer, a sequence's step, `send --sequence`), made
// exactly as it will go: the payload in its mode and encoding (macros filled in, when the draft
// turns them on), the line ending, the checksum appended, then the framing around it.
import type { AppError, ComposerDraft } from '../api'
import { SocketLabError, toAppError } from '../errors'
import { systemClock } from '../responders/local-time'
import { appendChecksum, appendLineEnding, createFramer, encodePayload, parseFramingSpec, type ChecksumName, type LineEnding, type TextEncodingName } from '../codec'
import { expandMacros, parseMacroTemplate, type MacroContext, type MacroName } from '../macros'

export type ComposerMode = ComposerDraft['mode'] | 'file'

/** ArrayBuffer-backed, as the send request's schema types its bytes. */
export type Built = { ok: true; bytes: Uint8Array<ArrayBuffer> } | { ok: false; error: AppError }

/** A draft read once: it makes the bytes of each send from that send's macro context. */
export interface PreparedDraft {
  /** The macros the payload holds; empty when macros are off or the payload has none. */
  uses: ReadonlySet<MacroName>
  build(macros: MacroContext): Built
}

/** Keeps the catalog id and params, so the preview says the error in the window's language. */
function asError(err: unknown): AppError {
  const e = err as Partial<AppError>
  const error = toAppError(err)
  return { ...error, code: e.code ?? 'EINVAL', hint: e.hint ?? '' }
}

const NONE: ReadonlySet<MacroName> = new Set()

function failed(error: AppError): PreparedDraft {
  return { uses: NONE, build: () => ({ ok: false, error }) }
}

/**
 * Reads the payload, and its macros when the draft turns them on, once. Without macros every
 * send carries the same bytes; with them each send fills in its own counter, time and random bytes.
 */
export function prepareDraft(draft: ComposerDraft): PreparedDraft {
  const encoding = draft.encoding as TextEncodingName
  let payload: (macros: MacroContext) => Uint8Array
  let uses = NONE
  try {
    if (draft.macros === true) {
      const template = parseMacroTemplate({ format: draft.mode, text: draft.text, encoding })
      uses = template.uses
      payload = (macros) => appendLineEnding(expandMacros(template, macros), draft.lineEnding as LineEnding, encoding)
    } else {
      const bytes = encodePayload({ format: draft.mode, text: draft.text, encoding, lineEnding: draft.lineEnding as LineEnding })
      payload = () => bytes
    }
  } catch (err) {
    return failed(asError(err))
  }
  let framer: ((body: Uint8Array) => Uint8Array) | undefined
  try {
    const spec = parseFramingSpec(draft.framing)
    if (spec.kind !== 'raw') {
      const f = createFramer(spec)
      framer = (body) => f.encode(body)
    }
  } catch (err) {
    return failed(asError(err))
  }
  return {
    uses,
    build(macros) {
      try {
        let bytes = payload(macros)
        if (draft.checksum !== 'none') bytes = appendChecksum(bytes, draft.checksum as ChecksumName)
        if (framer) bytes = framer(bytes)
        return { ok: true, bytes: bytes as Uint8Array<ArrayBuffer> }
      } catch (err) {
        return { ok: false, error: asError(err) }
      }
    }
  }
}

/**
 * The context of a draft built outside a send (a size to show, a draft without macros): a first send
 * at the epoch with zero random bytes. What is sent is made with the send's own context.
 */
const NO_MACROS: MacroContext = {
  counter: 1,
  time: { year: 1970, month: 0, mday: 1, hour: 0, minute: 0, second: 0, wday: 4, yday: 0, isDst: 0, gmtOffset: 0, zone: 'UTC', epochSeconds: 0 },
  random: (n) => new Uint8Array(n)
}

/** The body before framing: payload, line ending, checksum. */
export function buildBody(draft: ComposerDraft, macros: MacroContext = NO_MACROS): Built {
  return prepareDraft({ ...draft, framing: 'raw' }).build(macros)
}

export function buildBytes(draft: ComposerDraft, macros: MacroContext = NO_MACROS): Built {
  return prepareDraft(draft).build(macros)
}

/**
 * Message `index` (0 first) of a run that sends a draft over and over, such as the generator's:
 * counter index + 1, the time it is made at, fresh random bytes. Throws the error when the bytes
 * cannot be made (a {len} too big for its form).
 */
export function runMessages(prepared: PreparedDraft): (index: number) => Uint8Array {
  const clock = systemClock()
  return (index) => {
    const built = prepared.build({ counter: index + 1, time: clock.localtime(clock.now()), random: (n) => crypto.getRandomValues(new Uint8Array(n)) })
    if (!built.ok) throw new SocketLabError(built.error.code, built.error.message, built.error.hint, built.error)
    return built.bytes
  }
}

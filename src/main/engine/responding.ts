// One peer's responder as the engine runs it: the session (the responder behind its guard) and the
// timeline of its actions. Actions run in order; a reply with a delay holds back itself and all
// after it, later frames' included, and while it waits (or while the responder holds) the endpoint
// delivers no frame: the outbound queue keeps them owed and stops reading, as it does when full.
import { parseFramingSpec } from '../../shared/codec'
import { SocketLabError } from '../../shared/errors'
import { createResponder, ResponderSession, systemClock, type Clock, type Responder, type ResponderAction, type ResponderContext, type ResponderNote } from '../../shared/responders'
import type { ResponderConfig } from '../../shared/schemas'

/** What a timeline does to its peer; the endpoint supplies it. */
export interface ResponderHost {
  /** Queue a reply: `framed` encodes it with the endpoint's framing. `time`: the frame's, when it goes at once. */
  reply(bytes: Uint8Array, framed: boolean, time: number | undefined): void
  /** FIN once what is queued has gone (stream only). */
  close(): void
  /** RST now (stream only). */
  reset(): void
  note(note: ResponderNote): void
  /** The timeline can take frames again (a delay passed, a hold ended): frames owed may go on. */
  resumed(): void
}

/** The engine's clock for every responder: one, so the zone name is looked up once. */
const clock: Clock = systemClock()

/**
 * Compiles an endpoint's responder and checks it fits the framing: a bad configuration throws a
 * SocketLabError (EINVAL) naming what is wrong, before any socket is made.
 */
export function compileResponder(config: ResponderConfig | undefined, framing: string | undefined): Responder | undefined {
  if (config === undefined) return undefined
  const responder = createResponder(config)
  const kind = parseFramingSpec(framing ?? 'raw').kind
  if (responder.framings && !responder.framings.includes(kind)) {
    throw new SocketLabError(
      'EINVAL',
      `The ${responder.kind} responder does not work with the framing "${framing ?? 'raw'}"`,
      `It understands ${responder.framings.join(' or ')}: choose one of those framings, or another responder.`
    )
  }
  return responder
}

export function responderContext(transport: ResponderContext['transport'], files: ResponderContext['files']): ResponderContext {
  return files ? { clock, transport, files } : { clock, transport }
}

export class PeerResponder {
  private readonly session: ResponderSession
  /** Actions not performed yet, the first waiting for its delay. */
  private pending: ResponderAction[] = []
  /** The first pending action's delay has passed. */
  private waited = false
  private timer: NodeJS.Timeout | undefined
  private stopped = false

  constructor(
    responder: Responder,
    ctx: ResponderContext,
    private readonly host: ResponderHost
  ) {
    this.session = new ResponderSession(responder, ctx)
  }

  /** Whether a frame may be delivered now: nothing waits for a delay, and no hold is in force. */
  get ready(): boolean {
    return this.stopped || (this.pending.length === 0 && !this.session.isHolding)
  }

  /** A stream peer was taken up. */
  open(time: number): void {
    this.run(this.session.open(), time)
  }

  frame(payload: Uint8Array, meta: Readonly<Record<string, unknown>> | undefined, time: number | undefined): void {
    if (this.stopped) return
    this.run(this.session.frame(meta ? { payload, meta } : { payload }), time)
  }

  /** The peer ended its side, after every frame before it was delivered. */
  end(time: number | undefined): void {
    if (this.stopped) return
    this.run(this.session.end(), time)
  }

  /** The server's user typed `bytes` for this peer. */
  input(bytes: Uint8Array): void {
    if (this.stopped) return
    const wasReady = this.ready
    this.run(this.session.input(bytes), undefined)
    if (!wasReady && this.ready) this.host.resumed()
  }

  /** The peer left or the responder changed: nothing more is done, and no timer is left behind. */
  stop(): void {
    this.stopped = true
    this.session.stop()
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    this.pending = []
  }

  private run(actions: ResponderAction[], time: number | undefined): void {
    if (this.stopped || actions.length === 0) return
    const idle = this.pending.length === 0
    for (const a of actions) this.pending.push(a)
    if (idle) this.step(time)
  }

  private step(time: number | undefined): void {
    while (this.pending.length > 0 && !this.stopped) {
      const a = this.pending[0]!
      if (a.type === 'reply' && (a.delayMs ?? 0) > 0 && !this.waited) {
        this.timer = setTimeout(() => {
          this.timer = undefined
          this.waited = true
          this.step(undefined)
          if (this.ready) this.host.resumed()
        }, a.delayMs)
        return
      }
      this.waited = false
      this.pending.shift()
      this.perform(a, time)
    }
  }

  private perform(a: ResponderAction, time: number | undefined): void {
    switch (a.type) {
      case 'reply':
        this.host.reply(a.bytes, a.framing !== 'raw', time)
        return
      case 'close':
        this.host.close()
        return
      case 'reset':
        this.host.reset()
        return
      case 'note':
        this.host.note(a.note)
        return
      case 'hold':
      case 'release':
        // The session keeps the hold; the queue asks `ready` before it delivers a frame.
        return
    }
  }
}

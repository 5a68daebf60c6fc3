// What the engine drives for one peer: the responder's instance behind a guard. It keeps the hold
// state, supplies the default for a peer that ends, and checks every call's output: a hook that
// throws, returns something that is not an action, or replies more than its bound gives one error
// note instead, so a faulty responder can neither crash the engine nor flood a peer.
import { errorNote } from './errors'
import { MAX_REPLY_DELAY_MS, type Responder, type ResponderAction, type ResponderContext, type ResponderInput, type ResponderInstance } from './types'

const ACTION_TYPES = new Set(['reply', 'close', 'reset', 'hold', 'release', 'note'])

export class ResponderSession {
  private readonly instance: ResponderInstance
  private holding = false
  private stopped = false

  constructor(
    readonly responder: Responder,
    private readonly ctx: ResponderContext
  ) {
    this.instance = responder.createInstance()
  }

  /** True after a `hold` until a `release`: deliver no frame meanwhile. */
  get isHolding(): boolean {
    return this.holding
  }

  /** A stream peer connected. */
  open(): ResponderAction[] {
    const hook = this.instance.open
    return hook ? this.run(0, () => hook.call(this.instance, this.ctx)) : []
  }

  /** One received frame. Throws if called during a hold: the engine must keep frames until released. */
  frame(input: ResponderInput): ResponderAction[] {
    if (this.holding) throw new Error('a frame was delivered to a responder that holds')
    return this.run(input.payload.byteLength, () => this.instance.frame(input, this.ctx))
  }

  /** The peer ended its side. Without a hook of its own: close ours after the replies, as the lessons' servers do. */
  end(): ResponderAction[] {
    const hook = this.instance.end
    return hook ? this.run(0, () => hook.call(this.instance, this.ctx)) : [{ type: 'close' }]
  }

  /** The person running the server typed `bytes` for this peer. */
  input(bytes: Uint8Array): ResponderAction[] {
    const hook = this.instance.input
    if (!hook) return [errorNote('ENOINPUT', `the ${this.responder.kind} responder takes no typed input`, 'Only the chat responder answers with what you type; send it with the composer instead.')]
    return this.run(bytes.byteLength, () => hook.call(this.instance, bytes, this.ctx))
  }

  /** The peer is gone or the responder replaced: the instance lets go of what it holds, once. */
  stop(): void {
    const hook = this.instance.stop
    if (!hook || this.stopped) return
    this.stopped = true
    try {
      hook.call(this.instance)
    } catch {
      // Nothing is left to tell: the peer is gone, and a store that fails to clean up says so itself.
    }
  }

  private run(inputLength: number, call: () => ResponderAction[]): ResponderAction[] {
    let actions: unknown
    try {
      actions = call()
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err)
      return [errorNote('ERESPONDER', `the ${this.responder.kind} responder failed: ${why}`, 'Nothing was sent for this frame; the connection is left as it was.')]
    }
    const problem = this.check(actions, inputLength)
    if (problem) return [errorNote('ERESPONDER', `the ${this.responder.kind} responder ${problem}`, 'Nothing was sent for this frame; the connection is left as it was.')]
    for (const a of actions as ResponderAction[]) {
      if (a.type === 'hold') this.holding = true
      else if (a.type === 'release') this.holding = false
    }
    return actions as ResponderAction[]
  }

  /** Why the output cannot be used, or undefined when it can. */
  private check(actions: unknown, inputLength: number): string | undefined {
    if (!Array.isArray(actions)) return 'returned no list of actions'
    const { perInputByte, fixed } = this.responder.bound
    const bound = perInputByte * inputLength + fixed
    let replied = 0
    for (const a of actions as ResponderAction[]) {
      if (typeof a !== 'object' || a === null || !ACTION_TYPES.has(a.type)) return 'returned something that is not an action'
      if (a.type !== 'reply') continue
      if (!(a.bytes instanceof Uint8Array)) return 'returned a reply without bytes'
      if (a.delayMs !== undefined && !(Number.isInteger(a.delayMs) && a.delayMs >= 0 && a.delayMs <= MAX_REPLY_DELAY_MS)) {
        return `asked for a delay of ${String(a.delayMs)} ms, outside 0 to ${MAX_REPLY_DELAY_MS}`
      }
      replied += a.bytes.byteLength
    }
    if (replied > bound) return `replied ${replied} bytes to ${inputLength}, more than its bound of ${bound}`
    return undefined
  }
}

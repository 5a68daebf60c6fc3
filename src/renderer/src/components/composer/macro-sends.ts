// What the composer's macros fill in for each endpoint's next send: the counter (1 for the first
// send, one more after each send that went out) and the seed of its random bytes. Random bytes come
// from a generator seeded per send, so the preview and the send that follows it carry the same
// bytes; a fresh seed is drawn from crypto.getRandomValues once the send went out. The time is the
// time of the send (the preview shows it ticking).
import { useEffect, useMemo, useState } from 'react'
import { create } from 'zustand'
import type { MacroContext } from '../../../../shared/macros'
import { systemClock } from '../../../../shared/responders/local-time'

type Seed = readonly [number, number, number, number]

interface NextSend {
  counter: number
  seed: Seed
}

interface MacroSendsState {
  next: Record<string, NextSend>
  /** The send went out: count it and draw new random bytes for the next one. */
  advance(endpointId: string): void
}

function freshSeed(): Seed {
  const s = crypto.getRandomValues(new Uint32Array(4))
  // xoshiro128** must not start from all zeros.
  return [s[0]! | 1, s[1]!, s[2]!, s[3]!]
}

/** Seeds endpoints have before their first send; one draw for the page, so a render is pure. */
const firstSeeds = new Map<string, Seed>()

function nextOf(state: MacroSendsState, endpointId: string): NextSend {
  const known = state.next[endpointId]
  if (known) return known
  let seed = firstSeeds.get(endpointId)
  if (!seed) firstSeeds.set(endpointId, (seed = freshSeed()))
  return { counter: 1, seed }
}

export const useMacroSends = create<MacroSendsState>()((set) => ({
  next: {},
  advance: (endpointId) =>
    set((s) => ({ next: { ...s.next, [endpointId]: { counter: nextOf(s, endpointId).counter + 1, seed: freshSeed() } } }))
}))

/** xoshiro128**: a small, fast generator; its stream from one seed is the same every time it is read. */
function randomFrom(seed: Seed): (n: number) => Uint8Array {
  let [a, b, c, d] = seed
  const next = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0
    const t = b << 9
    c ^= a
    d ^= b
    b ^= c
    a ^= d
    c ^= t
    d = rotl(d, 11)
    return result
  }
  return (n) => {
    const out = new Uint8Array(n)
    for (let i = 0; i < n; i += 4) {
      const v = next()
      for (let k = 0; k < 4 && i + k < n; k++) out[i + k] = (v >>> (8 * k)) & 0xff
    }
    return out
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k))
}

const clock = systemClock()

function contextOf(next: NextSend, epochMs: number): MacroContext {
  return { counter: next.counter, time: clock.localtime(epochMs), random: randomFrom(next.seed) }
}

/** The context of an endpoint's next send, made now: what a send uses. */
export function macroContextNow(endpointId: string): MacroContext {
  return contextOf(nextOf(useMacroSends.getState(), endpointId), Date.now())
}

/** The next send's context for the preview; with `ticking`, it follows the clock second by second. */
export function useNextMacroContext(endpointId: string, ticking: boolean): MacroContext {
  const known = useMacroSends((s) => s.next[endpointId])
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!ticking) return
    setNow(Date.now())
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [ticking])
  return useMemo(() => contextOf(known ?? nextOf(useMacroSends.getState(), endpointId), now), [known, endpointId, now])
}

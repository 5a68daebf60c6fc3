// Shared by the engine tests: an event recorder, a poller with a deadline, temp dirs, digests.
import { createHash } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CaptureRecord, EngineEvent, EventBatch } from '../../../src/shared/api'
import type { Engine, EventSubscription } from '../../../src/main/engine'

export interface Recorder {
  events: EngineEvent[]
  batches: EventBatch[]
  subscription: EventSubscription
  of<T extends EngineEvent['type']>(type: T): Extract<EngineEvent, { type: T }>[]
}

export function record(engine: Engine, opts: { autoAck?: boolean } = {}): Recorder {
  const events: EngineEvent[] = []
  const batches: EventBatch[] = []
  const subscription = engine.subscribe({
    deliver: (b) => {
      batches.push(b)
      for (const e of b.events) events.push(e)
    },
    isOpen: () => true,
    autoAck: opts.autoAck ?? true
  })
  return {
    events,
    batches,
    subscription,
    of: <T extends EngineEvent['type']>(type: T) => events.filter((e) => e.type === type) as Extract<EngineEvent, { type: T }>[]
  }
}

export async function waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = probe()
    if (v !== undefined && v !== false) return v
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

export async function tempDir(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'socket-lab-engine-'))
  return { path, remove: () => rm(path, { recursive: true, force: true }) }
}

export function sha256(chunks: Uint8Array[] | Uint8Array): string {
  const h = createHash('sha256')
  for (const c of Array.isArray(chunks) ? chunks : [chunks]) h.update(c)
  return h.digest('hex')
}

export function text(s: string): Uint8Array {
  return new TextEncoder().encode(s)
}

export function decode(b: Uint8Array): string {
  return new TextDecoder().decode(b)
}

/** Resolves to the error a promise rejects with (fails the test when it resolves). */
export async function rejection(p: Promise<unknown> | (() => unknown)): Promise<{ code: string; message: string; hint: string; hintId?: string }> {
  try {
    await (typeof p === 'function' ? p() : p)
  } catch (err) {
    return err as { code: string; message: string; hint: string; hintId?: string }
  }
  throw new Error('expected a rejection')
}

export function portOf(info: { local?: unknown }): number {
  const l = info.local as { port?: number } | undefined
  if (!l?.port) throw new Error('endpoint has no port')
  return l.port
}

/** Every record of an endpoint's capture, read page by page as a window would, until nextSeq stops. */
export function readWholeCapture(engine: Engine, endpointId: string, pageSize = 1000): CaptureRecord[] {
  const out: CaptureRecord[] = []
  for (let from = 0, pages = 0; pages < 10_000; pages++) {
    const page = engine.readCapture(endpointId, from, pageSize)
    out.push(...page.records)
    if (page.nextSeq <= from) return out
    from = page.nextSeq
  }
  throw new Error(`the capture of ${endpointId} never stopped paging`)
}

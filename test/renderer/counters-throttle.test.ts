import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Counters, EventBatch } from '../../src/shared/api'
import { COUNTERS_INTERVAL_MS, flushCounters, useAppStore } from '../../src/renderer/src/store/app-store'
import { endpoint, resetStores } from './helpers'

const counters = (chunksIn: number): Counters => ({ ...endpoint().counters, chunksIn, bytesIn: chunksIn * 10 })
let n = 1
const apply = (batch: Omit<EventBatch, 'batch'>): void => useAppStore.getState().applyBatch({ batch: n++, ...batch })
const shown = (id = 'e1'): number | undefined => useAppStore.getState().endpoints[id]?.counters.chunksIn

describe('counters under a flood of batches', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
    resetStores()
    apply({ events: [{ type: 'endpoint', endpoint: endpoint({ id: 'e1' }) }], counters: {} })
  })
  afterEach(() => {
    flushCounters()
    vi.useRealTimers()
  })

  it('publishes counters alone at most once per interval, and the last values are never lost', () => {
    const renders: number[] = []
    const stop = useAppStore.subscribe((s) => renders.push(s.endpoints.e1!.counters.chunksIn))
    // 60 batches a second for one second, each with new counters.
    for (let i = 1; i <= 60; i++) {
      vi.advanceTimersByTime(1000 / 60)
      apply({ events: [], counters: { e1: counters(i) } })
    }
    vi.advanceTimersByTime(COUNTERS_INTERVAL_MS)
    stop()
    expect(renders.length).toBeGreaterThan(1)
    expect(renders.length).toBeLessThanOrEqual(Math.ceil(1000 / COUNTERS_INTERVAL_MS) + 1)
    // Every publication is newer than the one before, and the last is the last received.
    expect(renders).toEqual([...renders].sort((a, b) => a - b))
    expect(shown()).toBe(60)
  })

  it('publishes the first counters after a quiet spell at once, and waiting ones with a batch that changes more', () => {
    vi.advanceTimersByTime(COUNTERS_INTERVAL_MS)
    apply({ events: [], counters: { e1: counters(1) } })
    apply({ events: [], counters: { e1: counters(2) } })
    expect(shown()).toBe(1)
    apply({ events: [{ type: 'error', endpointId: 'e1', error: { code: 'EX', message: 'x', hint: 'y' }, time: 0 }], counters: {} })
    expect(shown()).toBe(2)
  })

  it('lets a newer endpoint snapshot win over counters that were waiting', () => {
    apply({ events: [], counters: { e1: counters(1) } })
    apply({ events: [], counters: { e1: counters(2) } })
    apply({ events: [{ type: 'endpoint', endpoint: endpoint({ id: 'e1', counters: counters(3) }) }], counters: {} })
    expect(shown()).toBe(3)
    vi.advanceTimersByTime(COUNTERS_INTERVAL_MS)
    expect(shown()).toBe(3)
  })
})

import { beforeAll, describe, expect, it } from 'vitest'
import type { EventBatch, SocketLabApi } from '../../src/shared/api'
import { EVENTS_ACK_CHANNEL, EVENTS_CHANNEL, EVENTS_READY_CHANNEL, requestChannel } from '../../src/shared/channels'
import { requestNames } from '../../src/shared/schemas'
import type { FakeState } from '../helpers/electron-fake'
import { fakeElectron } from '../helpers/fake-electron-state'

describe('preload', () => {
  let fake: FakeState
  let api: SocketLabApi

  beforeAll(async () => {
    fake = await fakeElectron()
    await import('../../src/preload/index')
    api = fake.exposed.socketLab as SocketLabApi
  })

  it('exposes only window.socketLab', () => {
    expect(Object.keys(fake.exposed)).toEqual(['socketLab'])
  })

  it('exposes exactly the contract: one function per request and subscribe', () => {
    expect(Object.keys(api).sort()).toEqual([...requestNames, 'subscribe'].sort())
    for (const value of Object.values(api)) expect(typeof value).toBe('function')
  })

  it('sends each request on its own channel and nowhere else', async () => {
    fake.rendererInvoked.length = 0
    for (const name of requestNames) {
      const call = api[name] as (req?: unknown) => Promise<unknown>
      await call({ probe: name })
    }
    expect(fake.rendererInvoked).toEqual(requestNames.map((name) => [requestChannel(name), { probe: name }]))
  })

  it('says ready on the first subscription, delivers batches and acknowledges them', () => {
    const received: EventBatch[] = []
    expect(fake.rendererSent.filter(([ch]) => ch === EVENTS_READY_CHANNEL)).toHaveLength(0)
    const unsubscribe = api.subscribe((batch) => received.push(batch))
    api.subscribe(() => undefined)
    expect(fake.rendererSent.filter(([ch]) => ch === EVENTS_READY_CHANNEL)).toHaveLength(1)

    const listeners = [...(fake.rendererListeners.get(EVENTS_CHANNEL) ?? [])] as ((e: unknown, b: EventBatch) => void)[]
    expect(listeners).toHaveLength(1)
    const batch: EventBatch = { batch: 3, events: [], counters: {} }
    listeners[0]!({ sender: 'ipc-event-must-not-leak' }, batch)
    expect(received).toEqual([batch])
    expect(fake.rendererSent).toContainEqual([EVENTS_ACK_CHANNEL, 3])

    unsubscribe()
    listeners[0]!({}, { batch: 4, events: [], counters: {} })
    expect(received).toHaveLength(1)
  })
})

import { describe, expect, it } from 'vitest'
import type { IpcMain, BrowserWindow } from 'electron'
import type { EventBatch } from '../../../src/shared/api'
import { EVENTS_ACK_CHANNEL, EVENTS_CHANNEL, EVENTS_READY_CHANNEL } from '../../../src/shared/channels'
import { bridgeEvents } from '../../../src/main/ipc/event-bridge'
import type { Engine, EventSink } from '../../../src/main/engine/types'
import { FakeBrowserWindow, FakeFrame, FakeWebContents } from '../../helpers/electron-fake'
import { fakeElectron } from '../../helpers/fake-electron-state'

// Only subscribe matters to the bridge; the rest of the engine is out of this test's reach.
function engineRecordingSinks() {
  const sinks: EventSink[] = []
  const acks: number[] = []
  let closed = 0
  const engine = {
    subscribe(sink: EventSink) {
      sinks.push(sink)
      return { ack: (n: number) => acks.push(n), close: () => closed++ }
    }
  } as unknown as Engine
  return { engine, sinks, acks, closed: () => closed }
}

const batch = (n: number): EventBatch => ({ batch: n, events: [], counters: {} })

async function setup() {
  const electron = await import('electron')
  const fake = await fakeElectron()
  const win = new FakeBrowserWindow({}, () => undefined)
  const rec = engineRecordingSinks()
  const stop = bridgeEvents(electron.ipcMain as unknown as IpcMain, rec.engine, () => win as unknown as BrowserWindow)
  const emit = (channel: string, event: unknown, ...args: unknown[]) => {
    for (const l of fake.ipcListeners.get(channel) ?? []) (l as (...a: unknown[]) => void)(event, ...args)
  }
  const fromWindow = { sender: win.webContents, senderFrame: win.webContents.mainFrame }
  return { fake, win, rec, stop, emit, fromWindow }
}

describe('event bridge', () => {
  it('sends nothing until the renderer says it is ready', async () => {
    const { win, rec, stop, emit, fromWindow } = await setup()
    expect(rec.sinks).toHaveLength(0)
    emit(EVENTS_READY_CHANNEL, fromWindow)
    expect(rec.sinks).toHaveLength(1)
    rec.sinks[0]!.deliver(batch(1))
    expect(win.webContents.sent).toEqual([[EVENTS_CHANNEL, batch(1)]])
    stop()
  })

  it('ignores a ready or an ack from another sender', async () => {
    const { rec, stop, emit, fromWindow } = await setup()
    const stranger = new FakeWebContents()
    emit(EVENTS_READY_CHANNEL, { sender: stranger, senderFrame: stranger.mainFrame })
    emit(EVENTS_READY_CHANNEL, { sender: fromWindow.sender, senderFrame: new FakeFrame('https://evil.example/') })
    expect(rec.sinks).toHaveLength(0)
    emit(EVENTS_READY_CHANNEL, fromWindow)
    emit(EVENTS_ACK_CHANNEL, { sender: stranger, senderFrame: stranger.mainFrame }, 5)
    emit(EVENTS_ACK_CHANNEL, fromWindow, 'not a number')
    emit(EVENTS_ACK_CHANNEL, fromWindow, 2)
    expect(rec.acks).toEqual([2])
    stop()
  })

  it('never sends to a destroyed window and reports the sink closed', async () => {
    const { win, rec, stop, emit, fromWindow } = await setup()
    emit(EVENTS_READY_CHANNEL, fromWindow)
    const sink = rec.sinks[0]!
    expect(sink.isOpen()).toBe(true)
    win.destroy()
    expect(sink.isOpen()).toBe(false)
    expect(() => sink.deliver(batch(1))).not.toThrow()
    expect(win.webContents.sent).toEqual([])
    stop()
  })

  it('starts a fresh subscription when the page reloads', async () => {
    const { rec, stop, emit, fromWindow } = await setup()
    emit(EVENTS_READY_CHANNEL, fromWindow)
    emit(EVENTS_READY_CHANNEL, fromWindow)
    expect(rec.sinks).toHaveLength(2)
    expect(rec.closed()).toBe(1)
    stop()
    expect(rec.closed()).toBe(2)
  })
})

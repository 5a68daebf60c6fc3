// Carries engine event batches to the window: nothing is sent before the renderer says it is ready,
// nothing is ever sent to a destroyed window, and the renderer's acks let the pump see lag.
import type { BrowserWindow, IpcMain, IpcMainEvent } from 'electron'
import { EVENTS_ACK_CHANNEL, EVENTS_CHANNEL, EVENTS_READY_CHANNEL } from '../../shared/channels'
import type { Engine, EventSubscription } from '../engine/types'
import { isFromWindowTopFrame } from './trusted-sender'

export function bridgeEvents(ipcMain: IpcMain, engine: Engine, getWindow: () => BrowserWindow | null): () => void {
  let subscription: EventSubscription | undefined

  const onReady = (event: IpcMainEvent): void => {
    const win = getWindow()
    if (!win || !isFromWindowTopFrame(win, event)) return
    // A reload makes a fresh renderer: drop the old pump and start again from a full snapshot.
    subscription?.close()
    const contents = win.webContents
    subscription = engine.subscribe({
      isOpen: () => !win.isDestroyed() && !contents.isDestroyed(),
      deliver: (batch) => {
        if (!win.isDestroyed() && !contents.isDestroyed()) contents.send(EVENTS_CHANNEL, batch)
      }
    })
  }

  const onAck = (event: IpcMainEvent, batch: unknown): void => {
    if (typeof batch !== 'number' || !Number.isSafeInteger(batch)) return
    if (!isFromWindowTopFrame(getWindow(), event)) return
    subscription?.ack(batch)
  }

  ipcMain.on(EVENTS_READY_CHANNEL, onReady)
  ipcMain.on(EVENTS_ACK_CHANNEL, onAck)
  return () => {
    ipcMain.removeListener(EVENTS_READY_CHANNEL, onReady)
    ipcMain.removeListener(EVENTS_ACK_CHANNEL, onAck)
    subscription?.close()
    subscription = undefined
  }
}

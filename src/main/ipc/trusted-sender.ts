// A request is trusted only when it comes from the top frame of our own window, never from a frame
// embedded in it or from any other webContents.
import type { BrowserWindow, IpcMainEvent, IpcMainInvokeEvent } from 'electron'

export function isFromWindowTopFrame(win: BrowserWindow | null, event: IpcMainInvokeEvent | IpcMainEvent): boolean {
  if (!win || win.isDestroyed()) return false
  const contents = win.webContents
  if (event.sender !== contents) return false
  const frame = event.senderFrame
  return frame !== null && frame === contents.mainFrame
}

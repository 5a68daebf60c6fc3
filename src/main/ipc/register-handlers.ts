// Registers one ipcMain.handle per contract request through a single wrapper that checks the sender,
// validates the request and turns every failure into {code, message, hint}.
import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import type { Handlers, Result } from '../../shared/api'
import { requestChannel } from '../../shared/channels'
import { requestNames } from '../../shared/schemas'
import { dispatch } from '../dispatch'

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean

const refused: Result<never> = {
  ok: false,
  error: {
    code: 'EPERM',
    message: 'request refused: it did not come from the Socket Lab window',
    hint: 'Only the Socket Lab window may use its API; embedded frames and other pages may not.'
  }
}

export function registerHandlers(ipcMain: IpcMain, handlers: Handlers, isTrustedSender: SenderCheck): () => void {
  for (const name of requestNames) {
    ipcMain.handle(requestChannel(name), (event, request: unknown) =>
      isTrustedSender(event) ? dispatch(handlers, name, request) : refused
    )
  }
  return () => {
    for (const name of requestNames) ipcMain.removeHandler(requestChannel(name))
  }
}

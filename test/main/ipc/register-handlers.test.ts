import { afterEach, describe, expect, it } from 'vitest'
import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import type { Handlers } from '../../../src/shared/api'
import { requestChannel } from '../../../src/shared/channels'
import { requestNames } from '../../../src/shared/schemas'
import { registerHandlers } from '../../../src/main/ipc/register-handlers'
import { isFromWindowTopFrame } from '../../../src/main/ipc/trusted-sender'
import { FakeBrowserWindow, FakeFrame, FakeWebContents } from '../../helpers/electron-fake'
import { fakeElectron } from '../../helpers/fake-electron-state'

// Handlers that record what they were called with, so a test sees whether a request got through.
function recordingHandlers(calls: [string, unknown][]): Handlers {
  return Object.fromEntries(
    requestNames.map((name) => [
      name,
      (req: unknown) => {
        calls.push([name, req])
        if (name === 'readChunk') throw Object.assign(new Error('chunk 7 was dropped'), { code: 'EDROPPED', hint: 'raise the capture limit' })
        return { handled: name }
      }
    ])
  ) as unknown as Handlers
}

function eventFrom(contents: FakeWebContents, frame: FakeFrame = contents.mainFrame): IpcMainInvokeEvent {
  return { sender: contents, senderFrame: frame } as unknown as IpcMainInvokeEvent
}

describe('registerHandlers', () => {
  let unregister: (() => void) | undefined
  afterEach(() => unregister?.())

  async function setup() {
    const electron = await import('electron')
    const fake = await fakeElectron()
    const win = new FakeBrowserWindow({}, () => undefined)
    const calls: [string, unknown][] = []
    unregister = registerHandlers(electron.ipcMain as unknown as IpcMain, recordingHandlers(calls), (e) =>
      isFromWindowTopFrame(win as never, e)
    )
    const invoke = (name: string, event: IpcMainInvokeEvent, req: unknown) =>
      (fake.ipcHandlers.get(requestChannel(name as never)) as (e: unknown, r: unknown) => Promise<unknown>)(event, req)
    return { fake, win, calls, invoke }
  }

  it('registers exactly one handler per contract request and nothing else', async () => {
    const { fake } = await setup()
    const expected = requestNames.map(requestChannel).sort()
    expect([...fake.ipcHandlers.keys()].sort()).toEqual(expected)
    expect(new Set(expected).size).toBe(requestNames.length)
  })

  it('answers a request from the window top frame', async () => {
    const { win, calls, invoke } = await setup()
    const result = await invoke('listPeers', eventFrom(win.webContents), { endpointId: 'ep1' })
    expect(result).toEqual({ ok: true, value: { handled: 'listPeers' } })
    expect(calls).toEqual([['listPeers', { endpointId: 'ep1' }]])
  })

  it('refuses a request from another webContents without calling the handler', async () => {
    const { calls, invoke } = await setup()
    const stranger = new FakeWebContents()
    const result = (await invoke('getAppInfo', eventFrom(stranger), undefined)) as { ok: boolean; error: { code: string } }
    expect(result.ok).toBe(false)
    expect(result.error.code).toBe('EPERM')
    expect(calls).toEqual([])
  })

  it('refuses a request from a subframe of our window', async () => {
    const { win, calls, invoke } = await setup()
    const result = (await invoke('getAppInfo', eventFrom(win.webContents, new FakeFrame('https://evil.example/')), undefined)) as {
      ok: boolean
      error: { code: string }
    }
    expect(result.error.code).toBe('EPERM')
    expect(calls).toEqual([])
  })

  it('refuses requests once the window is destroyed', async () => {
    const { win, calls, invoke } = await setup()
    win.destroy()
    const result = (await invoke('getAppInfo', eventFrom(win.webContents), undefined)) as { ok: boolean }
    expect(result.ok).toBe(false)
    expect(calls).toEqual([])
  })

  it('answers a malformed request with EINVAL and a hint, without calling the handler', async () => {
    const { win, calls, invoke } = await setup()
    const result = (await invoke('openEndpoint', eventFrom(win.webContents), {
      config: { kind: 'tcp-server', host: '127.0.0.1', port: 70000 }
    })) as { ok: boolean; error: { code: string; message: string; hint: string } }
    expect(result.ok).toBe(false)
    expect(result.error.code).toBe('EINVAL')
    expect(result.error.message).toMatch(/port/)
    expect(result.error.hint.length).toBeGreaterThan(0)
    expect(calls).toEqual([])
  })

  it('refuses a bad host before any handler runs', async () => {
    const { win, calls, invoke } = await setup()
    const result = (await invoke('openEndpoint', eventFrom(win.webContents), {
      config: { kind: 'tcp-client', host: 'not a host!', port: 80 }
    })) as { ok: boolean; error: { code: string; message: string } }
    expect(result.error.code).toBe('EINVAL')
    expect(result.error.message).toMatch(/host/)
    expect(calls).toEqual([])
  })

  it('turns an error thrown by a handler into code, message and hint', async () => {
    const { win, invoke } = await setup()
    const result = await invoke('readChunk', eventFrom(win.webContents), { endpointId: 'ep1', seq: 7 })
    expect(result).toEqual({
      ok: false,
      error: { code: 'EDROPPED', message: 'chunk 7 was dropped', hint: 'raise the capture limit' }
    })
  })
})

// A stand-in for the parts of Electron the shell touches. It records what the app registers (IPC
// handlers, window options, session hooks, what the preload exposes) so tests can drive and inspect it.
import { EventEmitter } from 'node:events'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

type Fn = (...args: never[]) => unknown

export class FakeFrame {
  constructor(public url = 'socket-lab://app/index.html') {}
}

export class FakeWebContents extends EventEmitter {
  readonly mainFrame = new FakeFrame()
  readonly sent: [string, ...unknown[]][] = []
  destroyed = false
  windowOpenHandler?: (details: { url: string }) => { action: string }

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed')
    this.sent.push([channel, ...args])
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler
  }
}

export interface FakeState {
  userData: string
  windows: FakeBrowserWindow[]
  ipcHandlers: Map<string, Fn>
  ipcListeners: Map<string, Set<Fn>>
  exposed: Record<string, unknown>
  permissionRequestHandler?: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void
  permissionCheckHandler?: (...args: unknown[]) => boolean
  headersReceived?: (
    details: { responseHeaders?: Record<string, string[]> },
    callback: (response: { responseHeaders?: Record<string, string[]> }) => void
  ) => void
  /** True once whenReady() has resolved: Electron refuses some calls before, others after. */
  ready: boolean
  privilegedSchemes: { scheme: string; privileges: Record<string, boolean> }[]
  protocolHandlers: Map<string, (request: Request) => Response | Promise<Response>>
  rendererListeners: Map<string, Set<Fn>>
  rendererSent: [string, ...unknown[]][]
  rendererInvoked: [string, unknown][]
  quitCalls: number
  /** Save dialogs shown, with their options; each is answered with `saveDialogAnswer`. */
  saveDialogs: { defaultPath?: string }[]
  saveDialogAnswer: { canceled: boolean; filePath?: string }
}

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents()
  loaded?: { file?: string; url?: string }
  destroyed = false
  constructor(
    readonly options: Record<string, unknown>,
    private readonly onCreate: (win: FakeBrowserWindow) => void
  ) {
    super()
    onCreate(this)
  }
  loadFile(file: string): Promise<void> {
    this.loaded = { file }
    return Promise.resolve()
  }
  loadURL(url: string): Promise<void> {
    this.loaded = { url }
    return Promise.resolve()
  }
  show(): void {}
  isDestroyed(): boolean {
    return this.destroyed
  }
  destroy(): void {
    this.destroyed = true
    this.webContents.destroyed = true
    this.emit('closed')
  }
}

export function createElectronFake(): Record<string, unknown> {
  const state: FakeState = {
    userData: mkdtempSync(join(tmpdir(), 'socket-lab-userdata-')),
    windows: [],
    ipcHandlers: new Map(),
    ipcListeners: new Map(),
    exposed: {},
    ready: false,
    privilegedSchemes: [],
    protocolHandlers: new Map(),
    rendererListeners: new Map(),
    rendererSent: [],
    rendererInvoked: [],
    quitCalls: 0,
    saveDialogs: [],
    saveDialogAnswer: { canceled: true }
  }

  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    whenReady: () =>
      Promise.resolve().then(() => {
        state.ready = true
      }),
    getPath: (name: string) => (name === 'userData' ? state.userData : tmpdir()),
    getVersion: () => '0.0.0-test',
    quit: () => {
      state.quitCalls++
    },
    exit: () => undefined
  })

  class BrowserWindow extends FakeBrowserWindow {
    constructor(options: Record<string, unknown>) {
      super(options, (win) => {
        state.windows.push(win)
        app.emit('web-contents-created', {}, win.webContents)
      })
    }
  }

  const ipcMain = {
    handle(channel: string, handler: Fn) {
      if (state.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
      state.ipcHandlers.set(channel, handler)
    },
    removeHandler(channel: string) {
      state.ipcHandlers.delete(channel)
    },
    on(channel: string, listener: Fn) {
      if (!state.ipcListeners.has(channel)) state.ipcListeners.set(channel, new Set())
      state.ipcListeners.get(channel)!.add(listener)
      return ipcMain
    },
    removeListener(channel: string, listener: Fn) {
      state.ipcListeners.get(channel)?.delete(listener)
      return ipcMain
    }
  }

  const session = {
    defaultSession: {
      setPermissionRequestHandler(handler: FakeState['permissionRequestHandler']) {
        state.permissionRequestHandler = handler
      },
      setPermissionCheckHandler(handler: FakeState['permissionCheckHandler']) {
        state.permissionCheckHandler = handler
      },
      webRequest: {
        onHeadersReceived(handler: FakeState['headersReceived']) {
          state.headersReceived = handler
        }
      }
    }
  }

  // As in Electron: privileges only before ready, and only once; handlers only after, one a scheme.
  const protocol = {
    registerSchemesAsPrivileged(schemes: FakeState['privilegedSchemes']) {
      if (state.ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready')
      if (state.privilegedSchemes.length > 0) throw new Error('protocol.registerSchemesAsPrivileged can be called only once')
      state.privilegedSchemes.push(...schemes)
    },
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>) {
      if (!state.ready) throw new Error('protocol.handle should be called after app is ready')
      if (state.protocolHandlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`)
      state.protocolHandlers.set(scheme, handler)
    }
  }

  const contextBridge = {
    exposeInMainWorld(key: string, value: unknown) {
      state.exposed[key] = value
    }
  }

  const ipcRenderer = {
    invoke(channel: string, request: unknown) {
      state.rendererInvoked.push([channel, request])
      return Promise.resolve({ ok: true, value: { channel } })
    },
    send(channel: string, ...args: unknown[]) {
      state.rendererSent.push([channel, ...args])
    },
    on(channel: string, listener: Fn) {
      if (!state.rendererListeners.has(channel)) state.rendererListeners.set(channel, new Set())
      state.rendererListeners.get(channel)!.add(listener)
      return ipcRenderer
    },
    removeListener(channel: string, listener: Fn) {
      state.rendererListeners.get(channel)?.delete(listener)
      return ipcRenderer
    }
  }

  const dialog = {
    // Like Electron's: the window argument is optional and comes first when given.
    showSaveDialog(...args: unknown[]) {
      const options = (args.length > 1 ? args[1] : args[0]) as { defaultPath?: string }
      state.saveDialogs.push(options)
      return Promise.resolve(state.saveDialogAnswer)
    }
  }

  const electron = { app, BrowserWindow, dialog, ipcMain, protocol, session, contextBridge, ipcRenderer, __fake: state }
  return { ...electron, default: electron }
}

// Electron's main process: the app lifecycle and the one window. Everything that touches sockets runs
// in the engine, which knows nothing of Electron; this file only wires it to a locked-down window.
import { join } from 'node:path'
import { BrowserWindow, app, dialog, ipcMain, protocol, session, type WebContents } from 'electron'
import { APP_ENTRY_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol'
import { CONTENT_SECURITY_POLICY } from './csp'
import { createEngine } from './engine'
import { fileDelivery } from './export/export-file'
import { createHandlers } from './handlers'
import { bridgeEvents } from './ipc/event-bridge'
import { registerHandlers } from './ipc/register-handlers'
import { isFromWindowTopFrame } from './ipc/trusted-sender'
import { openSettingsStore } from './settings-store'
import { openWorkspaceStore } from './workspace-store'

let mainWindow: BrowserWindow | null = null

function rendererUrl(): string | undefined {
  // Set by `electron-vite dev` only; a packaged app always loads its own files.
  return app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL
}

export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 560,
    title: 'Socket Lab',
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false
    }
  })
  win.once('ready-to-show', () => win.show())
  // The built page comes from socket-lab://app/ (see app-protocol.ts), never from file://.
  void win.loadURL(rendererUrl() ?? APP_ENTRY_URL)
  return win
}

/** No navigation away from the app, no new windows, no webviews, for every webContents ever made. */
export function lockDownContents(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

function lockDownSession(): void {
  const ses = session.defaultSession
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
  // The app's own scheme sets the policy on each file it answers; this adds it to what the dev
  // server sends.
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] }
    })
  })
}

export async function startDesktopApp(): Promise<void> {
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents))
  // Privileges can only be given before the app is ready; the handler only after.
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }])
  await app.whenReady()
  // The built renderer sits beside the main bundle: out/renderer, inside app.asar when packaged.
  protocol.handle(APP_SCHEME, createAppProtocolHandler(join(__dirname, '../renderer')))
  lockDownSession()

  const settings = await openSettingsStore(app.getPath('userData'))
  const { captureLimitBytes, previewBytes } = settings.get()
  const engine = createEngine({ captureLimitBytes, previewBytes })
  const workspace = await openWorkspaceStore(app.getPath('userData'))
  // Exports and saved bytes go where the user says in a save dialog of the main process: the window
  // only asks for them, and never names a path.
  const exports = fileDelivery(async (suggestedName) => {
    const options = { title: 'Save', defaultPath: join(app.getPath('downloads'), suggestedName) }
    const chosen = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options)
    return chosen.canceled || !chosen.filePath ? undefined : chosen.filePath
  })
  const handlers = createHandlers({ engine, settings, transport: 'electron', workspace, exports })
  registerHandlers(ipcMain, handlers, (event) => isFromWindowTopFrame(mainWindow, event))
  bridgeEvents(ipcMain, engine, () => mainWindow)

  mainWindow = createMainWindow()
  mainWindow.on('closed', () => {
    mainWindow = null
  })

  app.on('window-all-closed', () => app.quit())
  // Every socket closes before the process goes: hold the quit until the engine has let go.
  let closed = false
  app.on('before-quit', (event) => {
    if (closed) return
    event.preventDefault()
    void engine.closeAll().finally(() => {
      closed = true
      app.quit()
    })
  })
}

startDesktopApp().catch((err: unknown) => {
  console.error('Socket Lab failed to start:', err)
  app.exit(1)
})

// `socket-lab serve`: the desktop app's engine and handlers in plain Node, the window in a browser.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describeRefusal, resolveLoopback } from '../../main/browser-shell/loopback'
import { createDownloads } from '../../main/browser-shell/downloads'
import { startBrowserShell } from '../../main/browser-shell/server'
import { userConfigDir } from '../../main/config-dir'
import { createEngine } from '../../main/engine'
import { createHandlers } from '../../main/handlers'
import { openSettingsStore } from '../../main/settings-store'
import { openWorkspaceStore } from '../../main/workspace-store'

/** The built renderer beside the CLI bundle (out/renderer), wherever the bundler put this chunk. */
function builtRendererDir(): string {
  const candidates = [join(__dirname, '..', 'renderer'), join(__dirname, '..', '..', 'renderer')]
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0]!
}

export interface ServeOptions {
  host: string
  port: number
  open?: boolean
  allowRemote?: boolean
}

function openInBrowser(url: string): void {
  // The user asked for this; the URL is ours, passed as an argument and never through a shell.
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
        : ['xdg-open', [url]]
  const child = spawn(cmd, args, { stdio: 'ignore', detached: true })
  child.on('error', () => console.error(`Could not start a browser; open the URL above by hand.`))
  child.unref()
}

export async function runServe(options: ServeOptions): Promise<void> {
  const check = await resolveLoopback(options.host)
  if (!check.ok) {
    if (!options.allowRemote) {
      const { message, hint } = describeRefusal(options.host, check)
      console.error(`error: ${message}\nhint: ${hint}`)
      process.exitCode = 2
      return
    }
    console.error(`warning: serving on ${options.host}: anyone who can reach it and has the token can drive sockets on this machine.`)
  }
  const settings = await openSettingsStore(userConfigDir())
  if (settings.notice) console.error(`warning: ${settings.notice}`)
  const { captureLimitBytes, previewBytes } = settings.get()
  const engine = createEngine({ captureLimitBytes, previewBytes })
  const workspace = await openWorkspaceStore(userConfigDir())
  // Exports and saves reach the browser as one-time download URLs the shell serves to this session.
  const downloads = createDownloads()
  const handlers = createHandlers({ engine, settings, transport: 'browser', workspace, exports: downloads })
  const shell = await startBrowserShell({
    host: options.host,
    port: options.port,
    rendererDir: builtRendererDir(),
    engine,
    handlers,
    downloads,
    allowRemote: options.allowRemote ?? false
  })
  console.log(`Socket Lab is serving at ${shell.url}`)
  console.log('Open that URL in a browser on this machine. Press Ctrl+C to stop.')
  if (options.open) openInBrowser(shell.url)

  const stop = (): void => {
    void Promise.all([shell.close(), engine.closeAll()]).finally(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

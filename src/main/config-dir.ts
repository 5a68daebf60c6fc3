// Where the browser shell and the CLI keep settings when Electron's userData folder is not there.
import { homedir } from 'node:os'
import { join } from 'node:path'

export function userConfigDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.SOCKET_LAB_CONFIG_DIR) return env.SOCKET_LAB_CONFIG_DIR
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Socket Lab')
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Socket Lab')
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'socket-lab')
}

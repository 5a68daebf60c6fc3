import type { AppInfo, Transport } from '../shared/api'
import pkg from '../../package.json'

export const APP_NAME = 'Socket Lab'
export const APP_VERSION: string = pkg.version

export function appInfo(transport: Transport): AppInfo {
  const electronVersion = process.versions.electron
  return {
    name: APP_NAME,
    version: APP_VERSION,
    transport,
    platform: process.platform,
    arch: process.arch,
    nodeVersion: process.versions.node,
    ...(electronVersion ? { electronVersion } : {})
  }
}

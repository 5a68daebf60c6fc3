// How the window reaches the Node side. Under Electron the preload has put the API on
// window.socketLab; in a browser the shell carries it over a WebSocket. Components get a
// SocketLabApi and a status either way, and never learn which.
import type { SocketLabApi } from '../../../shared/api'
import { createWebSocketApi } from './ws-client'

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected'

export interface ApiConnection {
  api: SocketLabApi
  status(): ConnectionStatus
  onStatus(listener: (status: ConnectionStatus) => void): () => void
}

declare global {
  interface Window {
    socketLab?: SocketLabApi
  }
}

function fixedConnection(api: SocketLabApi): ApiConnection {
  // An in-process bridge cannot drop; it is connected for as long as the window lives.
  return { api, status: () => 'connected', onStatus: () => () => undefined }
}

export function connect(win: Window = window): ApiConnection {
  if (win.socketLab) return fixedConnection(win.socketLab)
  const scheme = win.location.protocol === 'https:' ? 'wss:' : 'ws:'
  return createWebSocketApi(`${scheme}//${win.location.host}/api`)
}

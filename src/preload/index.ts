// Exposes window.socketLab: one function per contract request, each bound to its own channel, and one
// subscribe function for event batches. ipcRenderer itself never reaches the page.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { EventBatch, EventListener, RequestName, Result, SocketLabApi } from '../shared/api'
import { EVENTS_ACK_CHANNEL, EVENTS_CHANNEL, EVENTS_READY_CHANNEL, requestChannel } from '../shared/channels'

function request<K extends RequestName>(name: K): SocketLabApi[K] {
  const channel = requestChannel(name)
  const call = (req?: unknown): Promise<Result<unknown>> => ipcRenderer.invoke(channel, req)
  return call as SocketLabApi[K]
}

const listeners = new Set<EventListener>()
let ready = false

function onBatch(_event: IpcRendererEvent, batch: EventBatch): void {
  for (const listener of listeners) listener(batch)
  ipcRenderer.send(EVENTS_ACK_CHANNEL, batch.batch)
}

function subscribe(listener: EventListener): () => void {
  listeners.add(listener)
  if (!ready) {
    ready = true
    ipcRenderer.on(EVENTS_CHANNEL, onBatch)
    ipcRenderer.send(EVENTS_READY_CHANNEL)
  }
  return () => {
    listeners.delete(listener)
  }
}

const api: SocketLabApi = {
  getAppInfo: request('getAppInfo'),
  listEndpoints: request('listEndpoints'),
  openEndpoint: request('openEndpoint'),
  startEndpoint: request('startEndpoint'),
  closeEndpoint: request('closeEndpoint'),
  removeEndpoint: request('removeEndpoint'),
  updateEndpoint: request('updateEndpoint'),
  listPeers: request('listPeers'),
  send: request('send'),
  closePeer: request('closePeer'),
  endOutput: request('endOutput'),
  udpMembership: request('udpMembership'),
  readCapture: request('readCapture'),
  readChunk: request('readChunk'),
  getSettings: request('getSettings'),
  updateSettings: request('updateSettings'),
  getWorkspace: request('getWorkspace'),
  saveWorkspace: request('saveWorkspace'),
  subscribe
}

contextBridge.exposeInMainWorld('socketLab', api)

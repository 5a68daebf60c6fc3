// Exposes window.socketLab: one function per contract request, each bound to its own channel, and one
// subscribe function for event batches. ipcRenderer itself never reaches the page.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { EventBatch, EventListener, RequestName, ResponseOf, Result, SocketLabApi } from '../shared/api'
import { EVENTS_ACK_CHANNEL, EVENTS_CHANNEL, EVENTS_READY_CHANNEL, requestChannel } from '../shared/channels'

// Each request's answer is typed by the contract; IPC itself is untyped, hence the one cast here.
const answer = <K extends RequestName>(reply: Promise<unknown>) => reply as Promise<Result<ResponseOf<K>>>

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
  getAppInfo: (req) => answer<'getAppInfo'>(ipcRenderer.invoke(requestChannel('getAppInfo'), req)),
  listInterfaces: (req) => answer<'listInterfaces'>(ipcRenderer.invoke(requestChannel('listInterfaces'), req)),
  listEndpoints: (req) => answer<'listEndpoints'>(ipcRenderer.invoke(requestChannel('listEndpoints'), req)),
  openEndpoint: (req) => answer<'openEndpoint'>(ipcRenderer.invoke(requestChannel('openEndpoint'), req)),
  startEndpoint: (req) => answer<'startEndpoint'>(ipcRenderer.invoke(requestChannel('startEndpoint'), req)),
  closeEndpoint: (req) => answer<'closeEndpoint'>(ipcRenderer.invoke(requestChannel('closeEndpoint'), req)),
  removeEndpoint: (req) => answer<'removeEndpoint'>(ipcRenderer.invoke(requestChannel('removeEndpoint'), req)),
  updateEndpoint: (req) => answer<'updateEndpoint'>(ipcRenderer.invoke(requestChannel('updateEndpoint'), req)),
  listPeers: (req) => answer<'listPeers'>(ipcRenderer.invoke(requestChannel('listPeers'), req)),
  responderInput: (req) => answer<'responderInput'>(ipcRenderer.invoke(requestChannel('responderInput'), req)),
  send: (req) => answer<'send'>(ipcRenderer.invoke(requestChannel('send'), req)),
  closePeer: (req) => answer<'closePeer'>(ipcRenderer.invoke(requestChannel('closePeer'), req)),
  endOutput: (req) => answer<'endOutput'>(ipcRenderer.invoke(requestChannel('endOutput'), req)),
  udpMembership: (req) => answer<'udpMembership'>(ipcRenderer.invoke(requestChannel('udpMembership'), req)),
  readCapture: (req) => answer<'readCapture'>(ipcRenderer.invoke(requestChannel('readCapture'), req)),
  readChunk: (req) => answer<'readChunk'>(ipcRenderer.invoke(requestChannel('readChunk'), req)),
  getSettings: (req) => answer<'getSettings'>(ipcRenderer.invoke(requestChannel('getSettings'), req)),
  updateSettings: (req) => answer<'updateSettings'>(ipcRenderer.invoke(requestChannel('updateSettings'), req)),
  getWorkspace: (req) => answer<'getWorkspace'>(ipcRenderer.invoke(requestChannel('getWorkspace'), req)),
  saveWorkspace: (req) => answer<'saveWorkspace'>(ipcRenderer.invoke(requestChannel('saveWorkspace'), req)),
  exportCapture: (req) => answer<'exportCapture'>(ipcRenderer.invoke(requestChannel('exportCapture'), req)),
  cancelExport: (req) => answer<'cancelExport'>(ipcRenderer.invoke(requestChannel('cancelExport'), req)),
  saveReceived: (req) => answer<'saveReceived'>(ipcRenderer.invoke(requestChannel('saveReceived'), req)),
  subscribe
}

contextBridge.exposeInMainWorld('socketLab', api)

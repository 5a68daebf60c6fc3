// The request handlers, one per contract request, shared by Electron IPC and the browser shell.
// They receive values already parsed by the request schemas.
import type { Handlers, Transport } from '../../shared/api'
import { appInfo } from '../app-info'
import type { Engine } from '../engine/types'
import { interfaceAddresses } from '../engine/interfaces'
import { ExportJobs, type ExportDelivery } from '../export/export-jobs'
import type { SettingsStore } from '../settings-store'
import type { WorkspaceStore } from '../workspace-store'

export interface HandlerContext {
  engine: Engine
  settings: SettingsStore
  transport: Transport
  /** Where the window's workspace is kept (in memory only when opened without a folder). */
  workspace: WorkspaceStore
  /** Where exports go (a file from a save dialog, a download); without one, exports are refused. */
  exports?: ExportDelivery
}

export function createHandlers({ engine, settings, transport, workspace, exports }: HandlerContext): Handlers {
  const exportJobs = new ExportJobs(engine, exports)
  return {
    getAppInfo: () => appInfo(transport),
    listInterfaces: () => interfaceAddresses(),
    listEndpoints: () => engine.list(),
    openEndpoint: ({ config, start }) => engine.open(config, start ?? true),
    startEndpoint: ({ endpointId }) => engine.start(endpointId),
    closeEndpoint: ({ endpointId }) => engine.close(endpointId),
    removeEndpoint: async ({ endpointId }) => {
      await engine.remove(endpointId)
      return { removed: true }
    },
    updateEndpoint: ({ endpointId, ...change }) => engine.update(endpointId, change),
    listPeers: ({ endpointId }) => engine.peers(endpointId),
    responderInput: ({ endpointId, peerId, bytes }) => engine.responderInput(endpointId, peerId, bytes),
    send: ({ endpointId, to, bytes, waitMs }) => engine.send(endpointId, to, bytes, waitMs !== undefined ? { waitMs } : {}),
    closePeer: ({ endpointId, peerId, mode }) => engine.closePeer(endpointId, peerId, mode),
    endOutput: ({ endpointId, peerId }) => engine.endOutput(endpointId, peerId),
    udpMembership: ({ endpointId, action, group, interface: iface }) =>
      engine.udpMembership(endpointId, action, group, iface),
    readCapture: ({ endpointId, fromSeq, limit }) => engine.readCapture(endpointId, fromSeq, limit),
    readChunk: ({ endpointId, seq }) => engine.readChunk(endpointId, seq),
    getSettings: () => settings.get(),
    updateSettings: async ({ patch }) => {
      const next = await settings.update(patch)
      engine.setLimits({ captureLimitBytes: next.captureLimitBytes, previewBytes: next.previewBytes })
      return next
    },
    getWorkspace: () => workspace.load(),
    saveWorkspace: async ({ workspace: doc }) => {
      await workspace.save(doc)
      return { saved: true }
    },
    exportCapture: (request) => exportJobs.start(request),
    cancelExport: ({ exportId }) => ({ cancelled: exportJobs.cancel(exportId) }),
    saveReceived: (request) => exportJobs.save(request)
  }
}

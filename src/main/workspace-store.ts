// The window's workspace (endpoints and their display settings, saved payloads, send history, pane
// sizes), kept as workspace.json beside the settings: in Electron's userData folder, or in the user's
// config folder for the browser shell. A file that does not parse or does not fit the schema is set
// aside and the window starts from defaults, with a notice saying where the old file went.
import { join } from 'node:path'
import type { AppError, WorkspaceLoad } from '../shared/api'
import { catalogError } from '../shared/errors'
import { workspaceDocument, type WorkspaceDocument } from '../shared/schemas'
import { createSerialQueue, loadJson, saveJson } from './json-file'

export interface WorkspaceStore {
  load(): WorkspaceLoad
  save(workspace: WorkspaceDocument): Promise<void>
}

export const WORKSPACE_FILE = 'workspace.json'

/** A store backed by `workspace.json` in dir; with no dir, the workspace lives in memory only. */
export async function openWorkspaceStore(dir?: string): Promise<WorkspaceStore> {
  const path = dir ? join(dir, WORKSPACE_FILE) : undefined
  let current: WorkspaceDocument | null = null
  let notice: AppError | undefined
  if (path) {
    const loaded = await loadJson<WorkspaceDocument | null>(path, (raw) => workspaceDocument.parse(raw), null)
    current = loaded.value
    if (loaded.setAside) notice = catalogError('EWORKSPACE', { id: 'workspaceSetAside', params: { path: loaded.setAside } })
  }

  // Saves run one at a time. Only the newest document waiting matters: a save whose document a newer
  // one has already replaced on disk is done without writing. A save resolves only once its document
  // or a newer one is on disk, and `current` (what load() answers) only changes then, so a failed
  // write rejects and leaves memory and disk agreeing on the last saved workspace.
  const serial = createSerialQueue()
  let newest: { seq: number; doc: WorkspaceDocument } | undefined
  let savedSeq = 0
  let seq = 0

  return {
    load: () => (notice ? { workspace: current, notice: notice.message, noticeError: notice } : { workspace: current }),
    save(workspace) {
      if (!path) {
        current = workspace
        notice = undefined
        return Promise.resolve()
      }
      const mine = ++seq
      newest = { seq: mine, doc: workspace }
      return serial(async () => {
        if (savedSeq >= mine || !newest) return
        const { seq: writing, doc } = newest
        await saveJson(path, doc, 'theWorkspace')
        savedSeq = writing
        current = doc
        // The notice was about the file that was set aside; once a new one is written it is old news.
        notice = undefined
      })
    }
  }
}

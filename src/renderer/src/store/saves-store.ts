// Saves of received bytes the window started, and how each is going: the Node side reports them as
// `export` events with the id the request answered with.
import { create } from 'zustand'
import type { AppError, EventBatch, ExportProgress, ExportStarted } from '../../../shared/api'

export interface SaveEntry {
  exportId: string
  fileName: string
  /** Under Electron: the file the user chose. */
  path?: string
  /** Bytes to save, known from the start; the progress says how many are written. */
  totalBytes: number
  progress?: ExportProgress
  /** The request itself failed (nothing started). */
  error?: AppError
  /** Received bytes saved (saveReceived), not an export of the capture. */
  isSave?: boolean
}

interface SavesState {
  /** Newest last; only the last few are shown. */
  saves: SaveEntry[]
  started(started: ExportStarted, totalBytes: number, isSave?: boolean): void
  applyProgress(progress: ExportProgress): void
  dismiss(exportId: string): void
}

/** Saves remembered; older ones are forgotten, their files are where they were saved. */
const KEPT = 20

export const useSaves = create<SavesState>((set) => ({
  saves: [],
  started: (s, totalBytes, isSave) =>
    set((state) => {
      if (s.delivery === 'cancelled') return state
      const entry: SaveEntry = { exportId: s.exportId, fileName: s.fileName, totalBytes, ...(s.delivery === 'file' ? { path: s.path } : {}), ...(isSave ? { isSave } : {}) }
      // A progress event may come before the request's answer: keep it.
      const early = state.saves.find((e) => e.exportId === s.exportId)?.progress
      return { saves: [...state.saves.filter((e) => e.exportId !== s.exportId), early ? { ...entry, progress: early } : entry].slice(-KEPT) }
    }),
  applyProgress: (progress) =>
    set((state) => {
      const known = state.saves.some((e) => e.exportId === progress.exportId)
      // A progress event may come before the answer that names the export: kept until it comes.
      if (!known) {
        return { saves: [...state.saves, { exportId: progress.exportId, fileName: '', totalBytes: progress.totalBytes, progress }].slice(-KEPT) }
      }
      return { saves: state.saves.map((e) => (e.exportId === progress.exportId ? { ...e, progress } : e)) }
    }),
  dismiss: (exportId) => set((state) => ({ saves: state.saves.filter((e) => e.exportId !== exportId) }))
}))

/** Takes the `export` events (saves and exports) out of a batch. */
export function applySavesBatch(batch: EventBatch): void {
  for (const ev of batch.events) if (ev.type === 'export') useSaves.getState().applyProgress(ev.progress)
}

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
}

interface SavesState {
  /** Newest last; only the last few are shown. */
  saves: SaveEntry[]
  started(started: ExportStarted, totalBytes: number): void
  applyProgress(progress: ExportProgress): void
  dismiss(exportId: string): void
}

/** Saves remembered; older ones are forgotten, their files are where they were saved. */
const KEPT = 20

export const useSaves = create<SavesState>((set) => ({
  saves: [],
  started: (s, totalBytes) =>
    set((state) => {
      if (s.delivery === 'cancelled') return state
      const entry: SaveEntry = { exportId: s.exportId, fileName: s.fileName, totalBytes, ...(s.delivery === 'file' ? { path: s.path } : {}) }
      // A progress event may come before the request's answer: keep it.
      const early = state.saves.find((e) => e.exportId === s.exportId)?.progress
      return { saves: [...state.saves.filter((e) => e.exportId !== s.exportId), early ? { ...entry, progress: early } : entry].slice(-KEPT) }
    }),
  applyProgress: (progress) =>
    set((state) => {
      const known = state.saves.some((e) => e.exportId === progress.exportId)
      if (!known) {
        if (progress.format !== 'bytes') return state
        return { saves: [...state.saves, { exportId: progress.exportId, fileName: '', totalBytes: progress.totalBytes, progress }].slice(-KEPT) }
      }
      return { saves: state.saves.map((e) => (e.exportId === progress.exportId ? { ...e, progress } : e)) }
    }),
  dismiss: (exportId) => set((state) => ({ saves: state.saves.filter((e) => e.exportId !== exportId) }))
}))

/** Takes the `export` events of saves out of a batch. */
export function applySavesBatch(batch: EventBatch): void {
  for (const ev of batch.events) if (ev.type === 'export' && ev.progress.format === 'bytes') useSaves.getState().applyProgress(ev.progress)
}

// Window state that does not outlive the page: the selected timeline row, the right-hand tab, each
// endpoint's send target, timeline filter and file mode, and where a paused display froze. The
// composers' drafts are kept with the workspace (workspace-store.ts).
import { create } from 'zustand'
import { NO_FILTER, type TimelineFilter } from './timeline/timeline-view'

export type SendTargetChoice = { kind: 'all' } | { kind: 'peer'; peerId: string } | { kind: 'address'; host: string; port: string }

export type RightTab = 'inspector' | 'stream'

export interface SelectedRow {
  endpointId: string
  index: number
}

export interface UiState {
  selectedRow?: SelectedRow
  rightTab: RightTab
  targets: Record<string, SendTargetChoice>
  filters: Record<string, TimelineFilter>
  /** Log index a paused display stopped at, per endpoint. */
  frozenAt: Record<string, number>
  /** Endpoints whose composer is sending a file rather than a typed payload. */
  fileModes: Record<string, true>
  setFileMode(endpointId: string, on: boolean): void
  selectRow(row: SelectedRow | undefined): void
  setRightTab(tab: RightTab): void
  setTarget(endpointId: string, target: SendTargetChoice): void
  setFilter(endpointId: string, patch: Partial<TimelineFilter>): void
  freeze(endpointId: string, at: number | undefined): void
}

export const useUi = create<UiState>()((set) => ({
  rightTab: 'inspector',
  targets: {},
  filters: {},
  frozenAt: {},
  fileModes: {},
  setFileMode: (endpointId, on) =>
    set((s) => {
      const { [endpointId]: _old, ...rest } = s.fileModes
      return { fileModes: on ? { ...rest, [endpointId]: true } : rest }
    }),
  selectRow: (selectedRow) => set({ selectedRow }),
  setRightTab: (rightTab) => set({ rightTab }),
  setTarget: (endpointId, target) => set((s) => ({ targets: { ...s.targets, [endpointId]: target } })),
  setFilter: (endpointId, patch) => set((s) => ({ filters: { ...s.filters, [endpointId]: { ...(s.filters[endpointId] ?? NO_FILTER), ...patch } } })),
  freeze: (endpointId, at) =>
    set((s) => {
      const { [endpointId]: _old, ...rest } = s.frozenAt
      return { frozenAt: at === undefined ? rest : { ...rest, [endpointId]: at } }
    })
}))

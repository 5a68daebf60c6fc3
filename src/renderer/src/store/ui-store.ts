// Window state that does not outlive the page: the selected timeline row, the right-hand and bottom
// tabs, the sequence shown, each endpoint's send target, timeline filter and file mode, and where a
// paused display froze. The composers' drafts are kept with the workspace (workspace-store.ts).
import { create } from 'zustand'
import { NO_FILTER, type TimelineFilter } from './timeline/timeline-view'

export type SendTargetChoice = { kind: 'all' } | { kind: 'peer'; peerId: string } | { kind: 'address'; host: string; port: string }

/** The right-hand pane: the hex inspector, the stream view, or the running lab's guide. */
export type RightTab = 'inspector' | 'stream' | 'lab'

/** The bottom pane: the composer, the sequences, or the traffic generator. */
export type BottomTab = 'composer' | 'sequences' | 'generator'

/** A received chunk the Stream view is opened at, from the timeline: its connection and its row. */
export interface StreamFocus {
  peerId: string
  /** Its row in the endpoint's timeline. */
  index: number
  seq: number
}

export interface SelectedRow {
  endpointId: string
  index: number
}

export interface UiState {
  selectedRow?: SelectedRow
  rightTab: RightTab
  bottomTab: BottomTab
  /** The sequence each endpoint's Sequences tab shows, by name. */
  openSequence?: string
  targets: Record<string, SendTargetChoice>
  filters: Record<string, TimelineFilter>
  /** Log index a paused display stopped at, per endpoint. */
  frozenAt: Record<string, number>
  /** Per endpoint, the read the Stream view shows the reads around, instead of the latest ones. */
  streamFocus: Record<string, StreamFocus>
  /** Endpoints whose composer is sending a file rather than a typed payload. */
  fileModes: Record<string, true>
  setFileMode(endpointId: string, on: boolean): void
  selectRow(row: SelectedRow | undefined): void
  setRightTab(tab: RightTab): void
  setBottomTab(tab: BottomTab): void
  setOpenSequence(name: string | undefined): void
  /** Opens the Stream view at a received chunk; undefined goes back to the latest reads. */
  focusStream(endpointId: string, focus: StreamFocus | undefined): void
  setTarget(endpointId: string, target: SendTargetChoice): void
  setFilter(endpointId: string, patch: Partial<TimelineFilter>): void
  freeze(endpointId: string, at: number | undefined): void
}

export const useUi = create<UiState>()((set) => ({
  rightTab: 'inspector',
  bottomTab: 'composer',
  streamFocus: {},
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
  setBottomTab: (bottomTab) => set({ bottomTab }),
  setOpenSequence: (openSequence) => set({ openSequence }),
  focusStream: (endpointId, focus) =>
    set((s) => {
      const { [endpointId]: _old, ...rest } = s.streamFocus
      return focus ? { streamFocus: { ...rest, [endpointId]: focus }, rightTab: 'stream' } : { streamFocus: rest }
    }),
  setTarget: (endpointId, target) => set((s) => ({ targets: { ...s.targets, [endpointId]: target } })),
  setFilter: (endpointId, patch) => set((s) => ({ filters: { ...s.filters, [endpointId]: { ...(s.filters[endpointId] ?? NO_FILTER), ...patch } } })),
  freeze: (endpointId, at) =>
    set((s) => {
      const { [endpointId]: _old, ...rest } = s.frozenAt
      return { frozenAt: at === undefined ? rest : { ...rest, [endpointId]: at } }
    })
}))

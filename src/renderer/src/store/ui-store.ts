// Window state that does not outlive the page: the selected timeline row, the right-hand tab, each
// endpoint's send target and timeline filter, and where a paused display froze. The composer's
// draft lives here too, and is saved with the workspace (workspace-sync.ts).
import { create } from 'zustand'
import type { ComposerDraft } from '../../../shared/api'
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
  /** The composer's contents, kept while the user moves between endpoints. */
  draft: ComposerDraft
  fileMode: boolean
  setDraft(patch: Partial<ComposerDraft>): void
  setFileMode(on: boolean): void
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
  draft: { mode: 'escaped', text: '', encoding: 'utf-8', lineEnding: 'none', framing: 'raw', checksum: 'none' },
  fileMode: false,
  setDraft: (patch) => set((s) => ({ draft: { ...s.draft, ...patch } })),
  setFileMode: (fileMode) => set({ fileMode }),
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

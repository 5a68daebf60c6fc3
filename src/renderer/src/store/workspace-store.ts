// The part of the window's state that outlives a restart: pane sizes, per-endpoint display options
// and composers, saved payloads, sequences, the send history and the selected endpoint. workspace-sync.ts loads
// and saves it.
import { create } from 'zustand'
import type { AppError, ComposerDraft } from '../../../shared/api'
import { WORKSPACE_LIMITS, type SavedPayloadDocument, type SequenceDocument } from '../../../shared/schemas'
import { TEXT_ENCODINGS, type TextEncodingName } from '../../../shared/codec'

export type DisplayEncoding = TextEncodingName | 'hex'

export interface DisplayOptions {
  encoding: DisplayEncoding
  paused: boolean
}

/** A named payload, with the target it came with when imported from another tool. */
export type SavedPayload = SavedPayloadDocument
export type Sequence = SequenceDocument

export interface Layout {
  sidebar: number
  inspector: number
  composer: number
}

export const DEFAULT_LAYOUT: Layout = { sidebar: 280, inspector: 440, composer: 230 }
export const DEFAULT_DISPLAY: DisplayOptions = { encoding: 'utf-8', paused: false }

/** What a composer starts with: text with escapes, nothing added, framed as its endpoint decodes. */
export function defaultDraft(framing = 'raw'): ComposerDraft {
  return { mode: 'escaped', text: '', encoding: 'utf-8', lineEnding: 'none', framing, checksum: 'none' }
}

export function isDisplayEncoding(value: string): value is DisplayEncoding {
  return value === 'hex' || TEXT_ENCODINGS.some((e) => e.name === value)
}

export interface WorkspaceState {
  /** False until the stored workspace was read: nothing is saved before, so defaults never overwrite it. */
  loaded: boolean
  /** Said once when the stored file was unreadable and set aside. */
  notice?: AppError
  saveError?: AppError
  /** True from a change until it is written: a save is waiting or under way. */
  saving: boolean
  layout: Layout
  display: Record<string, DisplayOptions>
  /** Each endpoint's composer, once the user changed it; until then it shows defaultDraft. */
  composers: Record<string, ComposerDraft>
  savedPayloads: SavedPayload[]
  history: ComposerDraft[]
  /** Named lists of steps, each played from the Sequences tab; names are unique. */
  sequences: Sequence[]
  selectedEndpointId?: string
  setLayout(patch: Partial<Layout>): void
  setDisplay(endpointId: string, patch: Partial<DisplayOptions>): void
  /** Changes an endpoint's composer; `start` is what it held before the user first changed it. */
  setComposer(endpointId: string, patch: Partial<ComposerDraft>, start: ComposerDraft): void
  /** Lets go of what was kept for endpoints that are gone. */
  forget(endpointIds: readonly string[]): void
  select(endpointId: string | undefined): void
  savePayload(payload: SavedPayload): void
  deletePayload(name: string): void
  remember(draft: ComposerDraft): void
  /** Adds an empty sequence under the first free name `base`, `base 2`, …; returns the name. */
  addSequence(base: string): string
  /** False when another sequence has the new name (nothing changes). */
  renameSequence(from: string, to: string): boolean
  updateSequence(name: string, patch: Partial<Omit<Sequence, 'name'>>): void
  deleteSequence(name: string): void
  dismissNotice(): void
}

const sameDraft = (a: ComposerDraft, b: ComposerDraft): boolean =>
  a.mode === b.mode && a.text === b.text && a.encoding === b.encoding && a.lineEnding === b.lineEnding && a.framing === b.framing && a.checksum === b.checksum && (a.macros === true) === (b.macros === true)

export const useWorkspace = create<WorkspaceState>()((set, get) => ({
  loaded: false,
  saving: false,
  layout: DEFAULT_LAYOUT,
  display: {},
  composers: {},
  savedPayloads: [],
  history: [],
  sequences: [],
  setLayout: (patch) => set((s) => ({ layout: { ...s.layout, ...patch } })),
  setDisplay: (endpointId, patch) =>
    set((s) => ({ display: { ...s.display, [endpointId]: { ...DEFAULT_DISPLAY, ...s.display[endpointId], ...patch } } })),
  setComposer: (endpointId, patch, start) =>
    set((s) => ({ composers: { ...s.composers, [endpointId]: { ...(s.composers[endpointId] ?? start), ...patch } } })),
  forget: (endpointIds) =>
    set((s) => {
      if (!endpointIds.some((id) => id in s.display || id in s.composers)) return s
      const display = { ...s.display }
      const composers = { ...s.composers }
      for (const id of endpointIds) {
        delete display[id]
        delete composers[id]
      }
      return { display, composers }
    }),
  select: (selectedEndpointId) => set({ selectedEndpointId }),
  savePayload: (payload) =>
    set((s) => {
      // Saving under an existing name replaces it; the newest goes first.
      const others = s.savedPayloads.filter((p) => p.name !== payload.name)
      return { savedPayloads: [payload, ...others].slice(0, WORKSPACE_LIMITS.savedPayloads) }
    }),
  deletePayload: (name) => set((s) => ({ savedPayloads: s.savedPayloads.filter((p) => p.name !== name) })),
  remember: (draft) =>
    set((s) => {
      if (draft.text.length > WORKSPACE_LIMITS.payloadChars) return s
      const others = s.history.filter((d) => !sameDraft(d, draft))
      return { history: [draft, ...others].slice(0, WORKSPACE_LIMITS.history) }
    }),
  addSequence: (base) => {
    const taken = new Set(get().sequences.map((q) => q.name))
    let name = base
    for (let n = 2; taken.has(name); n++) name = `${base} ${n}`
    set((s) => ({ sequences: [...s.sequences, { name, loops: 1, steps: [] }].slice(0, WORKSPACE_LIMITS.sequences) }))
    return name
  },
  renameSequence: (from, to) => {
    const name = to.trim().slice(0, 120)
    if (!name) return false
    if (name === from) return true
    if (get().sequences.some((q) => q.name === name)) return false
    set((s) => ({ sequences: s.sequences.map((q) => (q.name === from ? { ...q, name } : q)) }))
    return true
  },
  updateSequence: (name, patch) => set((s) => ({ sequences: s.sequences.map((q) => (q.name === name ? { ...q, ...patch, name } : q)) })),
  deleteSequence: (name) => set((s) => ({ sequences: s.sequences.filter((q) => q.name !== name) })),
  dismissNotice: () => set({ notice: undefined })
}))

export function displayOf(endpointId: string): DisplayOptions {
  return useWorkspace.getState().display[endpointId] ?? DEFAULT_DISPLAY
}

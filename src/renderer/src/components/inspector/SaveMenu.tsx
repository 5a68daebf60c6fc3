// Saves received bytes to a file (the file-download lesson): the selected frame's payload, the
// chunk or the bytes selected in it, or everything that crossed from this peer. The Node side
// streams them from the capture; under Electron it asks where in a save dialog, in the browser the
// window downloads a one-time URL. Progress shows below until the save ends.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AppError } from '../../../../shared/api'
import { useApi } from '../../api/api-context'
import { formatBytes } from '../../format'
import { DIR, KIND, type Row } from '../../store/timeline/timeline-log'
import { useSaves, type SaveEntry } from '../../store/saves-store'
import { startDownload } from '../common/download'
import { ErrorNote } from '../common/ErrorNote'
import { Menu, type MenuItem } from '../common/Menu'

export interface SaveRange {
  offset: number
  /** To the end of what crossed so far when left out. */
  length?: number
}

/** The name a sender gave the bytes, from a JSON header (the lessons' file_name). */
function senderFileName(row: Row): string | undefined {
  const name = row.extra?.meta?.file_name ?? row.extra?.meta?.filename ?? row.extra?.meta?.name
  return typeof name === 'string' && name.trim() !== '' ? name : undefined
}


export function SaveMenu({ endpointId, row, selection, escaped }: { endpointId: string; row: Row; selection?: Required<SaveRange>; escaped?: boolean }): React.JSX.Element {
  const { t } = useTranslation()
  const api = useApi()
  const [error, setError] = useState<AppError>()
  const started = useSaves((s) => s.started)
  const dir = row.dir === DIR.out ? 'out' : 'in'

  const save = async (range: SaveRange | undefined, fileName?: string): Promise<void> => {
    setError(undefined)
    const r = await api.saveReceived({ endpointId, peerId: row.peerId, dir, ...(range ?? {}), ...(fileName ? { fileName } : {}) })
    if (!r.ok) {
      setError(r.error)
      return
    }
    // The whole size is known once the save reports; until then a range says it.
    started(r.value, range?.length ?? 0, true)
    if (r.value.delivery === 'download') startDownload(r.value.url, r.value.fileName)
  }

  const items: MenuItem[] = []
  if (row.kind === KIND.frame) {
    items.push({
      key: 'frame',
      label: t('saveData.framePayload', { size: formatBytes(row.payloadLength) }),
      // For the framings with a header before the payload (len, struct, json-header) or a
      // delimiter after it, the payload is one run of the stream; SLIP's escapes are not the payload.
      disabled: row.payloadLength === 0 || escaped === true,
      onSelect: () => void save({ offset: row.offset + row.aux, length: row.payloadLength }, senderFileName(row))
    })
  } else {
    items.push({ key: 'chunk', label: t('saveData.chunk', { size: formatBytes(row.length) }), disabled: row.length === 0, onSelect: () => void save({ offset: row.offset, length: row.length }) })
  }
  if (selection && selection.length > 1) {
    items.push({ key: 'selection', label: t('saveData.selection', { size: formatBytes(selection.length) }), onSelect: () => void save(selection) })
  }
  // A run of chunks: from this row's first byte to the end of what crossed so far.
  items.push({ key: 'rest', label: t('saveData.fromHere'), disabled: row.length === 0, onSelect: () => void save({ offset: row.offset }) })
  items.push({ key: 'stream', label: t(dir === 'in' ? 'saveData.streamIn' : 'saveData.streamOut'), onSelect: () => void save(undefined) })

  return (
    <span className="save-menu">
      <Menu label={`${t('saveData.menu')} ▾`} items={items} buttonClass="secondary small" testId="save-menu" />
      {error && <ErrorNote error={error} onDismiss={() => setError(undefined)} compact />}
    </span>
  )
}

/** How the window's saves are going: the newest few, each until dismissed. */
export function SaveProgress({ kind = 'saves' }: { kind?: 'saves' | 'exports' }): React.JSX.Element | null {
  const saves = useSaves((s) => s.saves)
  // Saved bytes show in the inspector, exports of the capture under the timeline's toolbar.
  const shown = saves.filter((s) => (s.progress?.format === 'bytes' || s.isSave === true) === (kind === 'saves')).slice(-3)
  if (shown.length === 0) return null
  return (
    <div className="save-progress" data-testid="save-progress">
      {shown.map((s) => (
        <SaveLine key={s.exportId} entry={s} />
      ))}
    </div>
  )
}

function SaveLine({ entry }: { entry: SaveEntry }): React.JSX.Element {
  const { t } = useTranslation()
  const api = useApi()
  const dismiss = useSaves((s) => s.dismiss)
  const p = entry.progress
  const total = p?.totalBytes ?? entry.totalBytes
  const done = p?.bytes ?? 0
  const state = p?.state ?? 'running'
  const name = entry.fileName
  let text: string
  if (state === 'running') {
    const percent = total > 0 ? Math.floor((done / total) * 100) : 0
    text = t('saveData.running', { name, done: formatBytes(done), total: formatBytes(total), percent })
  } else if (state === 'done') text = entry.path ? t('saveData.doneTo', { size: formatBytes(done), path: entry.path }) : t('saveData.done', { name, size: formatBytes(done) })
  else if (state === 'cancelled') text = t('saveData.cancelled', { name })
  else text = t('saveData.failed', { name })
  return (
    <div className={`save-line state-${state}`} data-testid="save-line" data-state={state}>
      <span className="small">{text}</span>
      {state === 'running' && <progress max={Math.max(total, 1)} value={done} aria-label={text} />}
      {state === 'running' ? (
        <button type="button" className="link small" onClick={() => void api.cancelExport({ exportId: entry.exportId })}>
          {t('saveData.cancel')}
        </button>
      ) : (
        <button type="button" className="link small" onClick={() => dismiss(entry.exportId)}>
          {t('common.dismiss')}
        </button>
      )}
      {state === 'failed' && p?.error && <ErrorNote error={p.error} compact />}
    </div>
  )
}

// Export an endpoint's capture, or every endpoint's, as pcapng for Wireshark or as a log (text, CSV,
// JSON Lines). Under Electron a save dialog asks where; in the browser shell the file downloads.
// The export streams from the capture on the Node side; its progress shows below the toolbar.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AppError } from '../../../../shared/api'
import type { ExportView } from '../../../../shared/schemas'
import { isTrivial, type TimelineFilter } from '../../store/timeline/timeline-view'
import { useApi } from '../../api/api-context'
import { useSaves } from '../../store/saves-store'
import { ErrorNote } from '../common/ErrorNote'
import { Menu, type MenuItem } from '../common/Menu'
import { startDownload } from '../common/download'

type Format = 'pcapng' | 'text' | 'csv' | 'jsonl'

/** The timeline's filter as the export takes it. */
export function viewOf(filter: TimelineFilter): ExportView {
  return {
    ...(filter.dir !== 'all' ? { dir: filter.dir } : {}),
    ...(filter.peer !== 'all' ? { peerId: filter.peer } : {}),
    ...(filter.chunks ? {} : { chunks: false }),
    ...(filter.frames ? {} : { frames: false }),
    ...(filter.events ? {} : { events: false }),
    ...(filter.text ? { text: filter.text.slice(0, 200) } : {})
  }
}

export function ExportMenu({ endpointId, filter }: { endpointId: string; filter?: TimelineFilter }): React.JSX.Element {
  const { t } = useTranslation()
  const api = useApi()
  const started = useSaves((s) => s.started)
  const [error, setError] = useState<AppError>()

  const run = async (format: Format, all: boolean, view?: ExportView): Promise<void> => {
    setError(undefined)
    const r = await api.exportCapture({ format, ...(all ? {} : { endpointIds: [endpointId] }), ...(view ? { view } : {}) })
    if (!r.ok) return setError(r.error)
    started(r.value, 0)
    if (r.value.delivery === 'download') startDownload(r.value.url, r.value.fileName)
  }

  const filtered = filter && !isTrivial(filter) ? viewOf(filter) : undefined
  const viewItems: MenuItem[] = filtered
    ? [
        { key: 'view-text', label: t('exportLog.viewText'), onSelect: () => void run('text', false, filtered) },
        { key: 'view-csv', label: t('exportLog.viewCsv'), onSelect: () => void run('csv', false, filtered) },
        { key: 'view-jsonl', label: t('exportLog.viewJsonl'), onSelect: () => void run('jsonl', false, filtered) }
      ]
    : []
  const items: MenuItem[] = [
    ...viewItems,
    { key: 'pcapng', label: t('exportLog.pcapng'), onSelect: () => void run('pcapng', false) },
    { key: 'text', label: t('exportLog.text'), onSelect: () => void run('text', false) },
    { key: 'csv', label: t('exportLog.csv'), onSelect: () => void run('csv', false) },
    { key: 'jsonl', label: t('exportLog.jsonl'), onSelect: () => void run('jsonl', false) },
    { key: 'all-pcapng', label: t('exportLog.allPcapng'), onSelect: () => void run('pcapng', true) },
    { key: 'all-jsonl', label: t('exportLog.allJsonl'), onSelect: () => void run('jsonl', true) }
  ]

  return (
    <span className="export-menu">
      <Menu label={`${t('exportLog.menu')} ▾`} items={items} buttonClass="secondary small" testId="export-menu" />
      {error && <ErrorNote error={error} onDismiss={() => setError(undefined)} compact />}
    </span>
  )
}

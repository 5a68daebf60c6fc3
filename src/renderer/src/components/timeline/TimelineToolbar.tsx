// Filters (direction, peer, kind, text) and search over the timeline, plus its counts.
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { formatCount } from '../../format'
import type { DirFilter, TimelineFilter } from '../../store/timeline/timeline-view'
import { ExportMenu } from './ExportMenu'

interface ToolbarProps {
  endpointId: string
  filter: TimelineFilter
  peers: { id: string; label: string }[]
  shown: number
  chunks: number
  onFilter(patch: Partial<TimelineFilter>): void
  search: string
  onSearch(text: string): void
  onFind(direction: 1 | -1): void
  searchMiss: boolean
}

export function TimelineToolbar({ endpointId, filter, peers, shown, chunks, onFilter, search, onSearch, onFind, searchMiss }: ToolbarProps): React.JSX.Element {
  const { t } = useTranslation()
  const id = useId()
  return (
    <div className="tl-toolbar" role="toolbar" aria-label={t('timeline.toolbar')}>
      <select aria-label={t('timeline.dirFilter')} value={filter.dir} onChange={(e) => onFilter({ dir: e.target.value as DirFilter })} data-testid="filter-dir">
        <option value="all">{t('timeline.dirAll')}</option>
        <option value="in">{t('timeline.dirIn')}</option>
        <option value="out">{t('timeline.dirOut')}</option>
      </select>
      <select aria-label={t('timeline.peerFilter')} value={filter.peer} onChange={(e) => onFilter({ peer: e.target.value })} data-testid="filter-peer">
        <option value="all">{t('timeline.peerAll')}</option>
        {peers.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
      </select>
      <label className="check small">
        <input type="checkbox" checked={filter.chunks} onChange={(e) => onFilter({ chunks: e.target.checked })} />
        {t('timeline.chunks')}
      </label>
      <label className="check small">
        <input type="checkbox" checked={filter.frames} onChange={(e) => onFilter({ frames: e.target.checked })} />
        {t('timeline.frames')}
      </label>
      <label className="check small">
        <input type="checkbox" checked={filter.events} onChange={(e) => onFilter({ events: e.target.checked })} />
        {t('timeline.events')}
      </label>
      <input
        type="search"
        className="tl-filter-text"
        placeholder={t('timeline.filterPlaceholder')}
        aria-label={t('timeline.filterPlaceholder')}
        value={filter.text}
        onChange={(e) => onFilter({ text: e.target.value })}
        data-testid="filter-text"
      />
      <span className="tl-search">
        <label htmlFor={`${id}-find`} className="visually-hidden">
          {t('timeline.searchPlaceholder')}
        </label>
        <input
          id={`${id}-find`}
          type="search"
          placeholder={t('timeline.searchPlaceholder')}
          value={search}
          className={searchMiss ? 'invalid' : undefined}
          onChange={(e) => onSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') onFind(e.shiftKey ? -1 : 1)
          }}
          data-testid="timeline-search"
        />
        <button type="button" className="secondary small" aria-label={t('timeline.findPrev')} onClick={() => onFind(-1)}>
          ↑
        </button>
        <button type="button" className="secondary small" aria-label={t('timeline.findNext')} onClick={() => onFind(1)}>
          ↓
        </button>
      </span>
      <span className="tl-count muted small" data-testid="timeline-count" data-chunks={chunks} data-rows={shown}>
        {t('timeline.count', { count: shown, rows: formatCount(shown), chunks: formatCount(chunks) })}
      </span>
      <ExportMenu endpointId={endpointId} filter={filter} />
    </div>
  )
}

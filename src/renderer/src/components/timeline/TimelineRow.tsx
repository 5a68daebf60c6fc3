import type { TFunction } from 'i18next'
import { memo } from 'react'
import { formatCount, formatTime } from '../../format'
import { errorLine, localizeError } from '../../i18n/localize'
import { DIR, KIND, type Row } from '../../store/timeline/timeline-log'
import type { DisplayEncoding } from '../../store/workspace-store'
import type { ReadAtOnce } from '../stream/reads-at-once'
import { describeEvent, frameSummary, previewText, sendError } from './row-text'

export const ROW_HEIGHT = 22

interface TimelineRowProps {
  row: Row
  preview: Uint8Array | undefined
  peerLabel: string
  encoding: DisplayEncoding
  selected: boolean
  top: number
  /** Passed down rather than taken per row: a translation hook in every row costs too much under a flood. */
  t: TFunction
  onSelect(index: number): void
  /** A received chunk that held several writes or frames: said on the row, with a way to the Stream view. */
  atOnce?: ReadAtOnce
  onOpenStream(index: number): void
}

const KIND_CLASS = ['data', 'frame', 'open', 'close', 'error', 'coalesced', 'state', 'dropped', 'half']

function TimelineRowView({ row, preview, peerLabel, encoding, selected, top, t, onSelect, atOnce, onOpenStream }: TimelineRowProps): React.JSX.Element {
  const isBytes = row.kind === KIND.data || row.kind === KIND.frame
  const dir = row.dir === DIR.in ? 'in' : row.dir === DIR.out ? 'out' : 'none'
  let text: string
  if (!isBytes) text = describeEvent(t, row)
  else if (preview) text = previewText(preview, encoding)
  else text = row.length === 0 ? '' : t('timeline.loadingPreview')
  if (isBytes) text += sendError(row)
  const what = row.kind === KIND.frame ? t('timeline.frame') : dir === 'in' ? t('timeline.in') : dir === 'out' ? t('timeline.out') : ''
  return (
    <div
      role="row"
      aria-selected={selected}
      className={`tl-row kind-${KIND_CLASS[row.kind]} dir-${dir} ${row.extra?.error ? 'has-error' : ''} ${selected ? 'selected' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      data-testid="timeline-row"
      data-kind={KIND_CLASS[row.kind]}
      data-dir={dir}
      data-peer-state={row.extra?.peerState ?? (row.extra?.waiting ? 'waiting' : undefined)}
      title={row.extra?.error ? `${errorLine(row.extra.error)}\n${localizeError(row.extra.error).hint}` : undefined}
      onClick={() => onSelect(row.index)}
    >
      <span role="gridcell" className="tl-time mono">
        {formatTime(row.time)}
      </span>
      <span role="gridcell" className="tl-dir" title={what}>
        {row.kind === KIND.frame ? '▣' : dir === 'in' ? '←' : dir === 'out' ? '→' : '•'}
      </span>
      <span role="gridcell" className="tl-peer mono" title={peerLabel}>
        {peerLabel}
      </span>
      <span
        role="gridcell"
        className="tl-len mono"
        title={row.kind === KIND.frame ? t('frameSummary.lengthTitle', { payload: formatCount(row.payloadLength), header: formatCount(row.aux), length: formatCount(row.length) }) : undefined}
      >
        {row.kind === KIND.frame ? formatCount(row.payloadLength) : isBytes || row.kind === KIND.coalesced || row.kind === KIND.dropped ? formatCount(row.length) : ''}
      </span>
      <span role="gridcell" className="tl-preview mono">
        {row.kind === KIND.frame && (
          <span className="tl-frame-summary" data-testid="frame-summary">
            {frameSummary(t, row)}
          </span>
        )}
        <span data-testid="timeline-preview">{text}</span>
      </span>
      <span role="gridcell" className="tl-note">
        {atOnce && (
          <button
            type="button"
            className="tl-at-once"
            title={t('timeline.atOnceTitle')}
            onClick={(e) => {
              e.stopPropagation()
              onSelect(row.index)
              onOpenStream(row.index)
            }}
            data-testid="read-at-once"
          >
            {t(atOnce.unit === 'writes' ? 'timeline.writesAtOnce' : 'timeline.framesAtOnce', { count: atOnce.count })}
          </button>
        )}
      </span>
    </div>
  )
}

// Rows change little once appended: a restored preview changes the preview prop, and a send that
// met an error gets it as a new extra; otherwise the index says enough.
export const TimelineRow = memo(
  TimelineRowView,
  (a, b) =>
    a.row.index === b.row.index &&
    a.row.extra === b.row.extra &&
    a.preview === b.preview &&
    a.peerLabel === b.peerLabel &&
    a.encoding === b.encoding &&
    a.selected === b.selected &&
    a.top === b.top &&
    a.t === b.t &&
    a.onSelect === b.onSelect &&
    a.atOnce?.count === b.atOnce?.count &&
    a.atOnce?.unit === b.atOnce?.unit &&
    a.onOpenStream === b.onOpenStream
)

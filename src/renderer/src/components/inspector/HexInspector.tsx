// The selected timeline row up close: for a chunk or frame its full bytes from the capture, with the
// data inspector and copy-as; for an event row what happened and, for errors, what to do about it.
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AppError, EndpointInfo } from '../../../../shared/api'
import { useApi } from '../../api/api-context'
import { formatBytes, formatCount, formatTime } from '../../format'
import { getLog } from '../../store/timeline/timeline-store'
import { KIND, type Row } from '../../store/timeline/timeline-log'
import { useUi } from '../../store/ui-store'
import { ErrorNote } from '../common/ErrorNote'
import { describeEvent } from '../timeline/row-text'
import { FrameParts } from './FrameParts'
import { SaveMenu, SaveProgress } from './SaveMenu'
import { CopyAsMenu } from './CopyAsMenu'
import { DataInspector } from './DataInspector'
import { HexGrid, type ByteSelection } from './HexGrid'
import { loadBytes, type Inspected } from './load-bytes'

export function HexInspector({ ep }: { ep: EndpointInfo }): React.JSX.Element {
  const { t } = useTranslation()
  const api = useApi()
  const selected = useUi((s) => (s.selectedRow?.endpointId === ep.id ? s.selectedRow.index : undefined))
  const log = getLog(ep.id)
  const row: Row | undefined = selected !== undefined && log.has(selected) ? log.row(selected) : undefined
  const isBytes = row !== undefined && (row.kind === KIND.data || row.kind === KIND.frame)
  const [loaded, setLoaded] = useState<{ index: number; value?: Inspected; error?: AppError }>()
  const [selection, setSelection] = useState<ByteSelection>({ anchor: 0, focus: 0 })

  useEffect(() => {
    if (!row || !isBytes) return
    let live = true
    setSelection({ anchor: 0, focus: 0 })
    void loadBytes(api, log, row).then((r) => {
      if (live) setLoaded(r.ok ? { index: row.index, value: r.value } : { index: row.index, error: r.error })
    })
    return () => {
      live = false
    }
    // A row's content never changes: its index says when to load again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, log, row?.index, isBytes])

  const current = loaded?.index === row?.index ? loaded : undefined
  const value = current?.value
  const isHeader = useMemo(() => {
    const headers = value?.headers ?? []
    const base = value?.offset ?? 0
    return (i: number): boolean => headers.some((h) => base + i >= h.offset && base + i < h.offset + h.length)
  }, [value])

  if (!row) {
    return (
      <div className="inspector-empty muted" data-testid="inspector-empty">
        {t('inspector.empty')}
      </div>
    )
  }

  if (!isBytes) {
    const error = row.extra?.error
    return (
      <div className="inspector" data-testid="inspector">
        <p className="inspector-title">{describeEvent(t, row)}</p>
        <p className="muted small">{formatTime(row.time)}</p>
        {row.kind === KIND.close && row.extra?.reason && <p>{t(`reasonHelp.${row.extra.reason}`)}</p>}
        {row.kind === KIND.coalesced && <p>{t('inspector.coalescedHelp')}</p>}
        {row.kind === KIND.dropped && <p>{t('inspector.droppedHelp')}</p>}
        {row.kind === KIND.half && <p>{t(`halfHelp.${row.extra?.peerState === 'we-ended' ? 'weEnded' : row.extra?.peerState === 'open' ? 'takenUp' : 'peerEnded'}`)}</p>}
        {error && <ErrorNote error={error} />}
      </div>
    )
  }

  const lo = Math.min(selection.anchor, selection.focus)
  const hi = Math.max(selection.anchor, selection.focus)
  const bytes = value?.bytes
  const picked = bytes ? bytes.subarray(lo, hi + 1) : new Uint8Array(0)
  return (
    <div className="inspector" data-testid="inspector">
      <div className="inspector-head">
        <span className="inspector-title">
          {row.kind === KIND.frame ? t('inspector.frameTitle', { seq: row.seq }) : t('inspector.chunkTitle', { seq: row.seq })}
        </span>
        <span className="muted small">
          {t('inspector.summary', { length: formatCount(row.length), offset: formatCount(row.offset), time: formatTime(row.time) })}
        </span>
        {bytes && bytes.length > 0 && <CopyAsMenu bytes={hi > lo ? picked : bytes} baseOffset={value.offset} />}
        <SaveMenu endpointId={ep.id} row={row} escaped={ep.config.framing?.startsWith('slip') ?? false} {...(value && hi > lo ? { selection: { offset: value.offset + lo, length: hi - lo + 1 } } : {})} />
      </div>
      <SaveProgress kind="saves" />
      {row.kind === KIND.frame && <FrameParts row={row} />}
      {current?.error && <ErrorNote error={current.error} />}
      {!current && <p className="muted">{t('inspector.loading')}</p>}
      {bytes && (
        <>
          {value.truncated && <p className="muted small">{t('inspector.truncated', { size: formatBytes(bytes.length) })}</p>}
          {value.headers.length > 0 && (
            <p className="small legend">
              <span className="hx hdr">00</span> {t('inspector.headerLegend')}
            </p>
          )}
          {bytes.length === 0 ? (
            <p className="muted">{t('inspector.noBytes')}</p>
          ) : (
            <div className="inspector-body">
              <HexGrid bytes={bytes} baseOffset={value.offset} isHeader={isHeader} selection={selection} onSelection={setSelection} />
              <div className="inspector-side">
                <p className="small mono" data-testid="selection-info">
                  {t('inspector.selection', { from: lo, to: hi, count: hi - lo + 1 })}
                </p>
                <DataInspector bytes={bytes} cursor={selection.focus} selection={picked} />
              </div>
            </div>
          )}
        </>
      )}
    </div>
  )
}

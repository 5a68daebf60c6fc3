// Every event of one endpoint as a row, virtualized. Rows are grouped in blocks of GROUP for the
// virtualizer, so its bookkeeping is per block (a million rows are ~31k blocks) while only the rows
// on screen are rendered. It follows the tail unless the user scrolled up.
import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApi } from '../../api/api-context'
import { formatAddress } from '../../format'
import { useAppStore } from '../../store/app-store'
import { getLog, peekLog, useTimelineVersions } from '../../store/timeline/timeline-store'
import { NO_FILTER, TimelineView } from '../../store/timeline/timeline-view'
import { useUi } from '../../store/ui-store'
import { DEFAULT_DISPLAY, useWorkspace } from '../../store/workspace-store'
import { readsAtOnce } from '../stream/reads-at-once'
import { findCounterpart, type StreamSide } from '../stream/stream-model'
import { rowTextFor } from './row-text'
import { ROW_HEIGHT, TimelineRow } from './TimelineRow'
import { TimelineToolbar } from './TimelineToolbar'
import { SaveProgress } from '../inspector/SaveMenu'
import { usePreviewFetch } from './use-preview-fetch'

const GROUP = 32
const GROUP_HEIGHT = GROUP * ROW_HEIGHT
/** Rows a search looks through per press, so a search over a huge timeline cannot stall the window. */
const SEARCH_SPAN = 200_000

function TimelinePane({ endpointId }: { endpointId: string }): React.JSX.Element {
  const { t } = useTranslation()
  const api = useApi()
  const log = getLog(endpointId)
  useTimelineVersions((s) => s.versions[endpointId] ?? 0)
  const display = useWorkspace((s) => s.display[endpointId]) ?? DEFAULT_DISPLAY
  const filter = useUi((s) => s.filters[endpointId]) ?? NO_FILTER
  const setFilter = useUi((s) => s.setFilter)
  const frozenAt = useUi((s) => s.frozenAt[endpointId])
  const selected = useUi((s) => (s.selectedRow?.endpointId === endpointId ? s.selectedRow.index : undefined))
  const selectRow = useUi((s) => s.selectRow)
  const openPeers = useAppStore((s) => s.peers[endpointId])
  const [follow, setFollow] = useState(true)
  const [search, setSearch] = useState('')
  const [searchMiss, setSearchMiss] = useState(false)
  const scroller = useRef<HTMLDivElement>(null)

  const rowText = useMemo(() => rowTextFor(t, display.encoding), [t, display.encoding])
  const view = useMemo(() => new TimelineView(log, filter, rowText), [log, filter, rowText])
  const until = display.paused && frozenAt !== undefined ? frozenAt : log.end
  view.update(until)
  const count = view.length(until)

  const peerLabel = useCallback(
    (peerId: string): string => log.peerLabels.get(peerId) ?? (openPeers?.[peerId] ? formatAddress(openPeers[peerId].remote) : peerId),
    [log, openPeers]
  )
  const peerChoices = log.peerIds.filter(Boolean).map((id) => ({ id, label: peerLabel(id) }))

  const groups = Math.ceil(count / GROUP)
  const virtualizer = useVirtualizer({
    count: groups,
    getScrollElement: () => scroller.current,
    estimateSize: () => GROUP_HEIGHT,
    overscan: 1
  })

  // Follow the tail: after the rows grew, keep the newest in view unless the user scrolled up.
  // The scroll is set in the next animation frame, with the frame's own layout, rather than forcing
  // one more layout in the middle of React's commit; the bottom is known without asking the browser.
  useLayoutEffect(() => {
    const el = scroller.current
    if (!follow || !el) return
    const frame = requestAnimationFrame(() => {
      el.scrollTop = count * ROW_HEIGHT
    })
    return () => cancelAnimationFrame(frame)
  }, [follow, count])

  const onScroll = (): void => {
    const el = scroller.current
    if (!el) return
    const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT * 1.5
    if (atBottom !== follow) setFollow(atBottom)
  }

  const scrollToPosition = (pos: number): void => {
    const el = scroller.current
    if (!el) return
    const top = pos * ROW_HEIGHT
    if (top < el.scrollTop || top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = Math.max(0, top - el.clientHeight / 2)
  }

  const find = (direction: 1 | -1): void => {
    const needle = search.trim().toLowerCase()
    if (!needle || count === 0) return
    const from = selected !== undefined && log.has(selected) ? view.positionOf(selected) : direction === 1 ? -1 : count
    for (let step = 1; step <= Math.min(count, SEARCH_SPAN); step++) {
      const pos = from + direction * step
      if (pos < 0 || pos >= count) break
      const index = view.at(pos)
      if (rowText(log, index)?.toLowerCase().includes(needle)) {
        setSearchMiss(false)
        setFollow(false)
        selectRow({ endpointId: endpointId, index })
        scrollToPosition(pos)
        return
      }
    }
    setSearchMiss(true)
  }

  const onKeyDown = (e: React.KeyboardEvent): void => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return
    e.preventDefault()
    const at = selected !== undefined && log.has(selected) ? view.positionOf(selected) : count
    const pos = Math.max(0, Math.min(count - 1, at + (e.key === 'ArrowDown' ? 1 : -1)))
    if (count === 0) return
    setFollow(pos === count - 1)
    selectRow({ endpointId: endpointId, index: view.at(pos) })
    scrollToPosition(pos)
  }

  const onSelect = useCallback((index: number) => selectRow({ endpointId: endpointId, index }), [selectRow, endpointId])
  const focusStream = useUi((s) => s.focusStream)
  const onOpenStream = useCallback(
    (index: number) => {
      if (!log.has(index)) return
      const row = log.row(index)
      focusStream(endpointId, { peerId: row.peerId, index, seq: row.seq })
    },
    [focusStream, endpointId, log]
  )

  const items = virtualizer.getVirtualItems()
  const visible: number[] = []
  for (const item of items) {
    const start = item.index * GROUP
    const end = Math.min(count, start + GROUP)
    for (let pos = start; pos < end; pos++) visible.push(pos)
  }
  const visibleIndices = visible.map((pos) => view.at(pos))
  usePreviewFetch(api, log, visibleIndices)
  // Read from the stores as they are now rather than subscribed to: endpoints change with every
  // batch's counters, and a peer that comes or goes changes this timeline anyway.
  const atOnce = log.udp ? undefined : readsAtOnce(log, visibleIndices, (peerId) => writerOf(endpointId, peerId))

  return (
    <section className="timeline" aria-label={t('timeline.heading')} data-testid="timeline">
      <TimelineToolbar
        endpointId={endpointId}
        filter={filter}
        peers={peerChoices}
        shown={count}
        chunks={log.chunkCount}
        onFilter={(patch) => setFilter(endpointId, patch)}
        search={search}
        onSearch={(s) => {
          setSearch(s)
          setSearchMiss(false)
        }}
        onFind={find}
        searchMiss={searchMiss}
      />
      <SaveProgress kind="exports" />
      <div className="tl-head mono small" aria-hidden="true">
        <span>{t('timeline.colTime')}</span>
        <span />
        <span>{t('timeline.colPeer')}</span>
        <span className="tl-len">{t('timeline.colLength')}</span>
        <span>{t('timeline.colPreview')}</span>
        <span />
      </div>
      <div className="tl-scroll" ref={scroller} onScroll={onScroll} tabIndex={0} role="grid" aria-rowcount={count} aria-label={t('timeline.heading')} onKeyDown={onKeyDown} data-testid="timeline-scroll">
        {count === 0 ? (
          <p className="muted tl-empty">{log.size === 0 ? t('timeline.empty') : t('timeline.noMatch')}</p>
        ) : (
          <div className="tl-body" style={{ height: count * ROW_HEIGHT }}>
            {visible.map((pos, k) => {
              const index = visibleIndices[k]!
              const row = log.row(index)
              return (
                <TimelineRow
                  key={index}
                  row={row}
                  preview={log.preview(index)}
                  peerLabel={row.peerId ? peerLabel(row.peerId) : ''}
                  encoding={display.encoding}
                  selected={index === selected}
                  top={pos * ROW_HEIGHT}
                  t={t}
                  onSelect={onSelect}
                  atOnce={atOnce?.get(index)}
                  onOpenStream={onOpenStream}
                />
              )
            })}
          </div>
        )}
      </div>
      {!follow && count > 0 && (
        <button type="button" className="tl-follow" onClick={() => setFollow(true)} data-testid="timeline-follow">
          {t('timeline.follow')}
        </button>
      )}
    </section>
  )
}

/** The sending side of one of this endpoint's connections, when the sender is an endpoint in this window. */
function writerOf(endpointId: string, peerId: string): StreamSide | undefined {
  const { endpoints, peers } = useAppStore.getState()
  const ep = endpoints[endpointId]
  const peer = peers[endpointId]?.[peerId]
  if (!ep || !peer) return undefined
  const counterpart = findCounterpart(ep, peer, Object.values(endpoints), (id) => Object.values(peers[id] ?? {}))
  const log = counterpart && peekLog(counterpart.endpoint.id)
  return counterpart && log ? { log, peerId: counterpart.peerId } : undefined
}

/**
 * Renders when its endpoint's timeline changes (at most once a frame), not on every batch: it takes
 * the endpoint's id, not the endpoint, whose counters change with every batch.
 */
export const Timeline = memo(TimelinePane)

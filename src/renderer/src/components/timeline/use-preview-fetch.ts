// Rows old enough to have lost their preview get it back from the capture when they scroll into
// view, a few at a time, never for rows already asked about: a chunk's by readChunk, a frame's from
// the capture page of the chunk that completed it, which lists the frame with its first bytes.
import { useEffect, useRef, useState } from 'react'
import type { SocketLabApi } from '../../../../shared/api'
import { KIND, type TimelineLog } from '../../store/timeline/timeline-log'

const PREVIEW_KEEP = 4096
const MAX_IN_FLIGHT = 24

export function usePreviewFetch(api: SocketLabApi, log: TimelineLog, visible: readonly number[]): number {
  const [fetched, setFetched] = useState(0)
  const asked = useRef(new Set<number>())
  const key = visible.length > 0 ? `${visible[0]}:${visible[visible.length - 1]}` : ''

  useEffect(() => {
    const missing = visible
      .filter((i) => log.has(i) && (log.kindAt(i) === KIND.data || log.kindAt(i) === KIND.frame) && !log.hasPreview(i) && !asked.current.has(i))
      .slice(0, MAX_IN_FLIGHT)
    if (missing.length === 0) return
    let live = true
    for (const i of missing) asked.current.add(i)
    void Promise.all(
      missing.map(async (i) => {
        const row = log.row(i)
        if (row.kind === KIND.frame) {
          const r = await api.readCapture({ endpointId: log.endpointId, fromSeq: row.seq, limit: 1 })
          const frame = r.ok ? r.value.records.find((f) => f.type === 'frame' && f.seq === row.seq && f.event.offset === row.offset) : undefined
          if (frame?.type === 'frame') log.restorePreview(i, frame.event.preview)
          return
        }
        const r = await api.readChunk({ endpointId: log.endpointId, seq: row.seq })
        if (r.ok) log.restorePreview(i, r.value.bytes.subarray(0, PREVIEW_KEEP))
      })
    ).then(() => {
      if (live) setFetched((n) => n + 1)
    })
    return () => {
      live = false
    }
    // The visible range, not the array's identity, says when to look again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, log, key])

  return fetched
}

// Rows old enough to have lost their preview get it back from the capture when they scroll into
// view: one readChunk per visible row, a few at a time, never for rows already asked about.
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
    const missing = visible.filter((i) => log.has(i) && log.kindAt(i) === KIND.data && !log.hasPreview(i) && !asked.current.has(i)).slice(0, MAX_IN_FLIGHT)
    if (missing.length === 0) return
    let live = true
    for (const i of missing) asked.current.add(i)
    void Promise.all(
      missing.map(async (i) => {
        const r = await api.readChunk({ endpointId: log.endpointId, seq: log.row(i).seq })
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

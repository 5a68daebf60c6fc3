// Sends the same bytes every N ms, M times (0: until stopped), one send at a time: the next waits
// until the last one was taken, and each may wait a while for room in a peer's queue, so a repeat
// follows a slow reader's pace. Stops on the first failure (a peer that does not read at all, for
// one) and keeps it to show.

/** How long each repeated send may wait for a peer that reads slowly before the repeat stops. */
export const REPEAT_WAIT_MS = 2000
import { useCallback, useEffect, useRef, useState } from 'react'
import type { AppError, Result, SendResult } from '../../../../shared/api'

export interface RepeatState {
  running: boolean
  sent: number
  total: number
  error?: AppError
}

export function useRepeat(): { state: RepeatState; start(send: () => Promise<Result<SendResult>>, everyMs: number, times: number): void; stop(): void } {
  const [state, setState] = useState<RepeatState>({ running: false, sent: 0, total: 0 })
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)
  const generation = useRef(0)

  const stop = useCallback(() => {
    generation.current++
    clearTimeout(timer.current)
    setState((s) => ({ ...s, running: false }))
  }, [])

  useEffect(() => () => {
    generation.current++
    clearTimeout(timer.current)
  }, [])

  const start = useCallback((send: () => Promise<Result<SendResult>>, everyMs: number, times: number) => {
    const gen = ++generation.current
    let sent = 0
    setState({ running: true, sent: 0, total: times })
    const tick = async (): Promise<void> => {
      if (gen !== generation.current) return
      const r = await send()
      if (gen !== generation.current) return
      if (!r.ok) {
        setState({ running: false, sent, total: times, error: r.error })
        return
      }
      sent++
      const done = times > 0 && sent >= times
      setState({ running: !done, sent, total: times })
      if (!done) timer.current = setTimeout(() => void tick(), everyMs)
    }
    void tick()
  }, [])

  return { state, start, stop }
}

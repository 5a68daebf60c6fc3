// Which endpoints of the sidebar are checked for a bulk action. Checking is apart from opening an
// endpoint: a plain click opens one, Ctrl/Cmd+click checks or unchecks it, Shift+click checks every
// endpoint from the last one checked to this one, in the order the list shows them.
import { useCallback, useMemo, useState } from 'react'

export interface CheckedEndpoints {
  /** Checked ids still in the list, in list order. */
  ids: string[]
  has(id: string): boolean
  toggle(id: string): void
  /** Checks the endpoints from the last one toggled (or `from`) to `to`, both included. */
  extendTo(to: string, from?: string): void
  setAll(on: boolean): void
  clear(): void
}

export function useCheckedEndpoints(listed: readonly string[]): CheckedEndpoints {
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set())
  const [anchor, setAnchor] = useState<string>()
  // Endpoints that left the list leave the selection too.
  const ids = useMemo(() => listed.filter((id) => checked.has(id)), [listed, checked])

  const toggle = useCallback((id: string) => {
    setChecked((c) => {
      const next = new Set(c)
      if (!next.delete(id)) next.add(id)
      return next
    })
    setAnchor(id)
  }, [])

  const extendTo = useCallback(
    (to: string, from?: string) => {
      const start = listed.indexOf(anchor !== undefined && listed.includes(anchor) ? anchor : (from ?? to))
      const end = listed.indexOf(to)
      if (end < 0) return
      const [lo, hi] = start < 0 ? [end, end] : [Math.min(start, end), Math.max(start, end)]
      setChecked((c) => new Set([...c, ...listed.slice(lo, hi + 1)]))
      setAnchor(to)
    },
    [listed, anchor]
  )

  const setAll = useCallback((on: boolean) => setChecked(on ? new Set(listed) : new Set()), [listed])
  const clear = useCallback(() => setChecked(new Set()), [])
  const has = useCallback((id: string) => checked.has(id), [checked])

  return { ids, has, toggle, extendTo, setAll, clear }
}

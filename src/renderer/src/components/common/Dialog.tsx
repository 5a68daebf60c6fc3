// A modal dialog over the window. Escape closes it wherever the focus is while it is open: inside
// it, or on the page itself, where focus lands when the focused button becomes disabled. Tab stays
// inside it, and when it closes the focus goes back to where it was before it opened.
import { useEffect, useRef, useState } from 'react'

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

interface DialogProps {
  onClose(): void
  /** Where the focus goes instead of back where it came from, when it answers an element (say the dialog removed that place). */
  focusAfter?: () => HTMLElement | null | undefined
  children: React.ReactNode
}

/** The backdrop and what it holds; the child carries role="dialog", its label and its content. */
export function Dialog({ onClose, focusAfter, children }: DialogProps): React.JSX.Element {
  const box = useRef<HTMLDivElement>(null)
  // Taken while rendering, before any field inside takes the focus.
  const [opener] = useState(() => (typeof document !== 'undefined' ? (document.activeElement as HTMLElement | null) : null))
  const close = useRef(onClose)
  const fallback = useRef(focusAfter)
  useEffect(() => {
    close.current = onClose
    fallback.current = focusAfter
  })

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent): void => {
      if (e.defaultPrevented) return
      if (e.key === 'Escape') {
        e.preventDefault()
        close.current()
        return
      }
      if (e.key !== 'Tab' || !box.current) return
      const all = Array.from(box.current.querySelectorAll<HTMLElement>(FOCUSABLE))
      if (all.length === 0) return
      const first = all[0]!
      const last = all[all.length - 1]!
      const at = document.activeElement
      const inside = at instanceof Node && box.current.contains(at)
      if (!inside || (e.shiftKey && at === first) || (!e.shiftKey && at === last)) {
        e.preventDefault()
        ;(e.shiftKey ? last : first).focus()
      }
    }
    document.addEventListener('keydown', onKeyDown)
    return () => {
      document.removeEventListener('keydown', onKeyDown)
      const instead = fallback.current?.()
      if (instead) instead.focus()
      else if (opener && opener !== document.body && opener.isConnected) opener.focus()
    }
  }, [opener])

  return (
    <div className="dialog-backdrop" ref={box}>
      {children}
    </div>
  )
}

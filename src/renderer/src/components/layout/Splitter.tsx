// A drag handle between two panes. It reports sizes, never positions: the parent owns the layout.
// Arrow keys move it too, so it works without a mouse.
import { useRef } from 'react'

interface SplitterProps {
  /** 'vertical' separates columns (drag left/right); 'horizontal' separates rows. */
  orientation: 'vertical' | 'horizontal'
  size: number
  min: number
  max: number
  /** +1 when dragging right/down grows the pane, -1 when it shrinks it. */
  direction: 1 | -1
  label: string
  onResize(size: number): void
}

export function Splitter({ orientation, size, min, max, direction, label, onResize }: SplitterProps): React.JSX.Element {
  const drag = useRef<{ start: number; size: number } | null>(null)
  const clamp = (n: number): number => Math.round(Math.min(max, Math.max(min, n)))
  const coord = (e: React.PointerEvent): number => (orientation === 'vertical' ? e.clientX : e.clientY)

  return (
    <div
      className={`splitter splitter-${orientation}`}
      role="separator"
      aria-orientation={orientation}
      aria-label={label}
      aria-valuenow={size}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId)
        drag.current = { start: coord(e), size }
      }}
      onPointerMove={(e) => {
        if (!drag.current) return
        onResize(clamp(drag.current.size + direction * (coord(e) - drag.current.start)))
      }}
      onPointerUp={() => {
        drag.current = null
      }}
      onKeyDown={(e) => {
        const step = e.shiftKey ? 50 : 10
        const grow: Record<string, number> = orientation === 'vertical' ? { ArrowRight: 1, ArrowLeft: -1 } : { ArrowDown: 1, ArrowUp: -1 }
        const sign = grow[e.key]
        if (sign === undefined) return
        e.preventDefault()
        onResize(clamp(size + sign * direction * step))
      }}
    />
  )
}

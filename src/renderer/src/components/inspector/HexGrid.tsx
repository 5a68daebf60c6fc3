// The hex dump: offset, sixteen bytes in hex, the same bytes as text. One selection drives both
// columns; click, shift-click, drag or the arrow keys move it. Framing header bytes are marked.
// Rows are virtualized, so a 16 MiB chunk shows as quickly as a 16-byte one. Where sixteen bytes and
// their text do not fit the pane (the inspector at its default width), a row holds eight, so the
// text column stays in view; narrower still, the dump scrolls sideways.
import { useVirtualizer } from '@tanstack/react-virtual'
import { useLayoutEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { hexByte } from '../../format'

export const BYTES_PER_ROW = 16
const NARROW_ROW = 8
const ROW_HEIGHT = 20
/** Pixels a row takes besides its characters: its padding, the gaps between columns, the text column's rule. */
const ROW_CHROME_PX = 16 + 2 * 14 + 9

/** Characters in a row: offset, the bytes in hex (spaced, with a wider gap mid-row when sixteen), the text. */
const rowChars = (digits: number, perRow: number): number => digits + perRow * 3 - 1 + (perRow === BYTES_PER_ROW ? 1 : 0) + perRow

/** Sixteen bytes a row when they fit the pane, else eight; sixteen where nothing is laid out (tests). */
function useBytesPerRow(scroller: React.RefObject<HTMLDivElement | null>, probe: React.RefObject<HTMLSpanElement | null>, digits: number): number {
  const [perRow, setPerRow] = useState(BYTES_PER_ROW)
  useLayoutEffect(() => {
    const el = scroller.current
    if (!el || typeof ResizeObserver === 'undefined') return
    const measure = (): void => {
      const charWidth = (probe.current?.getBoundingClientRect().width ?? 0) / 10
      if (el.clientWidth === 0 || charWidth === 0) return
      setPerRow(el.clientWidth >= rowChars(digits, BYTES_PER_ROW) * charWidth + ROW_CHROME_PX ? BYTES_PER_ROW : NARROW_ROW)
    }
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(el)
    return () => observer.disconnect()
  }, [scroller, probe, digits])
  return perRow
}

export interface ByteSelection {
  anchor: number
  focus: number
}

interface HexGridProps {
  bytes: Uint8Array
  /** Offset printed for bytes[0]. */
  baseOffset: number
  /** True for each byte that belongs to a framing header. */
  isHeader(index: number): boolean
  selection: ByteSelection
  onSelection(sel: ByteSelection): void
}

const printable = (b: number): string => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')

export function HexGrid({ bytes, baseOffset, isHeader, selection, onSelection }: HexGridProps): React.JSX.Element {
  const { t } = useTranslation()
  const scroller = useRef<HTMLDivElement>(null)
  const probe = useRef<HTMLSpanElement>(null)
  const dragging = useRef(false)
  const lo = Math.min(selection.anchor, selection.focus)
  const hi = Math.max(selection.anchor, selection.focus)
  const digits = Math.max(8, (baseOffset + bytes.length).toString(16).length)
  const perRow = useBytesPerRow(scroller, probe, digits)
  const rows = Math.ceil(bytes.length / perRow)
  const virtualizer = useVirtualizer({ count: rows, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 })

  const pick = (i: number, extend: boolean): void => onSelection(extend ? { anchor: selection.anchor, focus: i } : { anchor: i, focus: i })

  const onKeyDown = (e: React.KeyboardEvent): void => {
    const moves: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -perRow, ArrowDown: perRow, PageUp: -perRow * 16, PageDown: perRow * 16 }
    let next: number | undefined
    if (e.key in moves) next = selection.focus + moves[e.key]!
    else if (e.key === 'Home') next = 0
    else if (e.key === 'End') next = bytes.length - 1
    else if (e.key === 'a' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault()
      onSelection({ anchor: 0, focus: bytes.length - 1 })
      return
    }
    if (next === undefined) return
    e.preventDefault()
    const clamped = Math.max(0, Math.min(bytes.length - 1, next))
    pick(clamped, e.shiftKey)
    virtualizer.scrollToIndex(Math.floor(clamped / perRow))
  }

  const cell = (i: number, column: 'hex' | 'ascii'): React.JSX.Element => {
    const b = bytes[i]!
    const cls = ['hx', i >= lo && i <= hi ? 'sel' : '', i === selection.focus ? 'cursor' : '', isHeader(i) ? 'hdr' : ''].join(' ')
    return (
      <span
        key={`${column}${i}`}
        className={cls}
        data-i={i}
        onMouseDown={(e) => {
          e.preventDefault()
          dragging.current = true
          scroller.current?.focus()
          pick(i, e.shiftKey)
        }}
        onMouseEnter={() => {
          if (dragging.current) onSelection({ anchor: selection.anchor, focus: i })
        }}
      >
        {column === 'hex' ? hexByte(b) : printable(b)}
      </span>
    )
  }

  return (
    <div
      className="hex-scroll mono"
      ref={scroller}
      tabIndex={0}
      role="grid"
      aria-label={t('inspector.hexLabel')}
      onKeyDown={onKeyDown}
      onMouseUp={() => (dragging.current = false)}
      onMouseLeave={() => (dragging.current = false)}
      data-testid="hex-dump"
      data-bytes-per-row={perRow}
    >
      <span className="hex-probe" ref={probe} aria-hidden="true">
        0000000000
      </span>
      {/* As wide as a full row, so a pane narrower than that scrolls sideways rather than cutting the text column. */}
      <div className="hex-body" style={{ height: virtualizer.getTotalSize(), width: `calc(${rowChars(digits, perRow)}ch + ${ROW_CHROME_PX}px)` }}>
        {virtualizer.getVirtualItems().map((item) => {
          const start = item.index * perRow
          const end = Math.min(bytes.length, start + perRow)
          const hex: React.ReactNode[] = []
          const ascii: React.JSX.Element[] = []
          for (let i = start; i < end; i++) {
            // Real spaces between the bytes, so copying the column by hand gives `68 65 6c`.
            if (i > start) hex.push(perRow === BYTES_PER_ROW && i - start === BYTES_PER_ROW / 2 ? '  ' : ' ')
            hex.push(cell(i, 'hex'))
            ascii.push(cell(i, 'ascii'))
          }
          return (
            <div key={item.index} role="row" className="hex-row" style={{ transform: `translateY(${item.start}px)` }} data-testid="hex-row">
              <span className="hex-offset">{(baseOffset + start).toString(16).padStart(digits, '0')}</span>
              <span className="hex-bytes" data-testid="hex-bytes">
                {hex}
              </span>
              <span className="hex-ascii">{ascii}</span>
            </div>
          )
        })}
      </div>
    </div>
  )
}

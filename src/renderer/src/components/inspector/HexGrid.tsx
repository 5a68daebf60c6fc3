// The hex dump: offset, sixteen bytes in hex, the same bytes as text. One selection drives both
// columns; click, shift-click, drag or the arrow keys move it. Framing header bytes are marked.
// Rows are virtualized, so a 16 MiB chunk shows as quickly as a 16-byte one.
import { useVirtualizer } from '@tanstack/react-virtual'
import { useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { hexByte } from '../../format'

export const BYTES_PER_ROW = 16
const ROW_HEIGHT = 20

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
  const dragging = useRef(false)
  const rows = Math.ceil(bytes.length / BYTES_PER_ROW)
  const lo = Math.min(selection.anchor, selection.focus)
  const hi = Math.max(selection.anchor, selection.focus)
  const digits = Math.max(8, (baseOffset + bytes.length).toString(16).length)
  const virtualizer = useVirtualizer({ count: rows, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 })

  const pick = (i: number, extend: boolean): void => onSelection(extend ? { anchor: selection.anchor, focus: i } : { anchor: i, focus: i })

  const onKeyDown = (e: React.KeyboardEvent): void => {
    const moves: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -BYTES_PER_ROW, ArrowDown: BYTES_PER_ROW, PageUp: -BYTES_PER_ROW * 16, PageDown: BYTES_PER_ROW * 16 }
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
    virtualizer.scrollToIndex(Math.floor(clamped / BYTES_PER_ROW))
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
    >
      <div className="hex-body" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const start = item.index * BYTES_PER_ROW
          const end = Math.min(bytes.length, start + BYTES_PER_ROW)
          const hex: React.ReactNode[] = []
          const ascii: React.JSX.Element[] = []
          for (let i = start; i < end; i++) {
            // Real spaces between the bytes, so copying the column by hand gives `68 65 6c`.
            if (i > start) hex.push(i - start === BYTES_PER_ROW / 2 ? '  ' : ' ')
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

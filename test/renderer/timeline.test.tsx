import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ChunkBytes, EngineEvent, PeerInfo } from '../../src/shared/api'
import { ReceiveOptions } from '../../src/renderer/src/components/endpoints/ReceiveOptions'
import { HexInspector } from '../../src/renderer/src/components/inspector/HexInspector'
import { Timeline } from '../../src/renderer/src/components/timeline/Timeline'
import { useWorkspace } from '../../src/renderer/src/store/workspace-store'
import { bytes, endpoint, fakeApi, feed, giveElementsSize, ok, renderWithApi, resetStores } from './helpers'

const ep = endpoint()
const peer = (id: string, port: number): PeerInfo => ({
  id,
  endpointId: 'ep1',
  remote: { address: '127.0.0.1', port, family: 'IPv4' },
  since: Date.now(),
  state: 'open',
  counters: { bytesIn: 0, bytesOut: 0, chunksIn: 0, chunksOut: 0 }
})
const chunk = (seq: number, text: string, dir: 'in' | 'out' = 'in', peerId = 'p1'): EngineEvent => ({
  type: 'data',
  endpointId: 'ep1',
  peerId,
  dir,
  seq,
  offset: 0,
  time: Date.now(),
  length: text.length,
  preview: bytes(text)
})

function scrollHeight(px: number): void {
  Object.defineProperty(HTMLElement.prototype, 'scrollHeight', { configurable: true, get: () => px })
}

describe('timeline', () => {
  beforeEach(() => {
    resetStores()
    giveElementsSize(400)
    scrollHeight(100_000)
  })
  afterEach(cleanup)

  it('shows every event as a row: open, chunks in and out, close with its reason', () => {
    renderWithApi(<Timeline endpointId="ep1" />, fakeApi())
    act(() =>
      feed({
        events: [
          { type: 'endpoint', endpoint: ep },
          { type: 'peer-open', peer: peer('p1', 5001) },
          chunk(0, 'hello'),
          chunk(1, 'hi back', 'out'),
          { type: 'peer-close', peer: { ...peer('p1', 5001), state: 'closed' }, reason: 'reset', time: Date.now() },
          { type: 'error', endpointId: 'ep1', error: { code: 'ECONNRESET', message: 'reset by peer', hint: 'h' }, time: Date.now() }
        ],
        counters: { ep1: { bytesIn: 5, bytesOut: 7, chunksIn: 1, chunksOut: 1 } }
      })
    )
    const rows = screen.getAllByTestId('timeline-row')
    expect(rows.map((r) => r.getAttribute('data-kind'))).toEqual(['open', 'data', 'data', 'close', 'error'])
    expect(rows[1]!.textContent).toMatch(/127\.0\.0\.1:5001.*5.*hello/)
    expect(rows[2]!.getAttribute('data-dir')).toBe('out')
    expect(rows[3]!.textContent).toMatch(/connection closed: reset \(RST\)/)
    expect(rows[4]!.textContent).toMatch(/ECONNRESET: reset by peer/)
    expect(screen.getByTestId('timeline-count').getAttribute('data-chunks')).toBe('2')
  })

  it('filters by direction, peer and text', () => {
    renderWithApi(<Timeline endpointId="ep1" />, fakeApi())
    act(() =>
      feed({
        events: [{ type: 'peer-open', peer: peer('p1', 5001) }, { type: 'peer-open', peer: peer('p2', 5002) }, chunk(0, 'alpha'), chunk(1, 'beta', 'out'), chunk(2, 'gamma', 'in', 'p2')],
        counters: {}
      })
    )
    const previews = () => screen.queryAllByTestId('timeline-preview').map((p) => p.textContent)
    fireEvent.change(screen.getByTestId('filter-dir'), { target: { value: 'in' } })
    expect(previews()).toEqual(['alpha', 'gamma'])
    fireEvent.change(screen.getByTestId('filter-peer'), { target: { value: 'p2' } })
    expect(previews()).toEqual(['gamma'])
    fireEvent.change(screen.getByTestId('filter-dir'), { target: { value: 'all' } })
    fireEvent.change(screen.getByTestId('filter-peer'), { target: { value: 'all' } })
    fireEvent.change(screen.getByTestId('filter-text'), { target: { value: 'ET' } })
    expect(previews()).toEqual(['beta'])
  })

  it('shows previews in the chosen encoding, and pausing freezes the display while counts go on', () => {
    renderWithApi(
      <>
        <ReceiveOptions ep={ep} />
        <Timeline endpointId="ep1" />
      </>,
      fakeApi()
    )
    act(() => feed({ events: [chunk(0, 'hi')], counters: {} }))
    act(() => useWorkspace.getState().setDisplay('ep1', { encoding: 'hex' }))
    expect(screen.getByTestId('timeline-preview').textContent).toBe('68 69')
    fireEvent.click(screen.getByTestId('pause-display'))
    act(() => feed({ events: [chunk(1, 'more')], counters: {} }, 2))
    expect(screen.getAllByTestId('timeline-row')).toHaveLength(1)
    expect(screen.getByTestId('timeline-count').getAttribute('data-chunks')).toBe('2')
    fireEvent.click(screen.getByTestId('pause-display'))
    expect(screen.getAllByTestId('timeline-row')).toHaveLength(2)
  })

  it('follows the tail until the user scrolls up, and searches', async () => {
    renderWithApi(<Timeline endpointId="ep1" />, fakeApi())
    const scroller = screen.getByTestId('timeline-scroll')
    act(() => feed({ events: Array.from({ length: 200 }, (_, i) => chunk(i, `row ${i}`)), counters: {} }))
    await waitFor(() => expect(scroller.scrollTop).toBe(200 * 22))
    act(() => {
      scroller.scrollTop = 0
      fireEvent.scroll(scroller)
    })
    expect(screen.getByTestId('timeline-follow')).toBeTruthy()
    act(() => feed({ events: [chunk(200, 'late')], counters: {} }, 2))
    await new Promise((r) => setTimeout(r, 50))
    expect(scroller.scrollTop).toBe(0)
    fireEvent.change(screen.getByTestId('timeline-search'), { target: { value: 'row 3' } })
    fireEvent.keyDown(screen.getByTestId('timeline-search'), { key: 'Enter' })
    expect(screen.getAllByTestId('timeline-row').find((r) => r.getAttribute('aria-selected') === 'true')?.textContent).toMatch(/row 3$/)
    fireEvent.click(screen.getByTestId('timeline-follow'))
    await waitFor(() => expect(scroller.scrollTop).toBe(201 * 22))
  })

  it('renders only what is on screen of a long timeline', () => {
    renderWithApi(<Timeline endpointId="ep1" />, fakeApi())
    act(() => feed({ events: Array.from({ length: 50_000 }, (_, i) => chunk(i, 'x')), counters: {} }))
    expect(screen.getAllByTestId('timeline-row').length).toBeLessThan(200)
    expect(screen.getByTestId('timeline-count').getAttribute('data-rows')).toBe('50000')
  })
})

describe('hex inspector', () => {
  beforeEach(() => {
    resetStores()
    giveElementsSize(400)
  })
  afterEach(cleanup)

  it('fetches the full bytes of the selected chunk and links hex and text selection', async () => {
    const full = bytes('hello world, this is longer than its preview')
    const readChunk = vi.fn(() => ok<ChunkBytes>({ seq: 0, peerId: 'p1', dir: 'in', offset: 100, time: 1, bytes: full }))
    const api = fakeApi({ readChunk })
    renderWithApi(
      <>
        <Timeline endpointId="ep1" />
        <HexInspector ep={ep} />
      </>,
      api
    )
    act(() => feed({ events: [chunk(0, 'hello')], counters: {} }))
    fireEvent.click(screen.getAllByTestId('timeline-row')[0]!)
    await waitFor(() => expect(screen.getAllByTestId('hex-bytes')[0]!.textContent).toBe('68 65 6c 6c 6f 20 77 6f  72 6c 64 2c 20 74 68 69'))
    expect(readChunk).toHaveBeenCalledWith({ endpointId: 'ep1', seq: 0 })
    const dump = screen.getByTestId('hex-dump')
    expect(within(dump).getAllByText('00000064')).toHaveLength(1)
    // Select bytes 1..4 by clicking in the hex column and shift-clicking in the text column.
    fireEvent.mouseDown(dump.querySelectorAll('[data-i="1"]')[0]!)
    fireEvent.mouseDown(dump.querySelectorAll('[data-i="4"]')[1]!, { shiftKey: true })
    expect(screen.getByTestId('selection-info').textContent).toMatch(/4 bytes, 1–4/)
    const selected = dump.querySelectorAll('.sel')
    expect(selected).toHaveLength(8)
    expect(screen.getByTestId('data-inspector').textContent).toMatch(/Values at byte 4/)
  })
})

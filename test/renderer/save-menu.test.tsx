// The inspector's Save menu: what each item asks the Node side for, and the save's progress to its end.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ChunkBytes, ExportProgress, ExportStarted, FrameEvent } from '../../src/shared/api'
import { HexInspector } from '../../src/renderer/src/components/inspector/HexInspector'
import { Timeline } from '../../src/renderer/src/components/timeline/Timeline'
import { applySavesBatch, useSaves } from '../../src/renderer/src/store/saves-store'
import { bytes, endpoint, fakeApi, feed, giveElementsSize, ok, renderWithApi, resetStores } from './helpers'

const ep = endpoint()
const headerJson = JSON.stringify({ file_name: '../notes.txt', file_size: 3 })
const frame: FrameEvent = {
  type: 'frame',
  endpointId: 'ep1',
  peerId: 'p1',
  dir: 'in',
  seq: 0,
  offset: 100,
  length: 4 + headerJson.length + 3,
  headerLength: 4 + headerJson.length,
  payloadLength: 3,
  time: Date.now(),
  preview: bytes('abc'),
  meta: { file_name: '../notes.txt', file_size: 3 }
}

const progress = (over: Partial<ExportProgress>): ExportProgress => ({ exportId: 'x1', state: 'running', format: 'bytes', records: 1, bytes: 0, totalBytes: 3, fileBytes: 0, lostChunks: 0, ...over })

describe('the Save menu', () => {
  beforeEach(() => {
    resetStores()
    useSaves.setState({ saves: [] })
    giveElementsSize(400)
  })
  afterEach(cleanup)

  it('saves a frame\u2019s payload under the sender\u2019s file name, or the whole stream, and shows the progress to the end', async () => {
    const saveReceived = vi.fn(() => ok<ExportStarted>({ exportId: 'x1', fileName: 'notes.txt', delivery: 'file', path: '/home/student/notes.txt' }))
    const cancelExport = vi.fn(() => ok({ cancelled: true }))
    const readChunk = vi.fn(() => ok<ChunkBytes>({ seq: 0, peerId: 'p1', dir: 'in', offset: 100, time: 1, bytes: bytes(`....${headerJson}abc`) }))
    renderWithApi(
      <>
        <Timeline endpointId="ep1" />
        <HexInspector ep={ep} />
      </>,
      fakeApi({ saveReceived, cancelExport, readChunk })
    )
    act(() => feed({ events: [{ type: 'endpoint', endpoint: ep }, frame], counters: {} }))
    fireEvent.click(screen.getAllByTestId('timeline-row')[0]!)
    fireEvent.click(await screen.findByTestId('save-menu'))
    const items = screen.getAllByRole('menuitem')
    expect(items.map((i) => i.textContent)).toEqual(['Payload of this frame (3 B)', 'From here to the end of the stream', 'Everything received from this peer'])
    fireEvent.click(items[0]!)
    await waitFor(() => expect(saveReceived).toHaveBeenCalledTimes(1))
    // The payload alone, after the prefix and the JSON header: the file the lesson sends.
    expect(saveReceived).toHaveBeenCalledWith({ endpointId: 'ep1', peerId: 'p1', dir: 'in', offset: 100 + 4 + headerJson.length, length: 3, fileName: '../notes.txt' })

    act(() => applySavesBatch({ batch: 2, counters: {}, events: [{ type: 'export', progress: progress({ bytes: 1 }) }] }))
    expect(screen.getByTestId('save-line').textContent).toMatch(/Saving notes\.txt: 1 B of 3 B \(33%\)/)
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(cancelExport).toHaveBeenCalledWith({ exportId: 'x1' })
    act(() => applySavesBatch({ batch: 3, counters: {}, events: [{ type: 'export', progress: progress({ state: 'done', bytes: 3, fileBytes: 3 }) }] }))
    expect(screen.getByTestId('save-line').getAttribute('data-state')).toBe('done')
    expect(screen.getByTestId('save-line').textContent).toMatch(/Saved 3 B to \/home\/student\/notes\.txt/)

    fireEvent.click(screen.getByTestId('save-menu'))
    fireEvent.click(screen.getByRole('menuitem', { name: 'Everything received from this peer' }))
    await waitFor(() => expect(saveReceived).toHaveBeenCalledTimes(2))
    expect(saveReceived).toHaveBeenLastCalledWith({ endpointId: 'ep1', peerId: 'p1', dir: 'in' })
    // A run of chunks: from this row's first byte on.
    fireEvent.click(screen.getByTestId('save-menu'))
    fireEvent.click(screen.getByRole('menuitem', { name: 'From here to the end of the stream' }))
    await waitFor(() => expect(saveReceived).toHaveBeenCalledTimes(3))
    expect(saveReceived).toHaveBeenLastCalledWith({ endpointId: 'ep1', peerId: 'p1', dir: 'in', offset: 100 })
  })

  it('shows why the Node side refused a save, where the menu is', async () => {
    const saveReceived = vi.fn(() => Promise.resolve({ ok: false as const, error: { code: 'EDROPPED', message: 'The capture no longer holds bytes 0–99 of this stream', hint: 'Raise the limit.' } }))
    const readChunk = vi.fn(() => ok<ChunkBytes>({ seq: 0, peerId: 'p1', dir: 'in', offset: 0, time: 1, bytes: bytes('hello') }))
    renderWithApi(
      <>
        <Timeline endpointId="ep1" />
        <HexInspector ep={ep} />
      </>,
      fakeApi({ saveReceived, readChunk })
    )
    act(() => feed({ events: [{ type: 'endpoint', endpoint: ep }, { type: 'data', endpointId: 'ep1', peerId: 'p1', dir: 'in', seq: 0, offset: 0, time: 1, length: 5, preview: bytes('hello') }], counters: {} }))
    fireEvent.click(screen.getAllByTestId('timeline-row')[0]!)
    fireEvent.click(await screen.findByTestId('save-menu'))
    fireEvent.click(screen.getByRole('menuitem', { name: 'This chunk (5 B)' }))
    expect((await screen.findByTestId('error-note')).textContent).toMatch(/EDROPPED.*no longer holds bytes 0–99.*Raise the limit/)
    expect(saveReceived).toHaveBeenCalledWith({ endpointId: 'ep1', peerId: 'p1', dir: 'in', offset: 0, length: 5 })
  })
})

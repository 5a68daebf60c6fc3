import { cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ExportMenu } from '../../src/renderer/src/components/timeline/ExportMenu'
import { NO_FILTER } from '../../src/renderer/src/store/timeline/timeline-view'
import { fakeApi, ok, renderWithApi, resetStores } from './helpers'

describe('the timeline Export menu', () => {
  beforeEach(resetStores)
  afterEach(cleanup)

  it('offers the filtered view only when a filter is set, and sends it as the export view', async () => {
    const exportCapture = vi.fn(() => ok({ exportId: 'x1', fileName: 'a.jsonl', delivery: 'file' as const, path: '/tmp/a.jsonl' }))
    renderWithApi(<ExportMenu endpointId="ep1" filter={NO_FILTER} />, fakeApi({ exportCapture }))
    fireEvent.click(screen.getByTestId('export-menu'))
    expect(screen.getByRole('menuitem', { name: 'This endpoint as JSON Lines' })).toBeTruthy()
    expect(screen.queryByRole('menuitem', { name: 'This filtered view as JSON Lines' })).toBeNull()
    cleanup()
    renderWithApi(<ExportMenu endpointId="ep1" filter={{ ...NO_FILTER, dir: 'in', peer: 'p7', text: 'ping', events: false }} />, fakeApi({ exportCapture }))
    fireEvent.click(screen.getByTestId('export-menu'))
    fireEvent.click(screen.getByRole('menuitem', { name: 'This filtered view as JSON Lines' }))
    await vi.waitFor(() => expect(exportCapture).toHaveBeenCalled())
    expect(exportCapture).toHaveBeenCalledWith({ format: 'jsonl', endpointIds: ['ep1'], view: { dir: 'in', peerId: 'p7', events: false, text: 'ping' } })
  })
})

// A frame row and the inspector say what a frame is made of: payload and header apart, and a JSON
// header's fields (the lessons' file transfer), in the window's language.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FrameEvent } from '../../src/shared/api'
import { HexInspector } from '../../src/renderer/src/components/inspector/HexInspector'
import { Timeline } from '../../src/renderer/src/components/timeline/Timeline'
import { i18n } from '../../src/renderer/src/i18n'
import { bytes, endpoint, fakeApi, feed, giveElementsSize, renderWithApi, resetStores } from './helpers'

const ep = endpoint()
const frame = (seq: number, over: Partial<FrameEvent>): FrameEvent => ({
  type: 'frame',
  endpointId: 'ep1',
  peerId: 'p1',
  dir: 'in',
  seq,
  offset: 0,
  length: 16,
  headerLength: 4,
  payloadLength: 12,
  time: Date.now(),
  preview: bytes('hello world!'),
  ...over
})

describe('frame rows', () => {
  beforeEach(() => {
    resetStores()
    giveElementsSize(400)
  })
  afterEach(cleanup)

  it('show the payload length, the header apart, and a JSON header\u2019s fields, on the row and in the inspector', async () => {
    renderWithApi(
      <>
        <Timeline endpointId="ep1" />
        <HexInspector ep={ep} />
      </>,
      fakeApi()
    )
    act(() =>
      feed({
        events: [
          { type: 'endpoint', endpoint: ep },
          frame(0, {}),
          frame(1, { offset: 16, length: 5, headerLength: 0, payloadLength: 4, preview: bytes('line') }),
          frame(2, { offset: 21, length: 4 + 41 + 3, headerLength: 45, payloadLength: 3, preview: bytes('abc'), meta: { file_name: 'a.txt', file_size: 3 } })
        ],
        counters: {}
      })
    )
    const summaries = screen.getAllByTestId('frame-summary').map((s) => s.textContent)
    expect(summaries).toEqual(['len=12 (header 4 B)', 'len=4', 'len=3 (header 45 B)  file_name=a.txt file_size=3'])
    const rows = screen.getAllByTestId('timeline-row')
    // The length column counts the payload, as the summary does.
    expect(rows.map((r) => r.querySelector('.tl-len')!.textContent)).toEqual(['12', '4', '3'])

    fireEvent.click(rows[2]!)
    await waitFor(() => expect(screen.getByTestId('frame-sizes').textContent).toMatch(/^len=3 \(header 45 B\) · 48 bytes in the stream$/))
    const fields = screen.getByTestId('frame-header-fields')
    expect([...fields.querySelectorAll('dt')].map((d) => d.textContent)).toEqual(['file_name', 'file_size'])
    expect([...fields.querySelectorAll('dd')].map((d) => d.textContent)).toEqual(['a.txt', '3'])

    fireEvent.click(rows[1]!)
    await waitFor(() => expect(screen.getByTestId('frame-sizes').textContent).toBe('len=4 · 5 bytes in the stream · 1 byte of delimiter or escapes'))
    expect(screen.queryByTestId('frame-header-fields')).toBeNull()

    await act(async () => {
      await i18n.changeLanguage('zh-CN')
    })
    expect(screen.getAllByTestId('frame-summary')[0]!.textContent).toBe('长度=12（头部 4 字节）')
  })
})

import { act, cleanup, fireEvent, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EngineEvent, PeerInfo } from '../../src/shared/api'
import { App } from '../../src/renderer/src/components/App'
import { i18n } from '../../src/renderer/src/i18n'
import { useUi } from '../../src/renderer/src/store/ui-store'
import { useWorkspace } from '../../src/renderer/src/store/workspace-store'
import { bytes, connectedClient, endpoint, fakeApi, feed, giveElementsSize, renderWithApi, resetStores } from './helpers'

const server = endpoint({ id: 's1', name: 'lab server', config: { kind: 'tcp-server', host: '127.0.0.1', port: 0, framing: 'line' } })
const client = connectedClient({ name: 'lab client', peerCount: 1, local: { address: '127.0.0.1', port: 5555, family: 'IPv4' }, remote: { address: '127.0.0.1', port: 40123, family: 'IPv4' } })
const openPeer = (id: string, endpointId: string, port: number): PeerInfo => ({
  id,
  endpointId,
  remote: { address: '127.0.0.1', port, family: 'IPv4' },
  since: 1,
  state: 'open',
  counters: { bytesIn: 0, bytesOut: 0, chunksIn: 0, chunksOut: 0 }
})
const serverPeer = openPeer('sp', 's1', 5555)
const clientPeer = openPeer('cp', 'c1', 40123)

let seq = 0
const read = (offset: number, text: string): EngineEvent => ({ type: 'data', endpointId: 's1', peerId: 'sp', dir: 'in', seq: seq++, offset, time: 1000 + seq, length: text.length, preview: bytes(text) })
const write = (offset: number, text: string): EngineEvent => ({ type: 'data', endpointId: 'c1', peerId: 'cp', dir: 'out', seq: seq++, offset, time: 1000 + seq, length: text.length, preview: bytes(text) })
/** The lines of a received chunk as the line framing decodes them: they follow the chunk, with its seq. */
function lines(chunk: EngineEvent & { type: 'data' }): EngineEvent[] {
  const text = new TextDecoder().decode(chunk.preview)
  const out: EngineEvent[] = []
  let at = 0
  for (const line of text.split('\n').slice(0, -1)) {
    out.push({ type: 'frame', endpointId: 's1', peerId: 'sp', dir: 'in', seq: chunk.seq, offset: chunk.offset + at, length: line.length + 1, headerLength: 0, payloadLength: line.length, time: chunk.time, preview: bytes(line) })
    at += line.length + 1
  }
  return out
}
const readWithLines = (offset: number, text: string): EngineEvent[] => {
  const chunk = read(offset, text) as EngineEvent & { type: 'data' }
  return [chunk, ...lines(chunk)]
}

function showServer(events: EngineEvent[]): void {
  renderWithApi(<App />, fakeApi())
  act(() => {
    feed({ events, counters: {} })
    useWorkspace.getState().select('s1')
  })
}

const notes = () => screen.queryAllByTestId('read-at-once')

describe('the timeline says when one read held several messages', () => {
  beforeEach(() => {
    resetStores()
    giveElementsSize(900, 1200)
    seq = 0
  })
  afterEach(cleanup)

  it('counts the frames a read completed when the sender is not in this window, in both languages', () => {
    showServer([{ type: 'endpoint', endpoint: server }, { type: 'peer-open', peer: serverPeer }, ...readWithLines(0, 'ls\npwd\nid\n'), ...readWithLines(10, 'whoami\n')])
    expect(notes().map((n) => n.textContent)).toEqual(['3 frames read at once'])
    // On the row of the read itself.
    expect(notes()[0]!.closest('[data-testid="timeline-row"]')!.getAttribute('data-kind')).toBe('data')
    act(() => void i18n.changeLanguage('zh-CN'))
    expect(notes().map((n) => n.textContent)).toEqual(['一次读到 3 帧'])
  })

  it("counts the sender's writes when both ends are in this window, and not a read that held one", () => {
    showServer([
      { type: 'endpoint', endpoint: { ...server, config: { kind: 'tcp-server', host: '127.0.0.1', port: 0 } } },
      { type: 'endpoint', endpoint: client },
      { type: 'peer-open', peer: serverPeer },
      { type: 'peer-open', peer: clientPeer },
      write(0, 'x'.repeat(65536)),
      write(65536, 'aaa'),
      write(65539, 'aaa'),
      write(65542, 'aaa'),
      read(0, 'x'.repeat(65536)),
      read(65536, 'aaaaaaaaa')
    ])
    expect(notes().map((n) => n.textContent)).toEqual(['3 writes read at once'])
    expect(within(notes()[0]!.closest('[data-testid="timeline-row"]') as HTMLElement).getByTestId('timeline-preview').textContent).toBe('aaaaaaaaa')
  })

  it('opens the Stream view at that read, even an old one of a connection since closed, and back to the latest', () => {
    const events: EngineEvent[] = [{ type: 'endpoint', endpoint: server }, { type: 'peer-open', peer: serverPeer }]
    let offset = 0
    for (let i = 0; i < 30; i++) {
      const text = i === 2 ? 'one\ntwo\n' : `line ${String(i).padStart(2, '0')}\n`
      events.push(...readWithLines(offset, text))
      offset += text.length
    }
    events.push({ type: 'peer-close', peer: { ...serverPeer, state: 'closed' }, reason: 'fin-peer', time: 5000 })
    showServer(events)
    expect(notes().map((n) => n.textContent)).toEqual(['2 frames read at once'])
    fireEvent.click(notes()[0]!)
    expect(screen.getByTestId('tab-stream').getAttribute('aria-selected')).toBe('true')
    expect(useUi.getState().selectedRow?.index).toBe(useUi.getState().streamFocus.s1!.index)
    const view = screen.getByTestId('stream-view')
    // The closed connection is drawn from the timeline, with the read picked outlined among its neighbours.
    expect((within(view).getByTestId('stream-connection') as HTMLSelectElement).selectedOptions[0]!.textContent).toBe('127.0.0.1:5555 (closed)')
    const marked = within(view).getAllByTestId('seg-read').filter((s) => s.getAttribute('data-marked') === 'true')
    expect(marked).toHaveLength(1)
    // Reads 0 and 1 were eight bytes each: the third starts at byte 16.
    expect(marked[0]!.getAttribute('title')).toBe('8 B @ 16')
    expect(within(view).getByTestId('stream-focus')).toBeTruthy()
    expect(within(view).getByTestId('stream-verdicts').textContent).toMatch(/1 read carried more than one frame/)
    fireEvent.click(within(view).getByTestId('stream-latest'))
    expect(screen.queryByTestId('stream-focus')).toBeNull()
    // Without a read picked, a closed connection is no longer drawn.
    expect(screen.getByText(/No connection yet/)).toBeTruthy()
  })
})

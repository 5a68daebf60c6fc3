import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EndpointInfo, SendResult } from '../../src/shared/api'
import { App } from '../../src/renderer/src/components/App'
import { Composer } from '../../src/renderer/src/components/composer/Composer'
import { buildBytes } from '../../src/shared/traffic/draft-bytes'
import { useAppStore } from '../../src/renderer/src/store/app-store'
import { useWorkspace } from '../../src/renderer/src/store/workspace-store'
import { connectedClient, endpoint, fakeApi, feed, giveElementsSize, ok, renderWithApi, resetStores } from './helpers'

const client: EndpointInfo = connectedClient()

const hex = () => screen.getByTestId('composer-hex').textContent
const length = () => screen.getByTestId('composer-length').textContent
const type = (text: string) => fireEvent.change(screen.getByTestId('composer-text'), { target: { value: text } })
const choose = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } })

describe('composer preview', () => {
  beforeEach(resetStores)
  afterEach(cleanup)

  it('shows exactly the bytes a send will carry, in every mode', () => {
    renderWithApi(<Composer ep={client} />, fakeApi())
    type('hello')
    expect(length()).toBe('5 bytes')
    expect(hex()).toBe('68 65 6c 6c 6f')
    type('a\\x00\\n\\u4e2d')
    expect(hex()).toBe('61 00 0a e4 b8 ad')
    choose('composer-mode', 'hex')
    type('de ad be ef')
    expect(hex()).toBe('de ad be ef')
    expect(length()).toBe('4 bytes')
    choose('composer-mode', 'base64')
    type('aGk=')
    expect(hex()).toBe('68 69')
    choose('composer-mode', 'text')
    type('a\\n')
    expect(hex()).toBe('61 5c 6e')
  })

  it('adds the line ending, the checksum and then the framing', () => {
    renderWithApi(<Composer ep={client} />, fakeApi())
    type('hello')
    choose('composer-line-ending', 'crlf')
    expect(hex()).toBe('68 65 6c 6c 6f 0d 0a')
    choose('composer-line-ending', 'none')
    choose('composer-checksum', 'sum8')
    expect(hex()).toBe('68 65 6c 6c 6f 14')
    choose('composer-checksum', 'none')
    fireEvent.change(screen.getByTestId('composer-framing'), { target: { value: 'len:4' } })
    expect(hex()).toBe('00 00 00 05 68 65 6c 6c 6f')
    fireEvent.change(screen.getByTestId('composer-framing'), { target: { value: 'struct:i' } })
    expect(hex()).toBe('05 00 00 00 68 65 6c 6c 6f')
  })

  it('encodes in the chosen encoding', () => {
    renderWithApi(<Composer ep={client} />, fakeApi())
    type('中')
    expect(hex()).toBe('e4 b8 ad')
    choose('composer-encoding', 'gbk')
    expect(hex()).toBe('d6 d0')
  })

  it('says what is wrong instead of sending', () => {
    const send = vi.fn()
    renderWithApi(<Composer ep={client} />, fakeApi({ send }))
    choose('composer-mode', 'hex')
    type('de ad bx')
    expect(screen.getByTestId('composer-preview-error').textContent).toMatch(/bad hex digit 'x' at position 7/)
    expect(screen.getByTestId('composer-send')).toHaveProperty('disabled', true)
    fireEvent.keyDown(screen.getByTestId('composer-text'), { key: 'Enter', ctrlKey: true })
    expect(send).not.toHaveBeenCalled()
    fireEvent.change(screen.getByTestId('composer-framing'), { target: { value: 'len:9' } })
    type('de ad')
    expect(screen.getByTestId('composer-preview-error').textContent).toMatch(/len:9/)
  })
})

describe('composer sending', () => {
  beforeEach(resetStores)
  afterEach(cleanup)

  it('sends on Ctrl+Enter and on Cmd+Enter, and keeps a history', async () => {
    const send = vi.fn(() => ok<SendResult>({ bytes: 5, seqs: [0] }))
    renderWithApi(<Composer ep={client} />, fakeApi({ send }))
    type('hello')
    await act(async () => {
      fireEvent.keyDown(screen.getByTestId('composer-text'), { key: 'Enter', ctrlKey: true })
    })
    expect(send).toHaveBeenCalledWith({ endpointId: 'c1', bytes: new TextEncoder().encode('hello') })
    await act(async () => {
      fireEvent.keyDown(screen.getByTestId('composer-text'), { key: 'Enter', metaKey: true })
    })
    expect(send).toHaveBeenCalledTimes(2)
    expect(useWorkspace.getState().history).toHaveLength(1)
  })

  it('sends from a server to the peer picked, or to all', async () => {
    const send = vi.fn(() => ok<SendResult>({ bytes: 2, seqs: [0] }))
    const server = endpoint({ peerCount: 1 })
    useAppStore.setState({ peers: { ep1: { p1: { id: 'p1', endpointId: 'ep1', remote: { address: '127.0.0.1', port: 5555, family: 'IPv4' }, since: 1, state: 'open', counters: { bytesIn: 0, bytesOut: 0, chunksIn: 0, chunksOut: 0 } } } } })
    renderWithApi(<Composer ep={server} />, fakeApi({ send }))
    type('hi')
    await act(async () => {
      fireEvent.click(screen.getByTestId('composer-send'))
    })
    expect(send).toHaveBeenLastCalledWith({ endpointId: 'ep1', to: 'all', bytes: new TextEncoder().encode('hi') })
    choose('composer-target', 'peer:p1')
    await act(async () => {
      fireEvent.click(screen.getByTestId('composer-send'))
    })
    expect(send).toHaveBeenLastCalledWith({ endpointId: 'ep1', to: { peerId: 'p1' }, bytes: new TextEncoder().encode('hi') })
  })

  it("asks a UDP socket's address calmly until the user leaves the field empty or tries to send", () => {
    const udp = endpoint({ id: 'u1', kind: 'udp', config: { kind: 'udp', host: '127.0.0.1', port: 0 } })
    useAppStore.getState().upsertEndpoint(udp)
    renderWithApi(<Composer ep={udp} />, fakeApi())
    const port = screen.getByTestId('composer-target-port')
    const note = () => screen.getByTestId('composer-target-error')
    expect(port).toHaveProperty('value', '')
    expect(note().textContent).toBe('Type a port from 1 to 65535 to send to.')
    expect(note().className).not.toMatch(/field-error/)
    expect(port.className).not.toMatch(/invalid/)
    expect(port.getAttribute('aria-invalid')).toBeNull()
    fireEvent.blur(port)
    expect(note().className).toMatch(/field-error/)
    expect(port.className).toMatch(/invalid/)
    expect(port.getAttribute('aria-invalid')).toBe('true')
    fireEvent.change(port, { target: { value: '9000' } })
    expect(screen.queryByTestId('composer-target-error')).toBeNull()
    expect(screen.getByTestId('composer-target-port').className).not.toMatch(/invalid/)
  })

  it('shows a failed send with its hint', async () => {
    const send = () => Promise.resolve({ ok: false, error: { code: 'EPIPE', message: 'the peer is gone', hint: 'connect again' } })
    renderWithApi(<Composer ep={client} />, fakeApi({ send }))
    type('x')
    await act(async () => {
      fireEvent.click(screen.getByTestId('composer-send'))
    })
    expect(screen.getByTestId('error-note').textContent).toMatch(/EPIPE.*the peer is gone.*connect again/)
  })

  it('repeats every N ms for M times and can be stopped', async () => {
    const send = vi.fn(() => ok<SendResult>({ bytes: 1, seqs: [0] }))
    renderWithApi(<Composer ep={client} />, fakeApi({ send }))
    type('x')
    fireEvent.change(screen.getByLabelText('Repeat interval in milliseconds'), { target: { value: '1' } })
    fireEvent.change(screen.getByLabelText('How many times (0 repeats until stopped)'), { target: { value: '3' } })
    await act(async () => {
      fireEvent.click(screen.getByTestId('repeat-start'))
    })
    await waitFor(() => expect(send).toHaveBeenCalledTimes(3))
    await waitFor(() => expect(screen.getByText('Sent 3 times.')).toBeTruthy())
    fireEvent.change(screen.getByLabelText('How many times (0 repeats until stopped)'), { target: { value: '0' } })
    // Plain (synchronous) clicks: an async act() waits for React's queue to drain, and a repeat
    // that never ends keeps refilling it, so on a busy machine it would wait forever.
    fireEvent.click(screen.getByTestId('repeat-start'))
    await waitFor(() => expect(send.mock.calls.length).toBeGreaterThan(5))
    fireEvent.click(screen.getByTestId('repeat-stop'))
    const after = send.mock.calls.length
    await new Promise((r) => setTimeout(r, 30))
    expect(send.mock.calls.length).toBeLessThanOrEqual(after + 1)
  })

  it('a repeat sends one at a time, each allowed to wait for a slow peer, and stops on a peer that does not read, saying so', async () => {
    const NOT_READING = { code: 'EAGAIN', message: 'Peer p1 is not reading: 4194304 bytes wait to be sent to it', hint: 'Nothing was lost: this send was not queued.' }
    let inFlight = 0
    let most = 0
    let calls = 0
    const send = vi.fn(async (_req: { waitMs?: number }) => {
      inFlight++
      most = Math.max(most, inFlight)
      await new Promise((r) => setTimeout(r, 3))
      inFlight--
      return ++calls <= 4 ? { ok: true as const, value: { bytes: 1, seqs: [calls] } } : { ok: false as const, error: NOT_READING }
    })
    renderWithApi(<Composer ep={client} />, fakeApi({ send }))
    type('x')
    fireEvent.change(screen.getByLabelText('Repeat interval in milliseconds'), { target: { value: '0' } })
    fireEvent.change(screen.getByLabelText('How many times (0 repeats until stopped)'), { target: { value: '0' } })
    fireEvent.click(screen.getByTestId('repeat-start'))
    await waitFor(() => expect(screen.getByText('Sent 4 times.')).toBeTruthy())
    expect(send).toHaveBeenCalledTimes(5)
    expect(most).toBe(1)
    expect(send.mock.calls.every(([req]) => (req.waitMs ?? 0) > 0)).toBe(true)
    const note = screen.getByTestId('error-note').textContent
    expect(note).toContain('EAGAIN')
    expect(note).toContain('is not reading: 4194304 bytes wait')
    expect(note).toContain('Nothing was lost')
    expect(screen.getByTestId('repeat-start')).toBeTruthy()
  })

  it('loads a saved payload back into the composer', () => {
    renderWithApi(<Composer ep={client} />, fakeApi())
    type('ping\\n')
    fireEvent.change(screen.getByTestId('save-name'), { target: { value: 'ping' } })
    fireEvent.click(screen.getByTestId('save-payload'))
    type('')
    fireEvent.click(screen.getByRole('button', { name: 'ping' }))
    expect(useWorkspace.getState().composers.c1!.text).toBe('ping\\n')
    expect(hex()).toBe('70 69 6e 67 0a')
  })
})

describe('buildBytes', () => {
  it('frames a JSON header like the lessons do', () => {
    const built = buildBytes({ mode: 'text', text: 'hi', encoding: 'utf-8', lineEnding: 'none', framing: 'json-header', checksum: 'none' })
    expect(built.ok).toBe(true)
    if (built.ok) expect(built.bytes.length).toBeGreaterThan(6)
  })
})

describe('each endpoint has its own composer', () => {
  beforeEach(() => {
    resetStores()
    giveElementsSize()
  })
  afterEach(cleanup)

  const lab = endpoint({ id: 'lab', name: 'file server', config: { kind: 'tcp-server', host: '127.0.0.1', port: 0, framing: 'json-header' } })
  const shell = endpoint({ id: 'shell', name: 'command server', local: { address: '127.0.0.1', port: 40124, family: 'IPv4' } })
  const pick = (name: string) => fireEvent.click(screen.getByText(name))

  it('keeps framing, mode and draft per endpoint: a plain command is sent plain to another server', async () => {
    const send = vi.fn((_req: { endpointId: string; bytes: Uint8Array }) => ok<SendResult>({ bytes: 2, seqs: [0] }))
    renderWithApi(<App />, fakeApi({ send }))
    act(() => {
      feed({ events: [{ type: 'endpoint', endpoint: lab }, { type: 'endpoint', endpoint: shell }], counters: {} })
      useWorkspace.getState().select('lab')
    })
    // A new composer starts framed as its endpoint decodes.
    expect(screen.getByTestId('composer-framing')).toHaveProperty('value', 'json-header')
    choose('composer-mode', 'hex')
    type('01 02')
    pick('command server')
    expect(screen.getByTestId('composer-framing')).toHaveProperty('value', 'raw')
    expect(screen.getByTestId('composer-mode')).toHaveProperty('value', 'escaped')
    expect(screen.getByTestId('composer-text')).toHaveProperty('value', '')
    type('ls')
    await act(async () => {
      fireEvent.click(screen.getByTestId('composer-send'))
    })
    expect(send).toHaveBeenLastCalledWith({ endpointId: 'shell', to: 'all', bytes: new TextEncoder().encode('ls') })
    // Back on the first endpoint, its own draft is there as it was left.
    pick('file server')
    expect(screen.getByTestId('composer-framing')).toHaveProperty('value', 'json-header')
    expect(screen.getByTestId('composer-mode')).toHaveProperty('value', 'hex')
    expect(screen.getByTestId('composer-text')).toHaveProperty('value', '01 02')
  })

  it('keeps file mode to the endpoint it was chosen on', () => {
    renderWithApi(<App />, fakeApi())
    act(() => {
      feed({ events: [{ type: 'endpoint', endpoint: lab }, { type: 'endpoint', endpoint: shell }], counters: {} })
      useWorkspace.getState().select('lab')
    })
    choose('composer-mode', 'file')
    expect(screen.getByTestId('composer-file')).toBeTruthy()
    pick('command server')
    expect(screen.getByTestId('composer-mode')).toHaveProperty('value', 'escaped')
    expect(screen.queryByTestId('composer-file')).toBeNull()
  })
})

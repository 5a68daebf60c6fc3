// The new-endpoint form's socket options: each knob the lessons and the hints name reaches the
// config, bad values are refused as typed, a client connects without a dialog that blocks, and a
// UDP socket's form remembers the last port (kept with the workspace).
import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EndpointConfig, EndpointInfo, WorkspaceDocument } from '../../src/shared/api'
import { workspaceDocument } from '../../src/shared/schemas'
import { EndpointForm } from '../../src/renderer/src/components/endpoints/EndpointForm'
import { i18n } from '../../src/renderer/src/i18n'
import { useAppStore } from '../../src/renderer/src/store/app-store'
import { useFormMemory } from '../../src/renderer/src/store/form-memory'
import { buildDocument, loadWorkspace } from '../../src/renderer/src/store/workspace-sync'
import { useWorkspace } from '../../src/renderer/src/store/workspace-store'
import { endpoint, fakeApi, ok, renderWithApi, resetStores } from './helpers'

const opened = (config: EndpointConfig, over: Partial<EndpointInfo> = {}): EndpointInfo => endpoint({ id: 'n1', kind: config.kind, config, ...over })

describe('socket options in the new-endpoint form', () => {
  beforeEach(() => {
    resetStores()
    useFormMemory.setState({ lastUdpPort: undefined })
  })
  afterEach(cleanup)

  it('a client is created, the dialog closes, and it connects in the background with its options', async () => {
    const openEndpoint = vi.fn((req: { config: EndpointConfig; start?: boolean }) => ok(opened(req.config, { state: 'idle', local: undefined })))
    // The connect never settles here: the dialog must not wait for it.
    const startEndpoint = vi.fn(() => new Promise(() => undefined))
    const onClose = vi.fn()
    renderWithApi(<EndpointForm kind="tcp-client" onClose={onClose} />, fakeApi({ openEndpoint, startEndpoint }))
    fireEvent.change(screen.getByLabelText('Port'), { target: { value: '8090' } })
    const close = screen.getByLabelText('Close when the peer ends') as HTMLInputElement
    expect(close.checked).toBe(true)
    fireEvent.click(close)
    fireEvent.change(screen.getByLabelText('Read size (recv)'), { target: { value: '1024' } })
    fireEvent.change(screen.getByLabelText('Connect timeout (ms)'), { target: { value: '3000' } })
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Create and connect' }))
    })
    expect(openEndpoint).toHaveBeenCalledWith({
      config: { kind: 'tcp-client', host: '127.0.0.1', port: 8090, closeOnPeerEnd: false, recvSize: 1024, connectTimeoutMs: 3000 },
      start: false
    })
    expect(startEndpoint).toHaveBeenCalledWith({ endpointId: 'n1' })
    expect(onClose).toHaveBeenCalled()
    expect(useAppStore.getState().endpoints.n1?.state).toBe('opening')
  })

  it('refuses a read size, backlog or timeout out of range as it is typed', () => {
    renderWithApi(<EndpointForm kind="tcp-server" onClose={() => undefined} />, fakeApi())
    fireEvent.change(screen.getByLabelText('Read size (recv)'), { target: { value: '0' } })
    expect(screen.getByTestId('field-error-recvSize').textContent).toMatch(/1 to 65536/)
    fireEvent.change(screen.getByLabelText('Read size (recv)'), { target: { value: '70000' } })
    expect(screen.getByTestId('field-error-recvSize')).toBeTruthy()
    fireEvent.change(screen.getByLabelText('Read size (recv)'), { target: { value: '1' } })
    expect(screen.queryByTestId('field-error-recvSize')).toBeNull()
    fireEvent.change(screen.getByLabelText('Backlog'), { target: { value: '5x' } })
    expect(screen.getByTestId('field-error-backlog').textContent).toMatch(/1 to 65535/)
  })

  it('a TCP server takes backlog, one client at a time, the read size and IPv6 only; SO_REUSEADDR is shown as always on', async () => {
    const openEndpoint = vi.fn((req: { config: EndpointConfig }) => ok(opened(req.config)))
    renderWithApi(<EndpointForm kind="tcp-server" onClose={() => undefined} />, fakeApi({ openEndpoint }))
    fireEvent.change(screen.getByLabelText('Host'), { target: { value: '::' } })
    fireEvent.change(screen.getByLabelText('Backlog'), { target: { value: '5' } })
    fireEvent.click(screen.getByLabelText('One client at a time'))
    fireEvent.click(screen.getByLabelText('IPv6 only (IPV6_V6ONLY)'))
    fireEvent.change(screen.getByLabelText('Read size (recv)'), { target: { value: '65536' } })
    const reuse = screen.getByLabelText(/Reuse address \(SO_REUSEADDR\): always on/) as HTMLInputElement
    expect(reuse.checked && reuse.disabled).toBe(true)
    expect(screen.getByText(/TIME_WAIT/)).toBeTruthy()
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Create and start' }))
    })
    // 65536 is the default read size: left out of the config.
    expect(openEndpoint).toHaveBeenCalledWith({ config: { kind: 'tcp-server', host: '::', port: 0, backlog: 5, oneAtATime: true, ipv6Only: true } })
  })

  it('a UDP socket takes SO_REUSEADDR and SO_BROADCAST, and the next form offers the port it got unless it is held', async () => {
    const openEndpoint = vi.fn((req: { config: EndpointConfig }) => ok(opened(req.config, { kind: 'udp', local: { address: '127.0.0.1', port: 8081, family: 'IPv4' } })))
    renderWithApi(<EndpointForm kind="udp" onClose={() => undefined} />, fakeApi({ openEndpoint }))
    fireEvent.click(screen.getByLabelText('Reuse address (SO_REUSEADDR)'))
    fireEvent.click(screen.getByLabelText('Broadcast (SO_BROADCAST)'))
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Create and start' }))
    })
    expect(openEndpoint).toHaveBeenCalledWith({ config: { kind: 'udp', host: '127.0.0.1', port: 0, reuseAddress: true, broadcast: true } })
    expect(useFormMemory.getState().lastUdpPort).toBe(8081)
    cleanup()

    // The socket that had it was removed: the next form offers its port again.
    useAppStore.setState({ endpoints: {}, order: [] })
    renderWithApi(<EndpointForm kind="udp" onClose={() => undefined} />, fakeApi())
    expect(screen.getByLabelText('Port')).toHaveProperty('value', '8081')
    cleanup()

    // A running socket holds it: the form does not offer a port that would fail.
    useAppStore.getState().upsertEndpoint(endpoint({ id: 'u1', kind: 'udp', config: { kind: 'udp', host: '127.0.0.1', port: 0 }, local: { address: '127.0.0.1', port: 8081, family: 'IPv4' } }))
    renderWithApi(<EndpointForm kind="udp" onClose={() => undefined} />, fakeApi())
    expect(screen.getByLabelText('Port')).toHaveProperty('value', '0')
  })

  it('a UDP socket takes its receive buffer in bytes or with k or m, and refuses sizes out of range as typed', async () => {
    const openEndpoint = vi.fn((req: { config: EndpointConfig }) => ok(opened(req.config, { kind: 'udp', local: { address: '127.0.0.1', port: 8083, family: 'IPv4' } })))
    renderWithApi(<EndpointForm kind="udp" onClose={() => undefined} />, fakeApi({ openEndpoint }))
    const field = screen.getByLabelText('Receive buffer (SO_RCVBUF)')
    for (const bad of ['512', '8 m', '1g', '300m']) {
      fireEvent.change(field, { target: { value: bad } })
      expect(screen.getByTestId('field-error-recvBuffer').textContent, bad).toMatch(/1024 bytes to 256 MiB/)
    }
    fireEvent.change(field, { target: { value: '8m' } })
    expect(screen.queryByTestId('field-error-recvBuffer')).toBeNull()
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Create and start' }))
    })
    expect(openEndpoint).toHaveBeenCalledWith({ config: { kind: 'udp', host: '127.0.0.1', port: 0, recvBufferSize: 8 * 1024 * 1024 } })
  })

  it('the options are kept with the endpoint in the workspace, as the schema takes them', () => {
    useAppStore.getState().upsertEndpoint(
      endpoint({ id: 's1', config: { kind: 'tcp-server', host: '127.0.0.1', port: 9000, backlog: 5, oneAtATime: true, recvSize: 1024, ipv6Only: false } })
    )
    useAppStore.getState().upsertEndpoint(
      endpoint({ id: 'c1', kind: 'tcp-client', config: { kind: 'tcp-client', host: '127.0.0.1', port: 9000, closeOnPeerEnd: false, connectTimeoutMs: 3000, recvSize: 1 } })
    )
    useAppStore.getState().upsertEndpoint(endpoint({ id: 'u1', kind: 'udp', config: { kind: 'udp', host: '127.0.0.1', port: 0, reuseAddress: true, broadcast: true, recvBufferSize: 65536 } }))
    const doc = buildDocument()
    expect(workspaceDocument.safeParse(doc).success).toBe(true)
    expect(doc.endpoints.map((e) => e.config)).toEqual([
      { kind: 'tcp-server', host: '127.0.0.1', port: 9000, backlog: 5, oneAtATime: true, recvSize: 1024, ipv6Only: false },
      { kind: 'tcp-client', host: '127.0.0.1', port: 9000, closeOnPeerEnd: false, connectTimeoutMs: 3000, recvSize: 1 },
      { kind: 'udp', host: '127.0.0.1', port: 0, reuseAddress: true, broadcast: true, recvBufferSize: 65536 }
    ])
  })

  it('the remembered port is saved with the workspace and read back', async () => {
    useFormMemory.setState({ lastUdpPort: 9999 })
    expect(buildDocument().lastUdpPort).toBe(9999)
    useFormMemory.setState({ lastUdpPort: undefined })
    const doc: WorkspaceDocument = { ...buildDocument(), lastUdpPort: 8082 }
    useWorkspace.setState({ loaded: false })
    await loadWorkspace(fakeApi({ getWorkspace: () => ok({ workspace: doc }), listEndpoints: () => ok([]) }))
    expect(useFormMemory.getState().lastUdpPort).toBe(8082)
  })

  it('every option has its label and one-line help in Chinese too', async () => {
    await act(async () => {
      await i18n.changeLanguage('zh-CN')
    })
    renderWithApi(<EndpointForm kind="tcp-client" onClose={() => undefined} />, fakeApi())
    expect(screen.getByLabelText('对端结束时关闭')).toBeTruthy()
    expect(screen.getByLabelText('连接超时（毫秒）')).toBeTruthy()
    expect(screen.getByText(/CLOSE_WAIT/).textContent).toMatch(/recv 返回 b''/)
    cleanup()
    renderWithApi(<EndpointForm kind="udp" onClose={() => undefined} />, fakeApi())
    expect(screen.getByLabelText('接收缓冲区（SO_RCVBUF）')).toBeTruthy()
    expect(screen.getByText(/net\.core\.rmem_max/).textContent).toMatch(/缓冲区满时到达的数据报会被丢弃/)
  })
})

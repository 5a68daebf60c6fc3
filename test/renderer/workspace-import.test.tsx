import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EndpointConfig, EndpointInfo } from '../../src/shared/api'
import { workspaceDocument } from '../../src/shared/schemas'
import { workspaceFileText } from '../../src/shared/workspace-file'
import { WorkspaceMenu } from '../../src/renderer/src/components/workspace/WorkspaceMenu'
import { Composer } from '../../src/renderer/src/components/composer/Composer'
import { useAppStore } from '../../src/renderer/src/store/app-store'
import { useUi } from '../../src/renderer/src/store/ui-store'
import { buildDocument } from '../../src/renderer/src/store/workspace-sync'
import { DEFAULT_LAYOUT, useWorkspace } from '../../src/renderer/src/store/workspace-store'
import { endpoint, fakeApi, ok, renderWithApi, resetStores } from './helpers'

const PACKETS_JSON = JSON.stringify([
  { name: 'ping', hexstring: '70 69 6E 67 0A', toip: '127.0.0.1', port: '5005', tcporudp: 'UDP', repeat: '3' },
  { name: 'hello', hexstring: '68 69', toip: '::1', port: '9000', tcporudp: 'TCP' },
  { name: 'web', hexstring: '', toip: 'example.com', port: '80', tcporudp: 'HTTP Get' }
])

function pick(testId: string, name: string, text: string): void {
  const file = new File([text], name, { type: 'application/json' })
  fireEvent.change(screen.getByTestId(testId), { target: { files: [file] } })
}

describe('Packet Sender import', () => {
  beforeEach(resetStores)
  afterEach(cleanup)

  it('shows the packets with their targets and what is left out, then adds them as saved payloads', async () => {
    renderWithApi(<WorkspaceMenu />, fakeApi())
    pick('packets-file-input', 'packets.json', PACKETS_JSON)
    const dialog = await screen.findByTestId('import-packets-dialog')
    expect(within(dialog).getByTestId('import-packets-list').textContent).toContain('UDP 127.0.0.1:5005')
    expect(within(dialog).getByTestId('skipped-packets').textContent).toMatch(/web: an HTTP request \(HTTP Get\)/)
    fireEvent.click(within(dialog).getByTestId('import-packets-add'))
    expect(screen.queryByTestId('import-packets-dialog')).toBeNull()
    const saved = useWorkspace.getState().savedPayloads
    expect(saved.map((p) => [p.name, p.mode, p.text, p.target, p.repeatSeconds])).toEqual([
      ['ping', 'hex', '70 69 6e 67 0a', { transport: 'udp', host: '127.0.0.1', port: 5005 }, 3],
      ['hello', 'hex', '68 69', { transport: 'tcp', host: '::1', port: 9000 }, undefined]
    ])
    // What is added is what the workspace file keeps.
    expect(workspaceDocument.safeParse(buildDocument()).success).toBe(true)
    expect(screen.getByTestId('workspace-status').textContent).toBe('2 saved payloads added')
  })

  it('says why a file is not a packet list, and adds nothing', async () => {
    renderWithApi(<WorkspaceMenu />, fakeApi())
    pick('packets-file-input', 'settings.ini', '[General]\ngeometry=1\n')
    const dialog = await screen.findByTestId('import-failed-dialog')
    expect(dialog.textContent).toContain('without Packet Sender’s NAMES list')
    expect(useWorkspace.getState().savedPayloads).toEqual([])
  })

  it('loads a UDP payload with its destination, and keeps the composer a draft', async () => {
    const udp: EndpointInfo = endpoint({ id: 'u1', kind: 'udp', name: 'udp', config: { kind: 'udp', host: '127.0.0.1', port: 0 } })
    useAppStore.getState().upsertEndpoint(udp)
    useWorkspace.getState().savePayload({ name: 'ping', mode: 'hex', text: '70 69', encoding: 'utf-8', lineEnding: 'none', framing: 'raw', checksum: 'none', target: { transport: 'udp', host: '127.0.0.2', port: 5005 } })
    renderWithApi(<Composer ep={udp} />, fakeApi())
    fireEvent.click(screen.getByRole('button', { name: 'ping' }))
    expect(useUi.getState().targets.u1).toEqual({ kind: 'address', host: '127.0.0.2', port: '5005' })
    expect(useWorkspace.getState().composers.u1).toEqual({ mode: 'hex', text: '70 69', encoding: 'utf-8', lineEnding: 'none', framing: 'raw', checksum: 'none', macros: false })
    expect(workspaceDocument.safeParse(buildDocument()).success).toBe(true)
  })
})

describe('workspace import', () => {
  beforeEach(resetStores)
  afterEach(cleanup)

  const current = endpoint({ id: 'old1', name: 'old server' })
  const file = workspaceFileText({
    version: 1,
    endpoints: [
      { id: 'a', config: { kind: 'tcp-server', name: 'lab server', host: '127.0.0.1', port: 0 } },
      { id: 'b', config: { kind: 'tcp-server', name: 'bad', host: '127.0.0.1', port: 99999 } } as never,
      { id: 'c', config: { kind: 'tcp-client', name: 'lab client', host: '127.0.0.1', port: 7 } }
    ],
    savedPayloads: [],
    history: [],
    layout: DEFAULT_LAYOUT
  })

  function apiWith(calls: string[]) {
    let n = 0
    return fakeApi({
      removeEndpoint: vi.fn(({ endpointId }: { endpointId: string }) => {
        calls.push(`remove ${endpointId}`)
        return ok({ removed: true })
      }),
      openEndpoint: vi.fn(({ config }: { config: EndpointConfig }) => {
        calls.push(`open ${config.name}`)
        return ok(endpoint({ id: `n${++n}`, name: config.name ?? '', kind: config.kind, config, state: 'idle' }))
      }),
      startEndpoint: vi.fn(({ endpointId }: { endpointId: string }) => {
        calls.push(`start ${endpointId}`)
        return ok(endpoint({ id: endpointId, name: 'lab server' }))
      })
    })
  }

  it('lists what it cannot take and changes nothing until Replace', async () => {
    useAppStore.getState().upsertEndpoint(current)
    const calls: string[] = []
    renderWithApi(<WorkspaceMenu />, apiWith(calls))
    pick('workspace-file-input', 'class.json', file)
    const dialog = await screen.findByTestId('import-workspace-dialog')
    expect(dialog.textContent).toContain('In the file: endpoints 2, saved payloads 0')
    expect(within(dialog).getByTestId('not-taken').textContent).toMatch(/Endpoint 2 “bad”: not valid: config.port/)
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(calls).toEqual([])

    pick('workspace-file-input', 'class.json', file)
    fireEvent.click(await screen.findByTestId('import-workspace-replace'))
    await waitFor(() => expect(screen.queryByTestId('import-workspace-dialog')).toBeNull())
    // The server starts; the client is made but not connected.
    expect(calls).toEqual(['remove old1', 'open lab server', 'start n1', 'open lab client'])
  })

  it('says when the file is from a newer version', async () => {
    renderWithApi(<WorkspaceMenu />, fakeApi())
    pick('workspace-file-input', 'new.json', JSON.stringify({ kind: 'socket-lab-workspace', version: 9, workspace: {} }))
    expect((await screen.findByTestId('import-failed-dialog')).textContent).toContain('newer Socket Lab')
  })

  it('exports the workspace as a file the import reads back', async () => {
    useAppStore.getState().upsertEndpoint(current)
    const created: Blob[] = []
    URL.createObjectURL = vi.fn((b: Blob) => (created.push(b), 'blob:x'))
    URL.revokeObjectURL = vi.fn()
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)
    renderWithApi(<WorkspaceMenu />, fakeApi())
    fireEvent.click(screen.getByTestId('workspace-menu'))
    await act(async () => fireEvent.click(screen.getByRole('menuitem', { name: 'Export workspace…' })))
    expect(click).toHaveBeenCalledOnce()
    const text = await created[0]!.text()
    expect(JSON.parse(text)).toMatchObject({ kind: 'socket-lab-workspace', version: 1, workspace: { endpoints: [{ id: 'old1' }] } })
    click.mockRestore()
  })
})

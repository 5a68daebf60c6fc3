import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EndpointConfig } from '../../src/shared/api'
import { EndpointForm } from '../../src/renderer/src/components/endpoints/EndpointForm'
import { defaultValues, toConfig, validate } from '../../src/renderer/src/components/endpoints/form-model'
import { useAppStore } from '../../src/renderer/src/store/app-store'
import { useWorkspace } from '../../src/renderer/src/store/workspace-store'
import { endpoint, fakeApi, ok, renderWithApi, resetStores } from './helpers'

describe('new endpoint form', () => {
  beforeEach(resetStores)
  afterEach(cleanup)

  it('starts a TCP server from defaults that work: 127.0.0.1 and port 0', async () => {
    const openEndpoint = vi.fn((req: { config: EndpointConfig }) => ok(endpoint({ config: req.config })))
    const onClose = vi.fn()
    renderWithApi(<EndpointForm kind="tcp-server" onClose={onClose} />, fakeApi({ openEndpoint }))
    expect(screen.getByLabelText('Host')).toHaveProperty('value', '127.0.0.1')
    expect(screen.getByLabelText('Port')).toHaveProperty('value', '0')
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Create and start' }))
    })
    expect(openEndpoint).toHaveBeenCalledWith({ config: { kind: 'tcp-server', host: '127.0.0.1', port: 0 } })
    expect(onClose).toHaveBeenCalled()
    expect(useWorkspace.getState().selectedEndpointId).toBe('ep1')
    expect(useAppStore.getState().order).toEqual(['ep1'])
  })

  it('checks the port as the user types', () => {
    renderWithApi(<EndpointForm kind="tcp-server" onClose={() => undefined} />, fakeApi())
    const port = screen.getByLabelText('Port')
    const submit = screen.getByRole('button', { name: 'Create and start' })
    fireEvent.change(port, { target: { value: '70000' } })
    expect(screen.getByTestId('field-error-port').textContent).toMatch(/0 to 65535/)
    expect(submit).toHaveProperty('disabled', true)
    expect(port.getAttribute('aria-invalid')).toBe('true')
    fireEvent.change(port, { target: { value: '80a' } })
    expect(screen.getByTestId('field-error-port').textContent).toMatch(/whole number/)
    fireEvent.change(port, { target: { value: '8080' } })
    expect(screen.queryByTestId('field-error-port')).toBeNull()
    expect(submit).toHaveProperty('disabled', false)
  })

  it('checks host syntax and the framing spec', () => {
    renderWithApi(<EndpointForm kind="udp" onClose={() => undefined} />, fakeApi())
    fireEvent.change(screen.getByLabelText('Host'), { target: { value: 'bad host!' } })
    expect(screen.getByTestId('field-error-host').textContent).toMatch(/not an IP address or a host name/)
    fireEvent.change(screen.getByLabelText('Host'), { target: { value: '::1' } })
    expect(screen.queryByTestId('field-error-host')).toBeNull()
    fireEvent.change(screen.getByLabelText('Framing'), { target: { value: 'len:3' } })
    expect(screen.getByTestId('field-error-framing').textContent).toMatch(/len:3/)
  })

  it('fills a client with the newest server and refuses port 0 for it', () => {
    useAppStore.getState().upsertEndpoint(endpoint({ config: { kind: 'tcp-server', host: '127.0.0.1', port: 0, framing: 'line' } }))
    renderWithApi(<EndpointForm kind="tcp-client" onClose={() => undefined} />, fakeApi())
    expect(screen.getByLabelText('Port')).toHaveProperty('value', '40123')
    expect(screen.getByLabelText('Framing')).toHaveProperty('value', 'line')
    fireEvent.change(screen.getByLabelText('Port'), { target: { value: '0' } })
    expect(screen.getByTestId('field-error-port').textContent).toMatch(/1 to 65535/)
  })

  it('asks a Unix server for a path and never accepts an empty one', () => {
    renderWithApi(<EndpointForm kind="unix-server" onClose={() => undefined} />, fakeApi())
    const path = screen.getByLabelText('Socket path')
    expect((path as HTMLInputElement).value).toBe('/tmp/socket-lab-1.sock')
    fireEvent.change(path, { target: { value: '' } })
    expect(screen.getByTestId('field-error-path').textContent).toMatch(/file path/)
  })

  it('keeps a failure in the dialog with its hint', async () => {
    const openEndpoint = () => Promise.resolve({ ok: false, error: { code: 'EADDRINUSE', message: 'port 8080 is taken', hint: 'pick another port or use 0' } })
    const onClose = vi.fn()
    renderWithApi(<EndpointForm kind="tcp-server" onClose={onClose} />, fakeApi({ openEndpoint }))
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Create and start' }))
    })
    expect(screen.getByTestId('error-note').textContent).toMatch(/EADDRINUSE.*port 8080 is taken.*pick another port/)
    expect(onClose).not.toHaveBeenCalled()
  })

  it('closes on Escape', () => {
    const onClose = vi.fn()
    renderWithApi(<EndpointForm kind="tcp-server" onClose={onClose} />, fakeApi())
    fireEvent.keyDown(screen.getByLabelText('Host'), { key: 'Escape' })
    expect(onClose).toHaveBeenCalled()
  })
})

describe('form model', () => {
  it('makes the config the engine expects, leaving defaults out', () => {
    const v = { ...defaultValues('tcp-client', []), port: '9000', noDelay: true, framing: 'len:4', name: ' lab ' }
    expect(validate(v)).toEqual({})
    expect(toConfig(v)).toEqual({ kind: 'tcp-client', host: '127.0.0.1', port: 9000, name: 'lab', framing: 'len:4', noDelay: true })
    expect(toConfig({ ...defaultValues('udp', []), autoReply: 'echo' })).toEqual({ kind: 'udp', host: '127.0.0.1', port: 0, autoReply: { mode: 'echo' } })
  })
})

import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { useState } from 'react'
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

  it('starts a server whose fixed reply fills in macros', async () => {
    const openEndpoint = vi.fn((req: { config: EndpointConfig }) => ok(endpoint({ config: req.config })))
    renderWithApi(<EndpointForm kind="tcp-server" onClose={() => undefined} />, fakeApi({ openEndpoint }))
    fireEvent.change(screen.getByTestId('form-responder'), { target: { value: 'fixed' } })
    fireEvent.change(screen.getByLabelText('Fixed reply (hex)'), { target: { value: '06 {counter} {crc16}' } })
    fireEvent.click(screen.getByTestId('fixed-macros'))
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Create and start' }))
    })
    expect(openEndpoint).toHaveBeenCalledWith({
      config: { kind: 'tcp-server', host: '127.0.0.1', port: 0, responder: { kind: 'fixed', reply: { format: 'hex', text: '06 {counter} {crc16}', macros: true } } }
    })
  })

  it('checks the port once the user leaves it, then as they fix it', () => {
    renderWithApi(<EndpointForm kind="tcp-server" onClose={() => undefined} />, fakeApi())
    const port = screen.getByLabelText('Port')
    fireEvent.change(port, { target: { value: '70000' } })
    // Still typing: nothing is red yet.
    expect(screen.queryByTestId('field-error-port')).toBeNull()
    fireEvent.blur(port)
    expect(screen.getByTestId('field-error-port').textContent).toMatch(/0 to 65535/)
    expect(port.getAttribute('aria-invalid')).toBe('true')
    expect(port.closest('.field')!.className).toMatch(/invalid/)
    fireEvent.change(port, { target: { value: '80a' } })
    expect(screen.getByTestId('field-error-port').textContent).toMatch(/whole number/)
    fireEvent.change(port, { target: { value: '8080' } })
    expect(screen.queryByTestId('field-error-port')).toBeNull()
    expect(port.getAttribute('aria-invalid')).toBeNull()
  })

  it('shows no error on a field nobody touched: an empty client port is not red until Create', async () => {
    const openEndpoint = vi.fn()
    renderWithApi(<EndpointForm kind="tcp-client" onClose={() => undefined} />, fakeApi({ openEndpoint }))
    const port = screen.getByLabelText('Port')
    expect(port).toHaveProperty('value', '')
    expect(screen.queryByTestId('field-error-port')).toBeNull()
    expect(port.getAttribute('aria-invalid')).toBeNull()
    expect(port.closest('.field')!.className).not.toMatch(/invalid/)
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Create and connect' }))
    })
    // Create says what is missing and takes the user there; nothing was sent.
    expect(screen.getByTestId('field-error-port').textContent).toMatch(/Type the port/)
    expect(document.activeElement).toBe(port)
    expect(openEndpoint).not.toHaveBeenCalled()
  })

  it('checks host syntax and the framing spec', () => {
    renderWithApi(<EndpointForm kind="udp" onClose={() => undefined} />, fakeApi())
    const host = screen.getByLabelText('Host')
    fireEvent.change(host, { target: { value: 'bad host!' } })
    fireEvent.blur(host)
    expect(screen.getByTestId('field-error-host').textContent).toMatch(/not an IP address or a host name/)
    fireEvent.change(host, { target: { value: '::1' } })
    expect(screen.queryByTestId('field-error-host')).toBeNull()
    fireEvent.change(screen.getByLabelText('Framing'), { target: { value: 'len:3' } })
    fireEvent.blur(screen.getByLabelText('Framing'))
    expect(screen.getByTestId('field-error-framing').textContent).toMatch(/len:3/)
  })

  it('fills a client with the newest server and refuses port 0 for it', () => {
    useAppStore.getState().upsertEndpoint(endpoint({ config: { kind: 'tcp-server', host: '127.0.0.1', port: 0, framing: 'line' } }))
    renderWithApi(<EndpointForm kind="tcp-client" onClose={() => undefined} />, fakeApi())
    expect(screen.getByLabelText('Port')).toHaveProperty('value', '40123')
    expect(screen.getByLabelText('Framing')).toHaveProperty('value', 'line')
    fireEvent.change(screen.getByLabelText('Port'), { target: { value: '0' } })
    fireEvent.blur(screen.getByLabelText('Port'))
    expect(screen.getByTestId('field-error-port').textContent).toMatch(/1 to 65535/)
  })

  it('asks a Unix server for a path and never accepts an empty one', async () => {
    const openEndpoint = vi.fn()
    renderWithApi(<EndpointForm kind="unix-server" onClose={() => undefined} />, fakeApi({ openEndpoint }))
    const path = screen.getByLabelText('Socket path')
    expect((path as HTMLInputElement).value).toBe('/tmp/socket-lab-1.sock')
    fireEvent.change(path, { target: { value: '' } })
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Create and start' }))
    })
    expect(screen.getByTestId('field-error-path').textContent).toMatch(/file path/)
    expect(openEndpoint).not.toHaveBeenCalled()
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

  it('closes on Escape after a failed Create, with the focus fallen to the page, and gives the focus back', async () => {
    const openEndpoint = () => Promise.resolve({ ok: false, error: { code: 'EADDRINUSE', message: 'port 8080 is taken', hint: 'pick another port' } })
    function Opener(): React.JSX.Element {
      const [open, setOpen] = useState(false)
      return (
        <>
          <button type="button" onClick={() => setOpen(true)}>
            New
          </button>
          {open && <EndpointForm kind="tcp-server" onClose={() => setOpen(false)} />}
        </>
      )
    }
    renderWithApi(<Opener />, fakeApi({ openEndpoint }))
    const opener = screen.getByRole('button', { name: 'New' })
    opener.focus()
    fireEvent.click(opener)
    const submit = screen.getByTestId('endpoint-form-submit')
    submit.focus()
    await act(async () => {
      fireEvent.click(submit)
    })
    expect(screen.getByTestId('error-note').textContent).toMatch(/EADDRINUSE/)
    // The button the user pressed keeps the focus: it is never disabled under it.
    expect(submit).toHaveProperty('disabled', false)
    // Wherever the focus went (a browser drops it to the page), Escape still closes the dialog.
    submit.blur()
    expect(document.activeElement).toBe(document.body)
    fireEvent.keyDown(document.body, { key: 'Escape' })
    expect(screen.queryByTestId('endpoint-form')).toBeNull()
    expect(document.activeElement).toBe(opener)
  })

  it('keeps Tab inside the dialog', () => {
    renderWithApi(<EndpointForm kind="tcp-server" onClose={() => undefined} />, fakeApi())
    const submit = screen.getByTestId('endpoint-form-submit')
    submit.focus()
    fireEvent.keyDown(submit, { key: 'Tab' })
    expect(document.activeElement).toBe(screen.getByLabelText('Host'))
    fireEvent.keyDown(screen.getByLabelText('Host'), { key: 'Tab', shiftKey: true })
    expect(document.activeElement).toBe(submit)
  })
})

describe('form model', () => {
  it('makes the config the engine expects, leaving defaults out', () => {
    const v = { ...defaultValues('tcp-client', []), port: '9000', noDelay: true, framing: 'len:4', name: ' lab ' }
    expect(validate(v)).toEqual({})
    expect(toConfig(v)).toEqual({ kind: 'tcp-client', host: '127.0.0.1', port: 9000, name: 'lab', framing: 'len:4', noDelay: true })
    expect(toConfig({ ...defaultValues('udp', []), responder: 'time' })).toEqual({ kind: 'udp', host: '127.0.0.1', port: 0, responder: { kind: 'time' } })
  })

  it('a fixed reply may fill in macros: hex with {counter} and {crc16}, checked as a template', () => {
    const fixed = { ...defaultValues('tcp-server', []), responder: 'fixed' as const, fixedMacros: true }
    expect(validate({ ...fixed, fixedReply: '01 {counter} {crc16}' })).toEqual({})
    expect(toConfig({ ...fixed, fixedReply: '01 {counter} {crc16}' })).toMatchObject({ responder: { kind: 'fixed', reply: { format: 'hex', text: '01 {counter} {crc16}', macros: true } } })
    const bad = validate({ ...fixed, fixedReply: '01 {nope}' }).fixedReply
    expect(bad?.key).toBe('responder.errors.fixedHex')
    expect(bad?.detail).toMatch(/unknown macro \{nope\} at position 3/)
    // Without macros the braces are not hex.
    expect(validate({ ...fixed, fixedMacros: false, fixedReply: '01 {counter}' }).fixedReply?.key).toBe('responder.errors.fixedHex')
    expect(toConfig({ ...fixed, fixedMacros: false, fixedReply: '68 69' })).toMatchObject({ responder: { reply: { format: 'hex', text: '68 69' } } })
    expect(toConfig({ ...fixed, fixedMacros: false, fixedReply: '68 69' })).not.toHaveProperty('responder.reply.macros')
  })

  it('asks a fixed reply for hex, and a file server for a framing it reads', () => {
    const fixed = { ...defaultValues('tcp-server', []), responder: 'fixed' as const }
    expect(validate(fixed).fixedReply?.key).toBe('responder.errors.fixedEmpty')
    expect(validate({ ...fixed, fixedReply: 'zz' }).fixedReply?.key).toBe('responder.errors.fixedHex')
    expect(validate({ ...fixed, fixedReply: '68 69' })).toEqual({})
    expect(toConfig({ ...fixed, fixedReply: '68 69' })).toMatchObject({ responder: { kind: 'fixed', reply: { format: 'hex', text: '68 69' } } })
    const files = { ...defaultValues('tcp-server', []), responder: 'file-server' as const }
    expect(validate({ ...files, framing: 'line' }).framing?.key).toBe('responder.errors.fileServerFraming')
    expect(validate({ ...files, framing: 'json-header' })).toEqual({})
    // A client answers nothing by itself, whatever the form held.
    expect(toConfig({ ...defaultValues('tcp-client', []), port: '9', responder: 'echo' })).not.toHaveProperty('responder')
  })
})

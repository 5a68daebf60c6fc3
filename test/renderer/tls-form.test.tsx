// The new-endpoint form for TLS: a server's certificate and key read from files as PEM text, a
// client's checks and ALPN, all sent in the config.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EndpointConfig } from '../../src/shared/api'
import { endpointConfig } from '../../src/shared/schemas'
import { EndpointForm } from '../../src/renderer/src/components/endpoints/EndpointForm'
import { endpoint, fakeApi, ok, renderWithApi, resetStores } from './helpers'

const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'
const KEY = '-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----\n'

describe('the TLS endpoint form', () => {
  beforeEach(resetStores)
  afterEach(cleanup)

  it('sends a server the certificate and key read from the chosen files, as text', async () => {
    const openEndpoint = vi.fn((req: { config: EndpointConfig }) => ok(endpoint({ config: req.config })))
    renderWithApi(<EndpointForm kind="tls-server" onClose={() => undefined} />, fakeApi({ openEndpoint }))
    fireEvent.change(screen.getByLabelText('Certificate (PEM file)'), { target: { files: [new File([CERT], 'cert.pem')] } })
    fireEvent.change(screen.getByLabelText('Private key (PEM file)'), { target: { files: [new File([KEY], 'key.pem')] } })
    await waitFor(() => expect(screen.getAllByText('Loaded.')).toHaveLength(2))
    fireEvent.change(screen.getByLabelText('ALPN protocols, comma-separated'), { target: { value: 'h2, http/1.1' } })
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Create and start' }))
    })
    expect(openEndpoint).toHaveBeenCalledWith({ config: { kind: 'tls-server', host: '127.0.0.1', port: 0, cert: CERT, key: KEY, alpn: ['h2', 'http/1.1'] } })
  })

  it('asks for a self-signed certificate when none is chosen', async () => {
    const openEndpoint = vi.fn((req: { config: EndpointConfig }) => ok(endpoint({ config: req.config })))
    renderWithApi(<EndpointForm kind="tls-server" onClose={() => undefined} />, fakeApi({ openEndpoint }))
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Create and start' }))
    })
    expect(openEndpoint).toHaveBeenCalledWith({ config: { kind: 'tls-server', host: '127.0.0.1', port: 0, selfSigned: true } })
  })

  it('sends a client its server name and insecure flag', async () => {
    const openEndpoint = vi.fn((req: { config: EndpointConfig }) => ok(endpoint({ config: req.config })))
    renderWithApi(<EndpointForm kind="tls-client" onClose={() => undefined} />, fakeApi({ openEndpoint }))
    fireEvent.change(screen.getByLabelText('Port'), { target: { value: '8443' } })
    fireEvent.change(screen.getByLabelText('Server name (SNI, checked against the certificate)'), { target: { value: 'localhost' } })
    fireEvent.click(screen.getByTestId('tls-insecure'))
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Create and connect' }))
    })
    expect(openEndpoint).toHaveBeenCalledWith({ config: { kind: 'tls-client', host: '127.0.0.1', port: 8443, insecure: true, servername: 'localhost' }, start: false })
  })

  it('sends a client its own certificate and key for a server that asks for one', async () => {
    const openEndpoint = vi.fn((req: { config: EndpointConfig }) => ok(endpoint({ config: req.config })))
    renderWithApi(<EndpointForm kind="tls-client" onClose={() => undefined} />, fakeApi({ openEndpoint }))
    fireEvent.change(screen.getByLabelText('Port'), { target: { value: '8443' } })
    fireEvent.change(screen.getByLabelText('Client certificate (PEM file, optional)'), { target: { files: [new File([CERT], 'client.pem')] } })
    fireEvent.change(screen.getByLabelText('Client private key (PEM file)'), { target: { files: [new File([KEY], 'client.key')] } })
    await waitFor(() => expect(screen.getAllByText('Loaded.')).toHaveLength(2))
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Create and connect' }))
    })
    expect(openEndpoint).toHaveBeenCalledWith({ config: { kind: 'tls-client', host: '127.0.0.1', port: 8443, cert: CERT, key: KEY }, start: false })
  })

  it('has a server ask its clients for certificates checked against the chosen CA', async () => {
    const openEndpoint = vi.fn((req: { config: EndpointConfig }) => ok(endpoint({ config: req.config })))
    renderWithApi(<EndpointForm kind="tls-server" onClose={() => undefined} />, fakeApi({ openEndpoint }))
    expect(screen.queryByLabelText('Trusted CA for client certificates (PEM file)')).toBeNull()
    fireEvent.click(screen.getByTestId('tls-request-cert'))
    fireEvent.change(screen.getByLabelText('Trusted CA for client certificates (PEM file)'), { target: { files: [new File([CERT], 'ca.pem')] } })
    await waitFor(() => expect(screen.getAllByText('Loaded.')).toHaveLength(1))
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Create and start' }))
    })
    expect(openEndpoint).toHaveBeenCalledWith({ config: { kind: 'tls-server', host: '127.0.0.1', port: 0, selfSigned: true, requestCert: true, ca: CERT } })
  })

  it('passes a certificate without its key as it is, so the check says the key is missing', async () => {
    const openEndpoint = vi.fn((req: { config: EndpointConfig }) => {
      const checked = endpointConfig.safeParse(req.config)
      return checked.success ? ok(endpoint({ config: req.config })) : Promise.resolve({ ok: false as const, error: { code: 'EINVAL', message: checked.error.issues[0]!.message, hint: 'Choose both files.' } })
    })
    renderWithApi(<EndpointForm kind="tls-server" onClose={() => undefined} />, fakeApi({ openEndpoint }))
    fireEvent.change(screen.getByLabelText('Certificate (PEM file)'), { target: { files: [new File([CERT], 'cert.pem')] } })
    await waitFor(() => expect(screen.getAllByText('Loaded.')).toHaveLength(1))
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Create and start' }))
    })
    expect(openEndpoint.mock.calls[0]![0].config).toEqual({ kind: 'tls-server', host: '127.0.0.1', port: 0, cert: CERT })
    expect(await screen.findByText(/needs a certificate and its key/)).toBeTruthy()
  })
})

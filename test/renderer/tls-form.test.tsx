// The new-endpoint form for TLS: a server's certificate and key read from files as PEM text, a
// client's checks and ALPN, all sent in the config.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EndpointConfig } from '../../src/shared/api'
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
})

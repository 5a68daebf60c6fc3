// The new-endpoint form for relays: the upstream and the faults typed, checked, and sent in the
// config; a bad field keeps the relay from being opened and says why.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EndpointConfig } from '../../src/shared/api'
import { endpointConfig, workspaceDocument, type StreamUpstream } from '../../src/shared/schemas'
import { EndpointForm } from '../../src/renderer/src/components/endpoints/EndpointForm'
import { EndpointHeader } from '../../src/renderer/src/components/endpoints/EndpointHeader'
import { RelayFaultsEditor } from '../../src/renderer/src/components/endpoints/RelayFaultsEditor'
import { RELAY_FORM_DEFAULTS, relayConfigOf, relayErrors, relayUpstreamOf, relayUpstreamValues } from '../../src/renderer/src/components/endpoints/relay-form'
import { i18n } from '../../src/renderer/src/i18n'
import { endpoint, fakeApi, ok, renderWithApi, resetStores } from './helpers'

describe('the relay endpoint form', () => {
  beforeEach(resetStores)
  afterEach(cleanup)

  it('sends a TCP relay its upstream and stream faults, the delay range split in two', async () => {
    const openEndpoint = vi.fn((req: { config: EndpointConfig }) => ok(endpoint({ config: req.config })))
    renderWithApi(<EndpointForm kind="tcp-relay" onClose={() => undefined} />, fakeApi({ openEndpoint }))
    fireEvent.change(screen.getByLabelText('Upstream port'), { target: { value: '8000' } })
    fireEvent.change(screen.getByLabelText('Split into pieces of (bytes)'), { target: { value: '3' } })
    fireEvent.change(screen.getByLabelText('Delay (ms)'), { target: { value: '20-80' } })
    fireEvent.change(screen.getByLabelText('Reset on text'), { target: { value: 'QUIT' } })
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Create and start' }))
    })
    expect(openEndpoint).toHaveBeenCalledWith({
      config: { kind: 'tcp-relay', host: '127.0.0.1', port: 0, upstream: { host: '127.0.0.1', port: 8000 }, faults: { chunk: 3, resetOn: 'QUIT', delayMs: 20, delayMaxMs: 80 } }
    })
    expect(screen.queryByLabelText('Drop rate')).toBeNull()
  })

  it('sends a UDP relay its datagram faults, a percentage as a rate', async () => {
    const openEndpoint = vi.fn((req: { config: EndpointConfig }) => ok(endpoint({ config: req.config })))
    renderWithApi(<EndpointForm kind="udp-relay" onClose={() => undefined} />, fakeApi({ openEndpoint }))
    fireEvent.change(screen.getByLabelText('Upstream port'), { target: { value: '5353' } })
    fireEvent.change(screen.getByLabelText('Drop rate'), { target: { value: '10%' } })
    fireEvent.change(screen.getByLabelText('Random seed'), { target: { value: '7' } })
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Create and start' }))
    })
    expect(openEndpoint).toHaveBeenCalledWith({ config: { kind: 'udp-relay', host: '127.0.0.1', port: 0, upstream: { host: '127.0.0.1', port: 5353 }, faults: { drop: 0.1, seed: 7 } } })
    expect(screen.queryByLabelText('Split into pieces of (bytes)')).toBeNull()
  })

  it('opens nothing while a field is wrong, and says what is wrong with it', async () => {
    const openEndpoint = vi.fn((req: { config: EndpointConfig }) => ok(endpoint({ config: req.config })))
    renderWithApi(<EndpointForm kind="tcp-relay" onClose={() => undefined} />, fakeApi({ openEndpoint }))
    fireEvent.change(screen.getByLabelText('Split into pieces of (bytes)'), { target: { value: '3' } })
    fireEvent.change(screen.getByLabelText('Join writes within (ms)'), { target: { value: '50' } })
    fireEvent.change(screen.getByLabelText('Delay (ms)'), { target: { value: '80-20' } })
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Create and start' }))
    })
    expect(openEndpoint).not.toHaveBeenCalled()
    expect(screen.getByText('The upstream port is a number from 1 to 65535.')).toBeTruthy()
    expect(screen.getByText('Split writes or join them, not both: empty one of the two.')).toBeTruthy()
    expect(screen.getByText('Milliseconds such as 50, or a range such as 20-80.')).toBeTruthy()
  })

  it('changes a running relay\'s faults, opening on those it runs with', async () => {
    const config: EndpointConfig = { kind: 'tcp-relay', host: '127.0.0.1', port: 0, upstream: { host: '127.0.0.1', port: 8000 }, faults: { delayMs: 20, delayMaxMs: 80 } }
    const updateEndpoint = vi.fn((req: { endpointId: string; faults?: unknown }) => ok(endpoint({ kind: 'tcp-relay', config: { ...config, faults: req.faults as { chunk: number } } })))
    renderWithApi(<RelayFaultsEditor ep={endpoint({ kind: 'tcp-relay', config })} />, fakeApi({ updateEndpoint }))
    expect((screen.getByTestId('relay-live-delay') as HTMLInputElement).value).toBe('20-80')
    expect((screen.getByTestId('relay-live-apply') as HTMLButtonElement).disabled).toBe(true)
    fireEvent.change(screen.getByTestId('relay-live-delay'), { target: { value: '' } })
    fireEvent.change(screen.getByTestId('relay-live-chunk'), { target: { value: '0' } })
    // 0 is no piece size: nothing can be applied until it is fixed.
    expect((screen.getByTestId('relay-live-apply') as HTMLButtonElement).disabled).toBe(true)
    fireEvent.change(screen.getByTestId('relay-live-chunk'), { target: { value: '3' } })
    await act(async () => {
      fireEvent.click(screen.getByTestId('relay-live-apply'))
    })
    expect(updateEndpoint).toHaveBeenCalledWith({ endpointId: 'ep1', faults: { chunk: 3 } })
  })

  it('reaches a Unix socket upstream by its path, with no host or port asked', async () => {
    const openEndpoint = vi.fn((req: { config: EndpointConfig }) => ok(endpoint({ config: req.config })))
    renderWithApi(<EndpointForm kind="tcp-relay" onClose={() => undefined} />, fakeApi({ openEndpoint }))
    fireEvent.change(screen.getByLabelText('The upstream speaks'), { target: { value: 'unix' } })
    expect(screen.queryByLabelText('Upstream port')).toBeNull()
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Create and start' }))
    })
    // An empty path is refused before anything is opened.
    expect(openEndpoint).not.toHaveBeenCalled()
    expect(screen.getByText('Type the upstream socket’s path, such as /tmp/upstream.sock.')).toBeTruthy()
    fireEvent.change(screen.getByLabelText('Upstream socket path'), { target: { value: '/tmp/up stream.sock' } })
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Create and start' }))
    })
    expect(openEndpoint).toHaveBeenCalledWith({ config: { kind: 'tcp-relay', host: '127.0.0.1', port: 0, upstream: { path: '/tmp/up stream.sock' } } })
  })

  it('reaches a TLS upstream with its CA, server name and ALPN, and warns while checks are off', async () => {
    const CA = '-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----\n'
    const openEndpoint = vi.fn((req: { config: EndpointConfig }) => ok(endpoint({ config: req.config })))
    renderWithApi(<EndpointForm kind="tcp-relay" onClose={() => undefined} />, fakeApi({ openEndpoint }))
    fireEvent.change(screen.getByLabelText('The upstream speaks'), { target: { value: 'tls' } })
    fireEvent.change(screen.getByLabelText('Upstream host'), { target: { value: 'localhost' } })
    fireEvent.change(screen.getByLabelText('Upstream port'), { target: { value: '8443' } })
    fireEvent.change(screen.getByLabelText('Trusted CA for the upstream (PEM file)'), { target: { files: [new File([CA], 'ca.pem')] } })
    await waitFor(() => expect(screen.getByText('Loaded.')).toBeTruthy())
    fireEvent.change(screen.getByLabelText('Server name (SNI, checked against the certificate)'), { target: { value: 'bad name!' } })
    expect(screen.getByText('A host name such as localhost or example.com (or leave it empty).')).toBeTruthy()
    fireEvent.change(screen.getByLabelText('Server name (SNI, checked against the certificate)'), { target: { value: 'example.test' } })
    fireEvent.change(screen.getByLabelText('ALPN protocols, comma-separated'), { target: { value: 'h2, http/1.1' } })
    expect(screen.queryByTestId('relay-tls-insecure-warning')).toBeNull()
    fireEvent.click(screen.getByTestId('relay-tls-insecure'))
    expect(screen.getByTestId('relay-tls-insecure-warning').textContent).toContain('Certificate checks are off')
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Create and start' }))
    })
    const config = { kind: 'tcp-relay', host: '127.0.0.1', port: 0, upstream: { host: 'localhost', port: 8443, tls: { insecure: true, servername: 'example.test', ca: CA, alpn: ['h2', 'http/1.1'] } } }
    expect(openEndpoint).toHaveBeenCalledWith({ config })
    expect(endpointConfig.safeParse(config).success).toBe(true)
  })

  it('offers a UDP relay no choice of upstream: a UDP host and port', () => {
    renderWithApi(<EndpointForm kind="udp-relay" onClose={() => undefined} />, fakeApi())
    expect(screen.queryByLabelText('The upstream speaks')).toBeNull()
    expect(screen.queryByTestId('relay-tls')).toBeNull()
    // A TLS or Unix choice left in the values does not leak into a UDP relay's config.
    const config = relayConfigOf('udp-relay', { host: '127.0.0.1', port: 0 }, { ...RELAY_FORM_DEFAULTS, upstreamKind: 'unix', upstreamPath: '/tmp/x', upstreamPort: '53' })
    expect(config).toEqual({ kind: 'udp-relay', host: '127.0.0.1', port: 0, upstream: { host: '127.0.0.1', port: 53 } })
    expect(relayErrors({ ...RELAY_FORM_DEFAULTS, upstreamKind: 'unix', upstreamPort: '53' }, true)).toEqual({})
  })

  it('turns each kind of upstream into form values and back, through a workspace file, unchanged', () => {
    const upstreams: StreamUpstream[] = [
      { host: '127.0.0.1', port: 8000 },
      { host: '::1', port: 8443, tls: {} },
      { host: 'localhost', port: 443, tls: { insecure: true, servername: 'example.test', alpn: ['h2'], ca: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n' } },
      { path: '/tmp/up.sock' }
    ]
    for (const upstream of upstreams) {
      const saved = workspaceDocument.parse({ version: 1, endpoints: [{ id: 'e1', config: { kind: 'tcp-relay', host: '127.0.0.1', port: 0, upstream } }], savedPayloads: [], history: [], layout: { sidebar: 240, inspector: 320, composer: 200 } })
      const config = saved.endpoints[0]!.config
      if (config.kind !== 'tcp-relay') throw new Error('not a relay')
      const values = { ...RELAY_FORM_DEFAULTS, ...relayUpstreamValues(JSON.parse(JSON.stringify(config.upstream)) as StreamUpstream) }
      expect(relayErrors(values, false)).toEqual({})
      expect(relayUpstreamOf(values)).toEqual(upstream)
    }
  })

  it('shows the upstream in the header as the relay reaches it, in both languages', async () => {
    // As the engine gives it: the upstream's address, or its path.
    const relay = (upstream: StreamUpstream) =>
      endpoint({ kind: 'tcp-relay', remote: 'path' in upstream ? { path: upstream.path } : { address: upstream.host, port: upstream.port, family: 'IPv4' }, config: { kind: 'tcp-relay', host: '127.0.0.1', port: 0, upstream } })
    const { unmount } = renderWithApi(<EndpointHeader ep={relay({ host: '127.0.0.1', port: 8443, tls: {} })} />, fakeApi())
    expect(screen.getByTestId('endpoint-remote').textContent).toBe('tls://127.0.0.1:8443')
    unmount()
    renderWithApi(<EndpointHeader ep={relay({ path: '/tmp/up.sock' })} />, fakeApi())
    expect(screen.getByTestId('endpoint-remote').textContent).toBe('unix:/tmp/up.sock')
    cleanup()
    await act(async () => {
      await i18n.changeLanguage('zh-CN')
    })
    try {
      renderWithApi(<EndpointForm kind="tcp-relay" onClose={() => undefined} />, fakeApi())
      fireEvent.change(screen.getByLabelText('上游使用'), { target: { value: 'tls' } })
      fireEvent.click(screen.getByTestId('relay-tls-insecure'))
      expect(screen.getByTestId('relay-tls-insecure-warning').textContent).toContain('证书校验已关闭')
      expect(screen.getByLabelText('上游的受信任 CA（PEM 文件）')).toBeTruthy()
    } finally {
      await act(async () => {
        await i18n.changeLanguage('en')
      })
    }
  })
})

// A TLS endpoint's header shows what its handshake negotiated and the certificate chain, and says
// plainly when the certificate did not verify, in English and Chinese.
import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EndpointInfo } from '../../src/shared/api'
import { EndpointHeader } from '../../src/renderer/src/components/endpoints/EndpointHeader'
import { i18n } from '../../src/renderer/src/i18n'
import { endpoint, fakeApi, renderWithApi, resetStores } from './helpers'

const cert = {
  subject: 'CN=localhost',
  issuer: 'CN=Lab CA',
  validFrom: 'Dec  2 08:00:00 2026 GMT',
  validTo: 'Dec  4 08:00:00 2026 GMT',
  subjectAltNames: 'DNS:localhost, IP Address:127.0.0.1',
  fingerprint256: 'AB:'.repeat(31) + 'CD',
  serialNumber: '01',
  selfSigned: false
}

const client = (tls: EndpointInfo['tls']): EndpointInfo =>
  endpoint({
    id: 'c1',
    name: 'TLS client to 127.0.0.1:8443',
    kind: 'tls-client',
    config: { kind: 'tls-client', host: '127.0.0.1', port: 8443 },
    state: 'connected',
    remote: { address: '127.0.0.1', port: 8443, family: 'IPv4' },
    ...(tls ? { tls } : {})
  })

describe('TLS details in the endpoint header', () => {
  beforeEach(resetStores)
  afterEach(cleanup)

  it('shows the protocol, cipher, ALPN and the verified chain', () => {
    renderWithApi(<EndpointHeader ep={client({ protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', alpn: 'h2', authorized: true, servername: 'localhost', peerChain: [cert] })} />, fakeApi())
    const details = screen.getByTestId('tls-details')
    expect(details.querySelector('summary')?.textContent).toBe('TLS TLSv1.3 · TLS_AES_128_GCM_SHA256 · Certificate verified')
    fireEvent.click(details.querySelector('summary')!)
    expect(details.textContent).toContain('h2')
    expect(details.textContent).toContain('CN=Lab CA')
    expect(details.textContent).toContain(cert.fingerprint256)
    expect(details.textContent).toContain('DNS:localhost, IP Address:127.0.0.1')
    expect(screen.queryByTestId('tls-unverified')).toBeNull()
    // A client: it connects and disconnects, like a TCP client.
    expect(screen.getByRole('button', { name: 'Disconnect' })).toBeTruthy()
  })

  it('says when the certificate did not verify, in Chinese too', async () => {
    const ep = client({ protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', alpn: false, authorized: false, authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT', peerChain: [{ ...cert, issuer: cert.subject, selfSigned: true }] })
    renderWithApi(<EndpointHeader ep={ep} />, fakeApi())
    expect(screen.getByTestId('tls-unverified').textContent).toContain('NOT verified: DEPTH_ZERO_SELF_SIGNED_CERT')
    expect(screen.getByTestId('tls-details').textContent).toContain('itself (self-signed)')
    await act(async () => {
      await i18n.changeLanguage('zh-CN')
    })
    expect(screen.getByTestId('tls-unverified').textContent).toContain('证书未通过校验：DEPTH_ZERO_SELF_SIGNED_CERT')
  })

  it('has nothing to show for a TCP endpoint', () => {
    renderWithApi(<EndpointHeader ep={endpoint()} />, fakeApi())
    expect(screen.queryByTestId('tls-details')).toBeNull()
  })
})

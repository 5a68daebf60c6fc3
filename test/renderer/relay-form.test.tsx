// The new-endpoint form for relays: the upstream and the faults typed, checked, and sent in the
// config; a bad field keeps the relay from being opened and says why.
import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EndpointConfig } from '../../src/shared/api'
import { EndpointForm } from '../../src/renderer/src/components/endpoints/EndpointForm'
import { RelayFaultsEditor } from '../../src/renderer/src/components/endpoints/RelayFaultsEditor'
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
})

// The multicast part of a UDP endpoint: joins on the loopback interface by default, lists the
// groups, leaves one, refuses what is not a group; and the form's multicast options and bind addresses.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EndpointConfig, EndpointInfo, InterfaceAddress } from '../../src/shared/api'
import { ApiContext } from '../../src/renderer/src/api/api-context'
import { EndpointForm } from '../../src/renderer/src/components/endpoints/EndpointForm'
import { MulticastPanel } from '../../src/renderer/src/components/endpoints/MulticastPanel'
import { i18n } from '../../src/renderer/src/i18n'
import { useAppStore } from '../../src/renderer/src/store/app-store'
import { useFormMemory } from '../../src/renderer/src/store/form-memory'
import { endpoint, fakeApi, ok, renderWithApi, resetStores } from './helpers'

const INTERFACES: InterfaceAddress[] = [
  { name: 'lo', address: '127.0.0.1', family: 'IPv4', internal: true, netmask: '255.0.0.0', cidr: '127.0.0.1/8', multicastInterface: '127.0.0.1' },
  { name: 'lo', address: '::1', family: 'IPv6', internal: true, netmask: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', cidr: '::1/128', multicastInterface: '::%lo' },
  { name: 'eth0', address: '192.0.2.2', family: 'IPv4', internal: false, netmask: '255.255.255.0', cidr: '192.0.2.2/24', multicastInterface: '192.0.2.2' }
]

const udp = (over: Partial<EndpointInfo> = {}): EndpointInfo =>
  endpoint({ id: 'u1', kind: 'udp', name: 'udp', config: { kind: 'udp', host: '0.0.0.0', port: 0 }, local: { address: '0.0.0.0', port: 40200, family: 'IPv4' }, ...over })

describe('the multicast panel', () => {
  beforeEach(resetStores)
  afterEach(cleanup)

  it('joins a group on the loopback interface, shows it, and leaves it', async () => {
    const joinedInfo = udp({ multicastGroups: [{ group: '239.1.2.3', interface: '127.0.0.1' }] })
    const udpMembership = vi.fn((req: { action: string }) => ok(req.action === 'join' ? joinedInfo : udp()))
    const api = fakeApi({ listInterfaces: () => ok(INTERFACES), udpMembership })
    const view = renderWithApi(<MulticastPanel ep={udp()} />, api)
    expect(screen.getByText('No group joined.')).toBeTruthy()
    const select = screen.getByTestId('multicast-interface') as HTMLSelectElement
    // Only the socket's family is offered, loopback picked first.
    await waitFor(() => expect(select.value).toBe('127.0.0.1'))
    expect([...select.options].map((o) => o.value)).toEqual(['127.0.0.1', '192.0.2.2', ''])

    fireEvent.change(screen.getByTestId('multicast-group'), { target: { value: '239.1.2.3' } })
    await act(async () => {
      fireEvent.click(screen.getByTestId('multicast-join'))
    })
    expect(udpMembership).toHaveBeenCalledWith({ endpointId: 'u1', action: 'join', group: '239.1.2.3', interface: '127.0.0.1' })
    expect(useAppStore.getState().endpoints.u1?.multicastGroups).toEqual([{ group: '239.1.2.3', interface: '127.0.0.1' }])

    view.rerender(<ApiContext.Provider value={api}><MulticastPanel ep={joinedInfo} /></ApiContext.Provider>)
    const row = screen.getByTestId('multicast-membership')
    expect(row.textContent).toMatch(/239\.1\.2\.3.*on lo \(127\.0\.0\.1\)/)
    await act(async () => {
      fireEvent.click(screen.getByTestId('multicast-leave'))
    })
    expect(udpMembership).toHaveBeenLastCalledWith({ endpointId: 'u1', action: 'leave', group: '239.1.2.3', interface: '127.0.0.1' })
    expect(useAppStore.getState().endpoints.u1?.multicastGroups).toBeUndefined()
  })

  it('refuses an address that is not a group before asking, shows the engine error with its hint, and waits for a running socket', async () => {
    const udpMembership = vi.fn(() => Promise.resolve({ ok: false as const, error: { code: 'EADDRINUSE', message: 'already a member of 239.1.2.3@127.0.0.1', hint: 'leave it first.' } }))
    const api = fakeApi({ listInterfaces: () => ok(INTERFACES), udpMembership })
    const view = renderWithApi(<MulticastPanel ep={udp()} />, api)
    fireEvent.change(screen.getByTestId('multicast-group'), { target: { value: '10.1.2.3' } })
    expect(screen.getByText(/Not a multicast address/)).toBeTruthy()
    expect((screen.getByTestId('multicast-join') as HTMLButtonElement).disabled).toBe(true)
    fireEvent.change(screen.getByTestId('multicast-group'), { target: { value: '239.1.2.3' } })
    await act(async () => {
      fireEvent.click(screen.getByTestId('multicast-join'))
    })
    expect(screen.getByText(/already a member/)).toBeTruthy()
    expect(screen.getByText(/leave it first/)).toBeTruthy()

    view.rerender(<ApiContext.Provider value={api}><MulticastPanel ep={udp({ state: 'closed', local: undefined })} /></ApiContext.Provider>)
    expect((screen.getByTestId('multicast-join') as HTMLButtonElement).disabled).toBe(true)
    expect(screen.getByText(/Start the socket to join a group/)).toBeTruthy()
  })

  it('speaks Chinese', async () => {
    await i18n.changeLanguage('zh-CN')
    renderWithApi(<MulticastPanel ep={udp()} />, fakeApi({ listInterfaces: () => ok(INTERFACES) }))
    expect(screen.getByText('组播')).toBeTruthy()
    expect(screen.getByText('尚未加入任何组。')).toBeTruthy()
  })
})

describe('the UDP form', () => {
  beforeEach(() => {
    resetStores()
    useFormMemory.setState({ lastUdpPort: undefined })
  })
  afterEach(cleanup)

  it('offers the machine addresses to bind to and sends the multicast TTL and loopback', async () => {
    const openEndpoint = vi.fn((req: { config: EndpointConfig }) => ok(udp({ config: req.config as never })))
    renderWithApi(<EndpointForm kind="udp" onClose={() => undefined} />, fakeApi({ listInterfaces: () => ok(INTERFACES), openEndpoint }))
    await waitFor(() => expect(screen.getByTestId('bind-addresses').querySelectorAll('option').length).toBe(5))
    const options = [...screen.getByTestId('bind-addresses').querySelectorAll('option')].map((o) => `${o.value} ${o.label}`)
    expect(options).toEqual(['0.0.0.0 every IPv4 interface', ':: every IPv6 interface (and IPv4, unless IPv6 only)', '127.0.0.1 loopback, IPv4', '::1 loopback, IPv6', '192.0.2.2 eth0 192.0.2.2/24'])
    expect((screen.getByLabelText('Host') as HTMLInputElement).getAttribute('list')).toBe(screen.getByTestId('bind-addresses').id)

    fireEvent.change(screen.getByLabelText('Multicast TTL'), { target: { value: '256' } })
    expect(screen.getByTestId('field-error-multicastTtl').textContent).toMatch(/0 to 255/)
    fireEvent.change(screen.getByLabelText('Multicast TTL'), { target: { value: '0' } })
    expect(screen.queryByTestId('field-error-multicastTtl')).toBeNull()
    fireEvent.click(screen.getByLabelText('Multicast loopback'))
    fireEvent.click(screen.getByLabelText('Broadcast (SO_BROADCAST)'))
    fireEvent.change(screen.getByLabelText('Host'), { target: { value: '0.0.0.0' } })
    const sendFrom = screen.getByLabelText('Send to groups from') as HTMLSelectElement
    expect([...sendFrom.options].map((o) => o.value)).toEqual(['', '127.0.0.1', '::%lo', '192.0.2.2'])
    fireEvent.change(sendFrom, { target: { value: '127.0.0.1' } })
    await act(async () => {
      fireEvent.submit(screen.getByTestId('endpoint-form'))
    })
    expect(openEndpoint.mock.calls[0]![0].config).toMatchObject({ kind: 'udp', host: '0.0.0.0', multicastTtl: 0, multicastLoopback: false, broadcast: true, multicastInterface: '127.0.0.1' })
  })

  it('leaves the sending interface to the OS unless one is chosen', async () => {
    const openEndpoint = vi.fn((req: { config: EndpointConfig }) => ok(udp({ config: req.config as never })))
    renderWithApi(<EndpointForm kind="udp" onClose={() => undefined} />, fakeApi({ listInterfaces: () => ok(INTERFACES), openEndpoint }))
    await act(async () => {
      fireEvent.submit(screen.getByTestId('endpoint-form'))
    })
    expect(openEndpoint.mock.calls[0]![0].config).not.toHaveProperty('multicastInterface')
  })
})

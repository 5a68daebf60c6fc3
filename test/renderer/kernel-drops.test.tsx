// A UDP socket's header says how many datagrams the OS dropped for a full receive buffer, with why
// and what to do in its title, in English and Chinese; nothing is said while none were dropped.
import { act, cleanup, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EndpointInfo } from '../../src/shared/api'
import { EndpointHeader } from '../../src/renderer/src/components/endpoints/EndpointHeader'
import { i18n } from '../../src/renderer/src/i18n'
import { endpoint, fakeApi, renderWithApi, resetStores } from './helpers'

const udp = (kernelDrops: number | undefined): EndpointInfo =>
  endpoint({
    id: 'u1',
    name: 'UDP 127.0.0.1:9000',
    kind: 'udp',
    config: { kind: 'udp', host: '127.0.0.1', port: 9000 },
    state: 'listening',
    local: { address: '127.0.0.1', port: 9000, family: 'IPv4' },
    recvBufferSize: 8388608,
    ...(kernelDrops === undefined ? {} : { kernelDrops })
  })

describe('datagrams the OS dropped, in the endpoint header', () => {
  beforeEach(resetStores)
  afterEach(async () => {
    cleanup()
    await i18n.changeLanguage('en')
  })

  it('says nothing while none were dropped, or where the OS does not tell', () => {
    renderWithApi(<EndpointHeader ep={udp(0)} />, fakeApi())
    expect(screen.queryByTestId('endpoint-kernel-drops')).toBeNull()
    cleanup()
    renderWithApi(<EndpointHeader ep={udp(undefined)} />, fakeApi())
    expect(screen.queryByTestId('endpoint-kernel-drops')).toBeNull()
  })

  it('counts them, says why in its title, and says it in Chinese too', async () => {
    renderWithApi(<EndpointHeader ep={udp(1)} />, fakeApi())
    expect(screen.getByTestId('endpoint-kernel-drops').textContent).toBe('1 datagram dropped by the OS')
    cleanup()
    renderWithApi(<EndpointHeader ep={udp(51995)} />, fakeApi())
    const badge = screen.getByTestId('endpoint-kernel-drops')
    expect(badge.textContent).toBe('51,995 datagrams dropped by the OS')
    expect(badge.getAttribute('title')).toContain('receive buffer (8,388,608 bytes, as the OS reports it) was full')
    await act(async () => {
      await i18n.changeLanguage('zh-CN')
    })
    expect(screen.getByTestId('endpoint-kernel-drops').textContent).toBe('操作系统丢弃了 51,995 个数据报')
  })
})

import { describe, expect, it } from 'vitest'
import { dispatch } from '../../../src/main/dispatch'
import { createEngine } from '../../../src/main/engine'
import { interfaceAddresses } from '../../../src/main/engine/interfaces'
import { createHandlers } from '../../../src/main/handlers'
import { openSettingsStore } from '../../../src/main/settings-store'
import { openWorkspaceStore } from '../../../src/main/workspace-store'
import type { InterfaceAddress, Result } from '../../../src/shared/api'

describe('the machine interfaces', () => {
  it('lists loopback first with the address to join groups on', () => {
    const list = interfaceAddresses({
      eth0: [
        { address: '192.0.2.2', netmask: '255.255.255.0', family: 'IPv4', mac: '00:00:00:00:00:01', internal: false, cidr: '192.0.2.2/24' },
        { address: 'fe80::1', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '00:00:00:00:00:01', internal: false, cidr: null, scopeid: 2 }
      ],
      lo: [
        { address: '::1', netmask: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', family: 'IPv6', mac: '00:00:00:00:00:00', internal: true, cidr: '::1/128', scopeid: 0 },
        { address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: null }
      ]
    }, 'linux')
    expect(list.map((a) => `${a.name} ${a.cidr} ${a.multicastInterface}`)).toEqual([
      'lo 127.0.0.1/8 127.0.0.1',
      'lo ::1/128 ::%lo',
      'eth0 192.0.2.2/24 192.0.2.2',
      'eth0 fe80::1/64 ::%eth0'
    ])
    const windows = interfaceAddresses({ Ethernet: [{ address: 'fe80::1', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '', internal: false, cidr: 'fe80::1/64', scopeid: 7 }] }, 'win32')
    expect(windows[0]!.multicastInterface).toBe('::%7')
  })

  it('answers this machine with its loopback addresses', () => {
    const list = interfaceAddresses()
    expect(list.some((a) => a.address === '127.0.0.1' && a.internal && a.family === 'IPv4')).toBe(true)
  })
})

describe('the listInterfaces request', () => {
  it('answers the addresses and refuses a request with fields it does not know', async () => {
    const engine = createEngine()
    const h = createHandlers({ engine, settings: await openSettingsStore(), transport: 'browser', workspace: await openWorkspaceStore() })
    const res = (await dispatch(h, 'listInterfaces', undefined)) as Result<InterfaceAddress[]>
    expect(res.ok && res.value.some((a) => a.address === '::1' || a.address === '127.0.0.1')).toBe(true)
    const bad = await dispatch(h, 'listInterfaces', { family: 'IPv4' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'EINVAL' } })
    await engine.closeAll()
  })
})

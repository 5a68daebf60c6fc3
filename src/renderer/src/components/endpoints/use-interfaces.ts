// The machine's addresses (listInterfaces), asked once per window: binding forms offer them and the
// multicast panel joins groups on them.
import { useEffect, useState } from 'react'
import type { InterfaceAddress, SocketLabApi } from '../../../../shared/api'
import { useApi } from '../../api/api-context'

const asked = new WeakMap<SocketLabApi, Promise<InterfaceAddress[] | undefined>>()

export function useInterfaces(): InterfaceAddress[] {
  const api = useApi()
  const [list, setList] = useState<InterfaceAddress[]>([])
  useEffect(() => {
    let live = true
    let answer = asked.get(api)
    if (!answer) {
      answer = api.listInterfaces().then((r) => (r.ok ? r.value : undefined))
      asked.set(api, answer)
    }
    void answer.then((value) => {
      // A refused answer is asked again next time rather than kept.
      if (value === undefined) asked.delete(api)
      else if (live) setList(value)
    })
    return () => {
      live = false
    }
  }, [api])
  return list
}

export interface BindChoice {
  address: string
  /** Translation key for the well-known ones; else the interface it belongs to is shown. */
  labelKey?: 'multicast.bindAny4' | 'multicast.bindAny6' | 'multicast.bindLoopback4' | 'multicast.bindLoopback6'
  label?: string
}

/** Every address a server may bind to: all interfaces, loopback, then each address of the machine. */
export function bindChoices(interfaces: InterfaceAddress[]): BindChoice[] {
  const choices: BindChoice[] = [
    { address: '0.0.0.0', labelKey: 'multicast.bindAny4' },
    { address: '::', labelKey: 'multicast.bindAny6' },
    { address: '127.0.0.1', labelKey: 'multicast.bindLoopback4' },
    { address: '::1', labelKey: 'multicast.bindLoopback6' }
  ]
  for (const a of interfaces) {
    if (choices.some((c) => c.address === a.address)) continue
    // A link-local IPv6 address binds only with its zone.
    const address = a.family === 'IPv6' && a.address.toLowerCase().startsWith('fe80:') ? `${a.address}%${a.name}` : a.address
    choices.push({ address, label: `${a.name} ${a.cidr}` })
  }
  return choices
}

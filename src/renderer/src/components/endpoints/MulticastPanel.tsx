// A UDP socket's multicast groups: the ones it joined, with Leave, and a row to join another on
// one of the machine's interfaces (loopback by default, so the traffic stays on this machine).
import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { EndpointInfo } from '../../../../shared/api'
import { isMulticastAddress } from '../../../../shared/multicast'
import { useApi } from '../../api/api-context'
import { useAppStore } from '../../store/app-store'
import { ErrorNote } from '../common/ErrorNote'
import { useAction } from './use-action'
import { useInterfaces } from './use-interfaces'

const SUGGESTED_GROUPS = { IPv4: ['239.1.2.3', '239.255.0.1'], IPv6: ['ff02::1:3', 'ff05::1:3'] }

export function MulticastPanel({ ep }: { ep: EndpointInfo }): React.JSX.Element {
  const { t } = useTranslation()
  const api = useApi()
  const action = useAction()
  const id = useId()
  const interfaces = useInterfaces()
  const family = ep.local && 'family' in ep.local ? ep.local.family : ep.config.kind === 'udp' && ep.config.host.includes(':') ? 'IPv6' : 'IPv4'
  const choices = interfaces.filter((a) => a.family === family)
  const loopback = choices.find((a) => a.internal)?.multicastInterface ?? ''
  const [group, setGroup] = useState('')
  // Undefined until the user picks: the loopback interface once the list has come.
  const [picked, setPicked] = useState<string>()
  const iface = picked ?? loopback
  const running = ep.state === 'listening' || ep.state === 'connected'
  const groups = ep.multicastGroups ?? []
  const endpointId = ep.id
  const upsert = useAppStore.getState().upsertEndpoint
  const trimmed = group.trim()
  const groupBad = trimmed !== '' && !isMulticastAddress(trimmed)

  const join = (): void => {
    if (!running || trimmed === '' || groupBad) return
    void action.run(() => api.udpMembership({ endpointId, action: 'join', group: trimmed, ...(iface ? { interface: iface } : {}) }), (info) => {
      upsert(info)
      setGroup('')
    })
  }
  const leave = (g: string, on: string | undefined): void =>
    void action.run(() => api.udpMembership({ endpointId, action: 'leave', group: g, ...(on ? { interface: on } : {}) }), upsert)
  const ifaceLabel = (value: string | undefined): string => {
    if (!value) return t('multicast.anyInterface')
    const a = interfaces.find((x) => x.multicastInterface === value)
    return a ? `${a.name} (${value})` : value
  }

  return (
    <section className="multicast" aria-labelledby={`${id}-title`} data-testid="multicast">
      <h3 id={`${id}-title`} title={t('multicast.help')}>
        {t('multicast.heading')}
      </h3>
      {groups.length === 0 ? (
        <p className="muted multicast-none">{t('multicast.none')}</p>
      ) : (
        <ul className="multicast-groups">
          {groups.map((g) => (
            <li key={`${g.group}@${g.interface ?? ''}`} data-testid="multicast-membership">
              <span className="mono">{g.group}</span>
              <span className="muted">{t('multicast.on', { iface: ifaceLabel(g.interface) })}</span>
              <button type="button" className="link small" disabled={action.busy} onClick={() => leave(g.group, g.interface)} data-testid="multicast-leave">
                {t('multicast.leave')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="multicast-join">
        <label htmlFor={`${id}-group`}>{t('multicast.group')}</label>
        <input
          id={`${id}-group`}
          className={`multicast-group-input mono ${groupBad ? 'invalid' : ''}`}
          value={group}
          placeholder={SUGGESTED_GROUPS[family][0]}
          list={`${id}-groups`}
          aria-invalid={groupBad || undefined}
          title={groupBad ? t('multicast.notGroup') : t('multicast.groupTitle')}
          onChange={(e) => setGroup(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && join()}
          spellCheck={false}
          autoComplete="off"
          data-testid="multicast-group"
        />
        <datalist id={`${id}-groups`}>
          {SUGGESTED_GROUPS[family].map((g) => (
            <option key={g} value={g} />
          ))}
        </datalist>
        <label htmlFor={`${id}-iface`}>{t('multicast.interface')}</label>
        <select id={`${id}-iface`} value={iface} onChange={(e) => setPicked(e.target.value)} data-testid="multicast-interface">
          {choices.map((a) => (
            <option key={`${a.name}-${a.address}`} value={a.multicastInterface}>
              {a.name} {a.family === 'IPv4' ? a.address : a.multicastInterface}
            </option>
          ))}
          <option value="">{t('multicast.anyInterface')}</option>
        </select>
        <button type="button" className="small" disabled={!running || action.busy || trimmed === '' || groupBad} onClick={join} data-testid="multicast-join">
          {t('multicast.join')}
        </button>
      </div>
      {groupBad && <p className="field-error">{t('multicast.notGroup')}</p>}
      {!running && <p className="muted multicast-note">{t('multicast.startFirst')}</p>}
      {action.error && <ErrorNote error={action.error} onDismiss={action.clear} compact />}
    </section>
  )
}

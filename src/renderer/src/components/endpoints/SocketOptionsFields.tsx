// The socket options of the new-endpoint form that the lessons and the hints name: backlog and one
// client at a time, the read size, close when the peer ends, the connect timeout, SO_REUSEADDR,
// IPV6_V6ONLY, SO_RCVBUF, SO_BROADCAST and the multicast TTL, loopback and sending interface. Each has a one-line explanation under it.
import { useTranslation } from 'react-i18next'
import { useAppStore } from '../../store/app-store'
import { useFormMemory } from '../../store/form-memory'
import type { FieldName, FormErrors, FormValues } from './form-model'
import { useInterfaces } from './use-interfaces'

type BooleanField = 'oneAtATime' | 'closeOnPeerEnd' | 'ipv6Only' | 'reuseAddress' | 'broadcast' | 'multicastLoopback'

interface Props {
  values: FormValues
  errors: FormErrors
  idBase: string
  set<K extends keyof FormValues>(key: K, value: FormValues[K]): void
}

export function SocketOptionsFields({ values, errors, idBase, set }: Props): React.JSX.Element {
  const { t } = useTranslation()
  const platform = useAppStore((s) => s.appInfo?.platform)
  const lastUdpPort = useFormMemory((s) => s.lastUdpPort)
  const interfaces = useInterfaces()
  const kind = values.kind
  const server = kind === 'tcp-server' || kind === 'unix-server'
  const client = kind === 'tcp-client' || kind === 'unix-client'
  const inet = kind === 'tcp-server' || kind === 'udp'

  const text = (name: FieldName & keyof FormValues, label: string, help: string, placeholder: string): React.JSX.Element => {
    const err = errors[name]
    const id = `${idBase}-${name}`
    return (
      <div className={`field ${err ? 'invalid' : ''}`}>
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          className="num-field"
          inputMode="numeric"
          value={values[name] as string}
          placeholder={placeholder}
          aria-invalid={err ? true : undefined}
          aria-describedby={`${id}-note`}
          onChange={(e) => set(name, e.target.value)}
          autoComplete="off"
        />
        {err ? (
          <p className="field-error" id={`${id}-note`} data-testid={`field-error-${name}`}>
            {t(err.key as 'form.errors.recvSizeRange' | 'form.errors.recvBufferRange' | 'multicast.ttlRange')}
          </p>
        ) : (
          <p className="field-help" id={`${id}-note`}>
            {help}
          </p>
        )}
      </div>
    )
  }

  const check = (name: BooleanField, label: string, help: string): React.JSX.Element => (
    <div className="field">
      <label className="check">
        <input type="checkbox" checked={values[name]} onChange={(e) => set(name, e.target.checked)} aria-describedby={`${idBase}-${name}-note`} data-testid={`option-${name}`} />
        {label}
      </label>
      <p className="field-help" id={`${idBase}-${name}-note`}>
        {help}
      </p>
    </div>
  )

  const windows = platform === 'win32'
  return (
    <fieldset className="socket-options" data-testid="socket-options">
      <legend>{t('form.options')}</legend>
      {server && text('backlog', t('form.backlog'), t('form.backlogHelp'), '511')}
      {server && check('oneAtATime', t('form.oneAtATime'), t('form.oneAtATimeHelp'))}
      {client && check('closeOnPeerEnd', t('form.closeOnPeerEnd'), t('form.closeOnPeerEndHelp'))}
      {client && text('connectTimeout', t('form.connectTimeout'), t('form.connectTimeoutHelp'), '10000')}
      {kind !== 'udp' && kind !== 'udp-relay' && kind !== 'tcp-relay' && text('recvSize', t('form.recvSize'), t('form.recvSizeHelp'), '65536')}
      {kind === 'udp' && text('recvBuffer', t('form.recvBuffer'), t('form.recvBufferHelp'), '4m')}
      {kind === 'udp' && check('reuseAddress', t('form.reuseAddress'), t('form.reuseAddressHelp'))}
      {kind === 'tcp-server' && (
        <div className="field">
          <label className="check">
            <input type="checkbox" checked={!windows} disabled aria-describedby={`${idBase}-reuse-note`} />
            {t(windows ? 'form.reuseAddressTcpWin' : 'form.reuseAddressTcp')}
          </label>
          <p className="field-help" id={`${idBase}-reuse-note`}>
            {t(windows ? 'form.reuseAddressTcpWinHelp' : 'form.reuseAddressTcpHelp')}
          </p>
        </div>
      )}
      {inet && check('ipv6Only', t('form.ipv6Only'), t('form.ipv6OnlyHelp'))}
      {kind === 'udp' && check('broadcast', t('form.broadcast'), t('form.broadcastHelp'))}
      {kind === 'udp' && text('multicastTtl', t('multicast.ttl'), t('multicast.ttlHelp'), '1')}
      {kind === 'udp' && check('multicastLoopback', t('multicast.loopback'), t('multicast.loopbackHelp'))}
      {kind === 'udp' && (
        <div className="field">
          <label htmlFor={`${idBase}-multicastInterface`}>{t('multicast.sendInterface')}</label>
          <select id={`${idBase}-multicastInterface`} value={values.multicastInterface} onChange={(e) => set('multicastInterface', e.target.value)} aria-describedby={`${idBase}-multicastInterface-note`} data-testid="option-multicastInterface">
            <option value="">{t('multicast.anyInterface')}</option>
            {interfaces.map((a) => (
              <option key={`${a.name}-${a.address}`} value={a.multicastInterface}>
                {a.name} {a.family === 'IPv4' ? a.address : a.multicastInterface}
              </option>
            ))}
          </select>
          <p className="field-help" id={`${idBase}-multicastInterface-note`}>
            {t('multicast.sendInterfaceHelp')}
          </p>
        </div>
      )}
      {kind === 'udp' && lastUdpPort !== undefined && values.port === String(lastUdpPort) && <p className="field-help">{t('form.lastPortHelp')}</p>}
    </fieldset>
  )
}

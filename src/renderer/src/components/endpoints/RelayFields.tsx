// The relay's part of the new-endpoint form: the upstream it forwards to (a TCP relay's over TCP,
// TLS or a Unix socket) and the faults it starts with (stream faults for TCP, datagram faults for
// UDP), each field checked as the user types.
import { useId, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { FormValues } from './form-model'
import { RELAY_FORM_DEFAULTS, relayErrors, UPSTREAM_KINDS, type RelayField, type RelayFormValues, type UpstreamKind } from './relay-form'
import { PemFile } from './TlsFields'

interface Props {
  values: FormValues
  /** Show every field's error, not only those of fields the user has typed in (after Create). */
  showAll: boolean
  set<K extends keyof FormValues>(key: K, value: FormValues[K]): void
}

const STREAM_FAULTS: RelayField[] = ['chunk', 'coalesceMs', 'delay', 'bandwidth', 'resetAfter', 'resetOn', 'seed']
const DATAGRAM_FAULTS: RelayField[] = ['drop', 'duplicate', 'reorder', 'delay', 'seed']

export function RelayFields({ values, showAll, set }: Props): React.JSX.Element | null {
  const { t } = useTranslation()
  const idBase = useId()
  const udp = values.kind === 'udp-relay'
  const relay = values.relay ?? RELAY_FORM_DEFAULTS
  const errors = useMemo(() => relayErrors(relay, udp), [relay, udp])
  if (values.kind !== 'tcp-relay' && values.kind !== 'udp-relay') return null
  const change = (f: RelayField, v: string): void => set('relay', { ...relay, [f]: v } as RelayFormValues)
  const choose = (patch: Partial<RelayFormValues>): void => set('relay', { ...relay, ...patch })
  const kind = udp ? 'tcp' : relay.upstreamKind

  const input = (f: RelayField, className?: string): React.JSX.Element => {
    const err = (showAll || relay[f] !== RELAY_FORM_DEFAULTS[f]) && errors[f]
    const id = `${idBase}-${f}`
    return (
      <div className={`field ${err ? 'invalid' : ''}`} key={f}>
        <label htmlFor={id}>{t(`relay.fields.${f}`)}</label>
        <input
          id={id}
          className={className}
          value={relay[f]}
          placeholder={t(`relay.placeholders.${f}`)}
          aria-invalid={err ? true : undefined}
          aria-describedby={`${id}-note`}
          onChange={(e) => change(f, e.target.value)}
          spellCheck={false}
          autoComplete="off"
          data-testid={`relay-${f}`}
        />
        <p className={err ? 'field-error' : 'field-help'} id={`${id}-note`}>
          {err ? t(err.key as 'relay.errors.port') : t(`relay.help.${f}`)}
        </p>
      </div>
    )
  }

  return (
    <fieldset className="relay-fields" data-testid="relay-fields">
      <legend>{t('relay.upstream')}</legend>
      {!udp && (
        <div className="field">
          <label htmlFor={`${idBase}-kind`}>{t('relay.upstreamKind')}</label>
          <select id={`${idBase}-kind`} value={kind} onChange={(e) => choose({ upstreamKind: e.target.value as UpstreamKind })} aria-describedby={`${idBase}-kind-note`} data-testid="relay-upstream-kind">
            {UPSTREAM_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`relay.upstreamKinds.${k}`)}
              </option>
            ))}
          </select>
          <p className="field-help" id={`${idBase}-kind-note`}>
            {t('relay.upstreamKindHelp')}
          </p>
        </div>
      )}
      {kind === 'unix' ? (
        input('upstreamPath')
      ) : (
        <div className="field-row">
          {input('upstreamHost')}
          {input('upstreamPort', 'port-input')}
        </div>
      )}
      {kind === 'tls' && (
        <div className="relay-tls" data-testid="relay-tls">
          <PemFile id={`${idBase}-relay-tls-ca`} label={t('relay.tlsCa')} loaded={relay.tlsCa !== undefined} onText={(text) => choose({ tlsCa: text })} />
          <p className="field-help">{t('relay.tlsCaHelp')}</p>
          {input('tlsServername')}
          {input('tlsAlpn')}
          <label className="check">
            <input type="checkbox" checked={relay.tlsInsecure} onChange={(e) => choose({ tlsInsecure: e.target.checked })} data-testid="relay-tls-insecure" />
            {t('relay.tlsInsecure')}
          </label>
          {relay.tlsInsecure && (
            <p className="warning-text" role="alert" data-testid="relay-tls-insecure-warning">
              {t('relay.tlsInsecureWarning')}
            </p>
          )}
        </div>
      )}
      <details open>
        <summary>{t(udp ? 'relay.datagramFaults' : 'relay.streamFaults')}</summary>
        <p className="field-help">{t('relay.faultsHelp')}</p>
        <div className="relay-fault-grid">{(udp ? DATAGRAM_FAULTS : STREAM_FAULTS).map((f) => input(f, 'num-field'))}</div>
      </details>
    </fieldset>
  )
}

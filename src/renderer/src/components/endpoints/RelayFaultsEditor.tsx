// A running relay's faults, changed live: the fields the new-relay form has, applied to every open
// connection from its next chunk (or datagram) on. Empty fields: no fault.
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { EndpointInfo } from '../../../../shared/api'
import type { RelayFaults } from '../../../../shared/schemas'
import { useApi } from '../../api/api-context'
import { useAppStore } from '../../store/app-store'
import { ErrorNote } from '../common/ErrorNote'
import { RELAY_FORM_DEFAULTS, relayErrors, relayFaultsOf, type RelayField, type RelayFormValues } from './relay-form'
import { useAction } from './use-action'

const STREAM: RelayField[] = ['chunk', 'coalesceMs', 'delay', 'bandwidth', 'resetAfter', 'resetOn', 'seed']
const DATAGRAM: RelayField[] = ['drop', 'duplicate', 'reorder', 'delay', 'seed']

/** The fields as the config says them, so the editor opens on what runs now. */
function valuesOf(f: RelayFaults | undefined): RelayFormValues {
  const s = (n: number | undefined): string => (n === undefined ? '' : String(n))
  return {
    ...RELAY_FORM_DEFAULTS,
    chunk: s(f?.chunk),
    coalesceMs: s(f?.coalesceMs),
    delay: f?.delayMs === undefined ? '' : f.delayMaxMs !== undefined ? `${f.delayMs}-${f.delayMaxMs}` : String(f.delayMs),
    bandwidth: s(f?.bandwidth),
    resetAfter: s(f?.resetAfter),
    resetOn: f?.resetOn ?? '',
    drop: s(f?.drop),
    duplicate: s(f?.duplicate),
    reorder: s(f?.reorder),
    seed: s(f?.seed)
  }
}

export function RelayFaultsEditor({ ep }: { ep: EndpointInfo }): React.JSX.Element | null {
  const { t } = useTranslation()
  const api = useApi()
  const action = useAction()
  const config = ep.config
  const faults = config.kind === 'tcp-relay' || config.kind === 'udp-relay' ? config.faults : undefined
  const applied = useMemo(() => valuesOf(faults), [faults])
  const [values, setValues] = useState(applied)
  useEffect(() => setValues(applied), [applied])
  if (config.kind !== 'tcp-relay' && config.kind !== 'udp-relay') return null
  const udp = config.kind === 'udp-relay'
  const errors = relayErrors({ ...values, upstreamPort: '1' }, udp)
  const changed = JSON.stringify(values) !== JSON.stringify(applied)
  const apply = (): void => {
    if (Object.keys(errors).length > 0 || !changed) return
    void action.run(() => api.updateEndpoint({ endpointId: ep.id, faults: relayFaultsOf(values, udp) ?? null }), useAppStore.getState().upsertEndpoint)
  }
  return (
    <details className="relay-faults" data-testid="relay-faults">
      <summary>{t('relay.liveTitle')}</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          apply()
        }}
      >
        {(udp ? DATAGRAM : STREAM).map((f) => (
          <label key={f} className={errors[f] ? 'invalid' : ''} title={errors[f] ? t(errors[f].key as 'relay.errors.port') : t(`relay.help.${f}`)}>
            {t(`relay.fields.${f}`)}
            <input
              className="num-field"
              value={values[f]}
              placeholder={t(`relay.placeholders.${f}`)}
              aria-invalid={errors[f] ? true : undefined}
              onChange={(e) => setValues({ ...values, [f]: e.target.value })}
              spellCheck={false}
              data-testid={`relay-live-${f}`}
            />
          </label>
        ))}
        <button type="submit" disabled={!changed || Object.keys(errors).length > 0} data-testid="relay-live-apply">
          {t('relay.apply')}
        </button>
      </form>
      {action.error && <ErrorNote error={action.error} onDismiss={action.clear} />}
    </details>
  )
}

// The dialog that creates an endpoint. A field is checked once the user leaves it (or presses
// Create), then as they fix it, so a field nobody touched is never red; Create opens and starts the
// endpoint; a failure stays in the dialog with its hint.
import { useEffect, useId, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AppError, EndpointKind } from '../../../../shared/api'
import { useApi } from '../../api/api-context'
import { useAppStore } from '../../store/app-store'
import { useWorkspace } from '../../store/workspace-store'
import { notePortZero } from '../../store/workspace-sync'
import { Dialog } from '../common/Dialog'
import { ErrorNote } from '../common/ErrorNote'
import { defaultValues, FORM_RESPONDERS, validate, type FieldName, type FormErrors, type FormValues } from './form-model'
import { openFromForm } from './open-endpoint'
import { focusFirstRefusedRule, RulesEditor } from './RulesEditor'
import { checkDraft, emptyDraft } from './rules-model'
import { SocketOptionsFields } from './SocketOptionsFields'
import { TlsFields } from './TlsFields'
import { RelayFields } from './RelayFields'
import { useFormMemory } from '../../store/form-memory'
import { bindChoices, useInterfaces } from './use-interfaces'

export function EndpointForm({ kind, onClose }: { kind: EndpointKind; onClose(): void }): React.JSX.Element {
  const { t } = useTranslation()
  const api = useApi()
  const platform = useAppStore((s) => s.appInfo?.platform)
  const [values, setValues] = useState<FormValues>(() => {
    const { endpoints, order } = useAppStore.getState()
    return defaultValues(kind, order.map((id) => endpoints[id]!).filter(Boolean), platform, useFormMemory.getState())
  })
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<AppError>()
  const errors = useMemo(() => validate(values), [values])
  const valid = Object.keys(errors).length === 0
  const [touched, setTouched] = useState<ReadonlySet<FieldName>>(new Set())
  const [submitted, setSubmitted] = useState(false)
  const first = useRef<HTMLInputElement>(null)
  const idBase = useId()
  const interfaces = useInterfaces()
  const rulesDraft = values.rules ?? emptyDraft()
  const rulesCheck = useMemo(() => checkDraft(rulesDraft, (n) => t('rules.rule', { n })), [rulesDraft, t])
  const shown = (name: FieldName): FormErrors[FieldName] => (submitted || touched.has(name) ? errors[name] : undefined)

  useEffect(() => first.current?.focus(), [])

  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]): void => setValues((v) => ({ ...v, [key]: value }))
  const touch = (name: FieldName): void => setTouched((t) => (t.has(name) ? t : new Set(t).add(name)))

  const submit = async (e: React.FormEvent): Promise<void> => {
    e.preventDefault()
    if (busy) return
    if (!valid) {
      setSubmitted(true)
      const firstBad = (['host', 'port', 'path', 'name', 'framing', 'multicastTtl'] as FieldName[]).find((n) => errors[n])
      if (firstBad) document.getElementById(`${idBase}-${firstBad}`)?.focus()
      else if (errors.rules) focusFirstRefusedRule(e.currentTarget)
      return
    }
    setBusy(true)
    const r = await openFromForm(api, values)
    setBusy(false)
    if (!r.ok) {
      setError(r.error)
      return
    }
    notePortZero(r.value)
    useAppStore.getState().upsertEndpoint(r.value)
    useWorkspace.getState().select(r.value.id)
    onClose()
  }

  const field = (name: FieldName, label: string, input: React.ReactNode, help?: string): React.JSX.Element => {
    const err = shown(name)
    return (
      <div className={`field ${err ? 'invalid' : ''}`}>
        <label htmlFor={`${idBase}-${name}`}>{label}</label>
        {input}
        {err ? (
          <p className="field-error" id={`${idBase}-${name}-error`} data-testid={`field-error-${name}`}>
            {t(err.key as 'form.errors.portRange', { detail: err.detail ?? '' })}
          </p>
        ) : (
          help && <p className="field-help">{help}</p>
        )}
      </div>
    )
  }

  const text = (name: FieldName, extra: React.InputHTMLAttributes<HTMLInputElement> = {}, ref?: React.Ref<HTMLInputElement>): React.JSX.Element => (
    <input
      id={`${idBase}-${name}`}
      ref={ref}
      value={values[name]}
      aria-invalid={shown(name) ? true : undefined}
      aria-describedby={shown(name) ? `${idBase}-${name}-error` : undefined}
      onChange={(e) => set(name, e.target.value)}
      onBlur={() => touch(name)}
      spellCheck={false}
      autoComplete="off"
      {...extra}
    />
  )

  const answers = kind === 'tcp-server' || kind === 'tls-server' || kind === 'unix-server' || kind === 'udp'
  const relay = kind === 'tcp-relay' || kind === 'udp-relay'
  const hasHost = kind === 'tcp-server' || kind === 'tcp-client' || kind === 'tls-server' || kind === 'tls-client' || kind === 'udp' || relay
  const connects = kind === 'tcp-client' || kind === 'tls-client' || kind === 'unix-client'
  // Where a socket binds: the machine's own addresses are offered, and any other can be typed.
  const binds = kind === 'tcp-server' || kind === 'tls-server' || kind === 'udp' || relay
  return (
    <Dialog onClose={onClose}>
      <form className="dialog" role="dialog" aria-modal="true" aria-labelledby={`${idBase}-title`} onSubmit={(e) => void submit(e)} noValidate data-testid="endpoint-form">
        <h2 id={`${idBase}-title`}>{t(`form.title.${kind}`)}</h2>
        <p className="muted dialog-intro">{t(`form.intro.${kind}`)}</p>
        {hasHost ? (
          <div className="field-row">
            {field('host', t('form.host'), text('host', binds ? { list: `${idBase}-binds` } : {}, first))}
            {field('port', t('form.port'), text('port', { inputMode: 'numeric', className: 'port-input' }), kind === 'tcp-client' || kind === 'tls-client' ? undefined : t('form.portHelp'))}
          </div>
        ) : (
          field('path', t('form.path'), text('path', {}, first), t('form.pathHelp'))
        )}
        {binds && (
          <datalist id={`${idBase}-binds`} data-testid="bind-addresses">
            {bindChoices(interfaces).map((c) => (
              <option key={c.address} value={c.address} label={c.labelKey ? t(c.labelKey) : c.label} />
            ))}
          </datalist>
        )}
        {field('name', t('form.name'), text('name', { placeholder: t('form.namePlaceholder') }))}
        {field('framing', t('form.framing'), text('framing', { list: `${idBase}-framings` }), t('form.framingHelp'))}
        <datalist id={`${idBase}-framings`}>
          {['raw', 'line', 'len:4', 'struct:i', 'struct:!I', 'json-header', 'delim:0d0a', 'fixed:16', 'slip'].map((f) => (
            <option key={f} value={f} />
          ))}
        </datalist>
        {answers && (
          <div className="field">
            <label htmlFor={`${idBase}-responder`}>{t('responder.label')}</label>
            <select id={`${idBase}-responder`} value={values.responder} onChange={(e) => set('responder', e.target.value as FormValues['responder'])} data-testid="form-responder">
              <option value="off">{t('responder.kinds.off')}</option>
              {FORM_RESPONDERS.map((k) => (
                <option key={k} value={k}>
                  {t(`responder.kinds.${k}`)}
                </option>
              ))}
            </select>
            <p className="field-help">{t(`responder.help.${values.responder}`)}</p>
          </div>
        )}
        {answers && values.responder === 'rules' && <RulesEditor draft={rulesDraft} check={rulesCheck} onChange={(d) => set('rules', d)} idBase={`${idBase}-rules`} datagrams={values.kind === 'udp'} />}
        {answers && values.responder === 'fixed' && field('fixedReply', t('responder.fixedReply'), text('fixedReply', { className: 'mono', placeholder: '68 69 0a' }), t('responder.fixedReplyHelp'))}
        {answers && values.responder === 'fixed' && (
          <label className="check">
            <input type="checkbox" checked={values.fixedMacros} onChange={(e) => set('fixedMacros', e.target.checked)} data-testid="fixed-macros" />
            {t('responder.fixedMacros')}
          </label>
        )}
        {(kind === 'tcp-client' || kind === 'tls-client') && (
          <label className="check">
            <input type="checkbox" checked={values.noDelay} onChange={(e) => set('noDelay', e.target.checked)} />
            {t('form.noDelay')}
          </label>
        )}
        {kind === 'unix-server' && (
          <label className="check">
            <input type="checkbox" checked={values.removeStale} onChange={(e) => set('removeStale', e.target.checked)} />
            {t('form.removeStale')}
          </label>
        )}
        <TlsFields values={values} idBase={idBase} set={set} />
        <RelayFields values={values} showAll={submitted} set={set} />
        <SocketOptionsFields values={values} errors={errors} idBase={idBase} set={set} />
        {error && <ErrorNote error={error} onDismiss={() => setError(undefined)} />}
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          {/* Never disabled: a disabled button drops the focus to the page. A click while busy, or while a rule is refused, does nothing. */}
          <button type="submit" aria-disabled={busy || (answers && errors.rules !== undefined) || undefined} data-testid="endpoint-form-submit">
            {busy ? t('form.creating') : t(connects ? 'form.createConnect' : 'form.createStart')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}

// The TLS part of the new-endpoint form: a server's certificate and key, a client's checks (CA,
// server name, insecure) and ALPN. Files are read here and sent as PEM text: the contract carries
// no paths from the window.
import { useTranslation } from 'react-i18next'
import type { FormValues } from './form-model'

type Set = <K extends keyof FormValues>(key: K, value: FormValues[K]) => void

export function PemFile({ id, label, loaded, onText }: { id: string; label: string; loaded: boolean; onText(text: string | undefined): void }): React.JSX.Element {
  const { t } = useTranslation()
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="file"
        accept=".pem,.crt,.cer,.key,text/plain"
        data-testid={id}
        onChange={(e) => {
          const file = e.target.files?.[0]
          if (!file) return onText(undefined)
          void file.text().then(onText)
        }}
      />
      <p className="field-help">{loaded ? t('form.tls.loaded') : t('form.tls.pemHelp')}</p>
    </div>
  )
}

export function TlsFields({ values, idBase, set }: { values: FormValues; idBase: string; set: Set }): React.JSX.Element | null {
  const { t } = useTranslation()
  if (values.kind !== 'tls-server' && values.kind !== 'tls-client') return null
  const server = values.kind === 'tls-server'
  return (
    <fieldset className="tls-fields" data-testid="tls-fields">
      <legend>{t('form.tls.legend')}</legend>
      {server ? (
        <>
          <PemFile id={`${idBase}-tls-cert`} label={t('form.tls.cert')} loaded={values.tlsCert !== undefined} onText={(text) => set('tlsCert', text)} />
          <PemFile id={`${idBase}-tls-key`} label={t('form.tls.key')} loaded={values.tlsKey !== undefined} onText={(text) => set('tlsKey', text)} />
          <p className="field-help">{t('form.tls.selfSignedHelp')}</p>
          <label className="check">
            <input type="checkbox" checked={values.tlsRequestCert ?? false} onChange={(e) => set('tlsRequestCert', e.target.checked)} data-testid="tls-request-cert" />
            {t('form.tls.requestCert')}
          </label>
          {values.tlsRequestCert && (
            <>
              <p className="field-help">{t('form.tls.requestCertHelp')}</p>
              <PemFile id={`${idBase}-tls-ca`} label={t('form.tls.clientCa')} loaded={values.tlsCa !== undefined} onText={(text) => set('tlsCa', text)} />
            </>
          )}
        </>
      ) : (
        <>
          <PemFile id={`${idBase}-tls-ca`} label={t('form.tls.ca')} loaded={values.tlsCa !== undefined} onText={(text) => set('tlsCa', text)} />
          <div className="field">
            <label htmlFor={`${idBase}-tls-servername`}>{t('form.tls.servername')}</label>
            <input id={`${idBase}-tls-servername`} value={values.tlsServername ?? ''} placeholder="localhost" onChange={(e) => set('tlsServername', e.target.value)} spellCheck={false} autoComplete="off" />
          </div>
          <label className="check">
            <input type="checkbox" checked={values.tlsInsecure ?? false} onChange={(e) => set('tlsInsecure', e.target.checked)} data-testid="tls-insecure" />
            {t('form.tls.insecure')}
          </label>
          <PemFile id={`${idBase}-tls-cert`} label={t('form.tls.clientCert')} loaded={values.tlsCert !== undefined} onText={(text) => set('tlsCert', text)} />
          <PemFile id={`${idBase}-tls-key`} label={t('form.tls.clientKey')} loaded={values.tlsKey !== undefined} onText={(text) => set('tlsKey', text)} />
          <p className="field-help">{t('form.tls.clientCertHelp')}</p>
        </>
      )}
      <div className="field">
        <label htmlFor={`${idBase}-tls-alpn`}>{t('form.tls.alpn')}</label>
        <input id={`${idBase}-tls-alpn`} value={values.tlsAlpn ?? ''} placeholder="h2,http/1.1" onChange={(e) => set('tlsAlpn', e.target.value)} spellCheck={false} autoComplete="off" />
      </div>
    </fieldset>
  )
}

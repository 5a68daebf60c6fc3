// What a TLS endpoint's handshake negotiated (a client) or the certificate it serves (a server),
// folded under the addresses: protocol, cipher, ALPN, whether the certificate verified, the chain.
import { useTranslation } from 'react-i18next'
import type { TlsCertificateInfo, TlsInfo } from '../../../../shared/api'

function Certificate({ cert, title }: { cert: TlsCertificateInfo; title: string }): React.JSX.Element {
  const { t } = useTranslation()
  return (
    <div className="tls-certificate" data-testid="tls-certificate">
      <dt>{title}</dt>
      <dd className="mono">{cert.subject}</dd>
      <dt>{t('tls.issuer')}</dt>
      <dd className="mono">{cert.selfSigned ? t('tls.selfSigned') : cert.issuer}</dd>
      <dt>{t('tls.validity')}</dt>
      <dd className="mono">{t('tls.validRange', { from: cert.validFrom, to: cert.validTo })}</dd>
      {cert.subjectAltNames && (
        <>
          <dt>{t('tls.names')}</dt>
          <dd className="mono">{cert.subjectAltNames}</dd>
        </>
      )}
      <dt>{t('tls.fingerprint')}</dt>
      <dd className="mono tls-fingerprint">{cert.fingerprint256}</dd>
    </div>
  )
}

export function TlsDetails({ tls }: { tls: TlsInfo }): React.JSX.Element {
  const { t } = useTranslation()
  const negotiated = tls.protocol !== undefined
  return (
    <details className="tls-details" data-testid="tls-details">
      <summary>
        {t('tls.summary')}
        {negotiated && ` ${tls.protocol} · ${tls.cipher ?? ''}`}
        {tls.authorized === true && ` · ${t('tls.verified')}`}
      </summary>
      <dl>
        {negotiated && (
          <>
            <dt>{t('tls.protocol')}</dt>
            <dd className="mono">{tls.protocol}</dd>
            <dt>{t('tls.cipher')}</dt>
            <dd className="mono">{tls.cipher}</dd>
            <dt>{t('tls.alpn')}</dt>
            <dd className="mono">{tls.alpn || t('tls.alpnNone')}</dd>
          </>
        )}
        {tls.servername && (
          <>
            <dt>{t('tls.servername')}</dt>
            <dd className="mono">{tls.servername}</dd>
          </>
        )}
        {tls.authorized === false && (
          <dd className="tls-unverified" data-testid="tls-unverified">
            {t('tls.notVerified', { reason: tls.authorizationError ?? '?' })}
          </dd>
        )}
        {tls.certificate && <Certificate cert={tls.certificate} title={t('tls.certificate')} />}
        {tls.peerChain?.map((c, i) => <Certificate key={c.fingerprint256} cert={c} title={i === 0 ? t('tls.certificate') : t('tls.chainIssuer', { n: i })} />)}
      </dl>
    </details>
  )
}

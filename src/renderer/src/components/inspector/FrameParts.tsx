// What a selected frame is made of: payload and header sizes (the numbers its timeline row and the
// CLI show), and every field of a JSON header, so a file transfer's name and size can be checked.
import { useTranslation } from 'react-i18next'
import { headerFields } from '../../../../shared/codec'
import { formatCount } from '../../format'
import type { Row } from '../../store/timeline/timeline-log'

/** The inspector has room for the whole header of a lesson's file transfer; a wild one is cut. */
const FIELDS_SHOWN = 64
const VALUE_CHARS = 400

export function FrameParts({ row }: { row: Row }): React.JSX.Element {
  const { t } = useTranslation()
  const { fields, more } = headerFields(row.extra?.meta, { maxFields: FIELDS_SHOWN, maxChars: VALUE_CHARS })
  const trailer = row.length - row.aux - row.payloadLength
  return (
    <div className="frame-parts small" data-testid="frame-parts">
      <p className="mono" data-testid="frame-sizes">
        {row.aux > 0 ? t('frameSummary.sizeWithHeader', { payload: row.payloadLength, header: row.aux }) : t('frameSummary.size', { payload: row.payloadLength })}
        <span className="muted">
          {' · '}
          {t('frameSummary.inStream', { length: formatCount(row.length) })}
          {trailer > 0 && ` · ${t('frameSummary.trailer', { count: trailer })}`}
        </span>
      </p>
      {fields.length > 0 && (
        <dl className="frame-header-fields" data-testid="frame-header-fields" aria-label={t('frameSummary.headerFields')}>
          {fields.map((f) => (
            <div key={f.key}>
              <dt className="mono">{f.key}</dt>
              <dd className="mono">{f.value}</dd>
            </div>
          ))}
          {more > 0 && <p className="muted">{t('frameSummary.moreFields', { count: more })}</p>}
        </dl>
      )}
    </div>
  )
}

// The numbers the bytes at the cursor could be, both byte orders, and checksums of the selection.
import { useTranslation } from 'react-i18next'
import { CHECKSUMS, checksum, inspectAt } from '../../../../shared/codec'

function show(v: number | bigint | null): string {
  if (v === null) return '—'
  if (typeof v === 'number' && !Number.isInteger(v)) return Number.isFinite(v) ? v.toPrecision(7) : String(v)
  return String(v)
}

export function DataInspector({ bytes, cursor, selection }: { bytes: Uint8Array; cursor: number; selection: Uint8Array }): React.JSX.Element {
  const { t } = useTranslation()
  const values = inspectAt(bytes, cursor)
  return (
    <div className="data-inspector" data-testid="data-inspector">
      <table className="inspector-table">
        <caption>{t('inspector.atCursor', { offset: cursor })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('inspector.type')}</th>
            <th scope="col">{t('inspector.le')}</th>
            <th scope="col">{t('inspector.be')}</th>
          </tr>
        </thead>
        <tbody>
          {values.map((v) => (
            <tr key={v.type}>
              <th scope="row">{v.type}</th>
              <td className="mono">{show(v.le)}</td>
              <td className="mono">{show(v.be)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="inspector-table">
        <caption>{t('inspector.checksums', { count: selection.length })}</caption>
        <tbody>
          {CHECKSUMS.map((c) => (
            <tr key={c.name}>
              <th scope="row">{c.label}</th>
              <td className="mono">0x{checksum(selection, c.name).toString(16).padStart(c.width * 2, '0')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

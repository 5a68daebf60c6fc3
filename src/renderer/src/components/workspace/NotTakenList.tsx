// What an import left out, one line each: which item, and why.
import { useTranslation } from 'react-i18next'
import type { NotTaken } from '../../../../shared/workspace-file'
import type { SkippedPacket } from '../../../../shared/import/packet-sender'

export function NotTakenList({ items }: { items: NotTaken[] }): React.JSX.Element {
  const { t } = useTranslation()
  return (
    <ul className="not-taken" data-testid="not-taken">
      {items.map((n, i) => {
        const what = t(`workspaceFile.part_${n.part}`, { index: n.index, label: n.label ?? '' })
        const why =
          n.reason === 'invalid' && !n.field
            ? t('workspaceFile.reason_invalidNoField')
            : t(`workspaceFile.reason_${n.reason}`, { field: n.field ?? '', detail: n.detail ?? '' })
        return (
          <li key={i} title={n.detail}>
            <strong>{what}</strong>
            {n.part !== 'field' && n.label ? ` “${n.label}”` : ''}: {why}
          </li>
        )
      })}
    </ul>
  )
}

export function SkippedPacketList({ items }: { items: SkippedPacket[] }): React.JSX.Element {
  const { t } = useTranslation()
  return (
    <ul className="not-taken" data-testid="skipped-packets">
      {items.map((s, i) => (
        <li key={i}>
          <strong>{s.name}</strong>: {t(`workspaceFile.skip_${s.reason}`, { detail: s.detail ?? '' })}
        </li>
      ))}
    </ul>
  )
}

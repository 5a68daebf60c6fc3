// Shows the packets a Packet Sender file holds, with their targets and what is left out and why,
// before they become saved payloads. Also says plainly when the file could not be read at all.
import { useTranslation } from 'react-i18next'
import type { PacketImport } from '../../../../shared/import/packet-sender'
import { Dialog } from '../common/Dialog'
import { SkippedPacketList } from './NotTakenList'
import type { PendingImport } from './WorkspaceMenu'

const SHOWN = 50

export function ImportPacketsDialog({
  pending,
  onAdd,
  onClose
}: {
  pending: Extract<PendingImport, { kind: 'packets' | 'failed' }>
  onAdd(result: PacketImport): void
  onClose(): void
}): React.JSX.Element {
  const { t } = useTranslation()
  if (pending.kind === 'failed') {
    return (
      <Dialog onClose={onClose}>
        <div className="dialog import-dialog" role="alertdialog" aria-modal="true" aria-labelledby="import-failed-title" data-testid="import-failed-dialog">
          <h2 id="import-failed-title">{t('workspaceFile.readFailed', { name: pending.fileName })}</h2>
          <p className="dialog-intro">{pending.message}</p>
          {pending.detail && <p className="muted small mono">{pending.detail}</p>}
          <div className="dialog-actions">
            <button type="button" className="secondary" autoFocus onClick={onClose}>
              {t('common.dismiss')}
            </button>
          </div>
        </div>
      </Dialog>
    )
  }
  const { packets, skipped } = pending.result
  return (
    <Dialog onClose={onClose}>
      <div className="dialog import-dialog" role="dialog" aria-modal="true" aria-labelledby="import-packets-title" data-testid="import-packets-dialog">
        <h2 id="import-packets-title">{t('workspaceFile.packetsTitle', { name: pending.fileName })}</h2>
        <p className="dialog-intro">{packets.length > 0 ? t('workspaceFile.packetsIntro', { count: packets.length }) : t('workspaceFile.packetsNone')}</p>
        {packets.length > 0 && (
          <ul className="import-packets" data-testid="import-packets-list">
            {packets.slice(0, SHOWN).map((p) => (
              <li key={p.name}>
                <strong>{p.name}</strong>{' '}
                <span className="muted mono">
                  {t('workspaceFile.target', { transport: p.target.transport.toUpperCase(), host: p.target.host, port: p.target.port })} · {p.byteLength} B
                  {p.repeatSeconds > 0 ? ` · ${t('workspaceFile.repeatEvery', { seconds: p.repeatSeconds })}` : ''}
                </span>
              </li>
            ))}
            {packets.length > SHOWN && <li className="muted">…</li>}
          </ul>
        )}
        {skipped.length > 0 && (
          <details open>
            <summary>{t('workspaceFile.skippedTitle', { count: skipped.length })}</summary>
            <SkippedPacketList items={skipped} />
          </details>
        )}
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" autoFocus disabled={packets.length === 0} onClick={() => onAdd(pending.result)} data-testid="import-packets-add">
            {t('workspaceFile.addPackets', { count: packets.length })}
          </button>
        </div>
      </div>
    </Dialog>
  )
}

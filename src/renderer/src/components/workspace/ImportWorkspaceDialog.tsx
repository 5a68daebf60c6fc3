// Shows what a workspace file holds and what of it cannot be taken; replaces the current workspace
// only when the user presses Replace.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AppError, SocketLabApi } from '../../../../shared/api'
import type { WorkspaceImport } from '../../../../shared/workspace-file'
import { Dialog } from '../common/Dialog'
import { ErrorNote } from '../common/ErrorNote'
import { replaceWorkspace } from '../../store/workspace-sync'
import { NotTakenList } from './NotTakenList'

export function ImportWorkspaceDialog({ api, fileName, result, onClose }: { api: SocketLabApi; fileName: string; result: WorkspaceImport; onClose(): void }): React.JSX.Element {
  const { t } = useTranslation()
  const [busy, setBusy] = useState(false)
  const [errors, setErrors] = useState<AppError[]>([])
  const { workspace, notTaken } = result

  const replace = async (): Promise<void> => {
    setBusy(true)
    const failed = await replaceWorkspace(api, workspace)
    setBusy(false)
    if (failed.length === 0) onClose()
    else setErrors(failed)
  }

  return (
    <Dialog onClose={() => (busy ? undefined : onClose())}>
      <div className="dialog import-dialog" role="dialog" aria-modal="true" aria-labelledby="import-workspace-title" data-testid="import-workspace-dialog">
        <h2 id="import-workspace-title">{t('workspaceFile.importTitle', { name: fileName })}</h2>
        <p className="dialog-intro">
          {t('workspaceFile.importIntro', { endpoints: workspace.endpoints.length, payloads: workspace.savedPayloads.length, sequences: workspace.sequences?.length ?? 0, history: workspace.history.length })}
        </p>
        {notTaken.length > 0 ? (
          <details open>
            <summary>{t('workspaceFile.notTakenTitle', { count: notTaken.length })}</summary>
            <NotTakenList items={notTaken} />
          </details>
        ) : (
          <p className="muted">{t('workspaceFile.allTaken')}</p>
        )}
        <p className="warning-text">{t('workspaceFile.replaceWarning')}</p>
        {errors.map((e, i) => (
          <ErrorNote key={i} error={e} compact />
        ))}
        <div className="dialog-actions">
          <button type="button" className="secondary" autoFocus onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </button>
          <button type="button" className="danger" aria-disabled={busy || undefined} onClick={() => void (busy ? undefined : replace())} data-testid="import-workspace-replace">
            {busy ? t('workspaceFile.replacing') : t('workspaceFile.replace')}
          </button>
        </div>
      </div>
    </Dialog>
  )
}

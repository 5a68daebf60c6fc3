// Saved payloads (named, kept in the workspace) and the send history, both loadable into the composer.
import { useState } from 'react'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import type { ComposerDraft } from '../../../../shared/api'
import { useWorkspace, type SavedPayload } from '../../store/workspace-store'

/** A history entry: its mode as the composer names it, then the start of its text. */
function summary(d: ComposerDraft, t: TFunction): string {
  const text = d.text.length > 40 ? `${d.text.slice(0, 40)}…` : d.text
  return `[${t(`composer.modes.${d.mode}`)}] ${text}`
}

export function PayloadLibrary({ draft, onLoad }: { draft: ComposerDraft; onLoad(d: SavedPayload | ComposerDraft): void }): React.JSX.Element {
  const { t } = useTranslation()
  const saved = useWorkspace((s) => s.savedPayloads)
  const history = useWorkspace((s) => s.history)
  const savePayload = useWorkspace((s) => s.savePayload)
  const deletePayload = useWorkspace((s) => s.deletePayload)
  const [name, setName] = useState('')

  const save = (e: React.FormEvent): void => {
    e.preventDefault()
    const trimmed = name.trim()
    if (!trimmed) return
    const { mode, text, encoding, lineEnding, framing, checksum, macros } = draft
    savePayload({ mode, text, encoding, lineEnding, framing, checksum, ...(macros === true ? { macros } : {}), name: trimmed.slice(0, 120) })
    setName('')
  }

  return (
    <div className="payload-library">
      <form className="save-payload" onSubmit={save}>
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder={t('composer.saveName')} aria-label={t('composer.saveName')} maxLength={120} data-testid="save-name" />
        <button type="submit" className="secondary small" disabled={!name.trim()} data-testid="save-payload">
          {t('composer.save')}
        </button>
      </form>
      <details open={saved.length > 0}>
        <summary>{t('composer.saved', { count: saved.length })}</summary>
        <ul className="library-list" data-testid="saved-payloads">
          {saved.map((p) => (
            <li key={p.name}>
              <button type="button" className="link" title={summary(p, t)} onClick={() => onLoad(p)}>
                {p.name}
              </button>
              {p.target && (
                <span className="muted small mono" data-testid="saved-payload-target">
                  {t('workspaceFile.target', { transport: p.target.transport.toUpperCase(), host: p.target.host, port: p.target.port })}
                  {p.repeatSeconds ? ` · ${t('workspaceFile.repeatEvery', { seconds: p.repeatSeconds })}` : ''}
                </span>
              )}
              <button type="button" className="link danger-link" aria-label={t('composer.deleteSaved', { name: p.name })} onClick={() => deletePayload(p.name)}>
                ✕
              </button>
            </li>
          ))}
        </ul>
      </details>
      <details>
        <summary>{t('composer.history', { count: history.length })}</summary>
        <ul className="library-list" data-testid="send-history">
          {history.map((d, i) => (
            <li key={i}>
              <button type="button" className="link mono" onClick={() => onLoad(d)}>
                {summary(d, t)}
              </button>
            </li>
          ))}
        </ul>
      </details>
    </div>
  )
}

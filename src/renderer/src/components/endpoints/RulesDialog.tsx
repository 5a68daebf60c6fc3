// The rules of a server that exists already, edited in a dialog and applied to it as it runs
// (updateEndpoint takes a responder): the next message is answered by the new rules. Opened with
// the rules the server has, so applying without a change gives it back exactly the same ones.
import { useId, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { EndpointInfo } from '../../../../shared/api'
import { useApi } from '../../api/api-context'
import { localizeEndpointName } from '../../i18n/localize'
import { useAppStore } from '../../store/app-store'
import { Dialog } from '../common/Dialog'
import { ErrorNote } from '../common/ErrorNote'
import { focusFirstRefusedRule, RulesEditor } from './RulesEditor'
import { checkDraft, draftOf, emptyDraft, type RulesDraft } from './rules-model'
import { useAction } from './use-action'

export function RulesDialog({ ep, onClose }: { ep: EndpointInfo; onClose(): void }): React.JSX.Element {
  const { t } = useTranslation()
  const api = useApi()
  const action = useAction()
  const idBase = useId()
  const [draft, setDraft] = useState<RulesDraft>(() => {
    const responder = 'responder' in ep.config ? ep.config.responder : undefined
    return responder?.kind === 'rules' ? draftOf(responder) : emptyDraft()
  })
  const check = useMemo(() => checkDraft(draft, (n) => t('rules.rule', { n })), [draft, t])
  const refused = check.config === undefined

  const apply = (e: React.FormEvent): void => {
    e.preventDefault()
    const config = check.config
    if (!config) return focusFirstRefusedRule(e.currentTarget)
    if (action.busy) return
    void action.run(
      () => api.updateEndpoint({ endpointId: ep.id, responder: config }),
      (info) => {
        useAppStore.getState().upsertEndpoint(info)
        onClose()
      }
    )
  }

  return (
    <Dialog onClose={onClose}>
      <form className="dialog rules-dialog" role="dialog" aria-modal="true" aria-labelledby={`${idBase}-title`} onSubmit={apply} noValidate data-testid="rules-dialog">
        <h2 id={`${idBase}-title`}>{t('rules.editTitle', { name: localizeEndpointName(ep.name) })}</h2>
        <p className="muted dialog-intro">{t('rules.editIntro')}</p>
        <RulesEditor draft={draft} check={check} onChange={setDraft} idBase={idBase} datagrams={ep.kind === 'udp'} />
        {action.error && <ErrorNote error={action.error} onDismiss={action.clear} />}
        <div className="dialog-actions">
          {refused && <span className="field-error">{t('rules.errors.invalid')}</span>}
          <button type="button" className="secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          {/* Never disabled (that drops the focus): while a rule is refused it only says so. */}
          <button type="submit" aria-disabled={refused || action.busy || undefined} data-testid="rules-apply">
            {action.busy ? t('rules.applying') : t('rules.apply')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}

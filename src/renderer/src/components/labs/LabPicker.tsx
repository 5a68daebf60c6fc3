// The list of labs, in course order; picking one opens it.
import { useTranslation } from 'react-i18next'
import { LABS, inLanguage, type Lab } from '../../../../shared/labs'
import { useApi } from '../../api/api-context'
import { startLab, useLabs } from '../../store/lab-store'
import { Dialog } from '../common/Dialog'
import { useLabLanguage } from './use-lab-language'

export function LabPicker({ onClose }: { onClose(): void }): React.JSX.Element {
  const { t } = useTranslation()
  const api = useApi()
  const language = useLabLanguage()
  const running = useLabs((s) => s.active?.labId)

  const open = (lab: Lab): void => {
    onClose()
    void startLab(api, lab, language)
  }

  return (
    <Dialog onClose={onClose}>
      <div className="dialog lab-picker" role="dialog" aria-modal="true" aria-labelledby="lab-picker-title" data-testid="lab-picker">
        <h2 id="lab-picker-title">{t('labs.pickerTitle')}</h2>
        <p className="dialog-intro">{t('labs.pickerIntro')}</p>
        <ol className="lab-list">
          {LABS.map((lab, i) => (
            <li key={lab.id}>
              <button type="button" className="lab-choice" onClick={() => open(lab)} data-testid={`lab-${lab.id}`} autoFocus={i === 0}>
                <span className="lab-number">{t('labs.numbered', { order: lab.order })}</span>
                <strong>{inLanguage(lab.title, language)}</strong>
                {running === lab.id && <span className="badge-running">{t('labs.running')}</span>}
                <span className="muted small">{inLanguage(lab.summary, language)}</span>
              </button>
            </li>
          ))}
        </ol>
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </div>
    </Dialog>
  )
}

// One of the lesson's programs, with the lab's address filled in, to copy or save and run.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { fillProgram, inLanguage, type LabProgram as Program } from '../../../../shared/labs'
import { reachableAddress } from '../../store/lab-store'
import { useAppStore } from '../../store/app-store'
import { saveTextFile } from '../workspace/save-text-file'
import { useLabLanguage } from './use-lab-language'

export function LabProgram({ program, endpointId }: { program: Program; endpointId: string | undefined }): React.JSX.Element {
  const { t } = useTranslation()
  const language = useLabLanguage()
  const info = useAppStore((s) => (endpointId ? s.endpoints[endpointId] : undefined))
  const address = reachableAddress(info)
  const [copied, setCopied] = useState(false)
  const code = address ? fillProgram(program, address) : undefined

  const copy = async (): Promise<void> => {
    if (!code) return
    try {
      await navigator.clipboard.writeText(code)
      setCopied(true)
      setTimeout(() => setCopied(false), 2000)
    } catch {
      // Refused (no permission, an insecure page): the code is on screen to select by hand.
      setCopied(false)
    }
  }

  return (
    <div className="lab-program" data-testid="lab-program" data-file={program.fileName}>
      <div className="lab-program-head">
        <strong>{inLanguage(program.title, language)}</strong> <span className="mono muted">{program.fileName}</span>
      </div>
      {code ? (
        <>
          <p className="muted small">{t('labs.programHelp', { file: program.fileName })}</p>
          <pre className="lab-code mono" data-testid="lab-program-code">
            {code}
          </pre>
          <div className="lab-program-actions">
            <button type="button" className="secondary small" onClick={() => void copy()} data-testid="lab-program-copy">
              {copied ? t('labs.copied') : t('labs.copy')}
            </button>
            <button type="button" className="secondary small" onClick={() => saveTextFile(program.fileName, code, 'text/x-python')}>
              {t('labs.save', { file: program.fileName })}
            </button>
          </div>
        </>
      ) : (
        <p className="muted small">{t('labs.programWaiting')}</p>
      )}
    </div>
  )
}

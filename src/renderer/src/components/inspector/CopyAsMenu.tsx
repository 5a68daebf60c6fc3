// Copies the selected bytes (or all of them) in a form another tool takes: hex, a C array, Python bytes...
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AppError } from '../../../../shared/api'
import { COPY_FORMATS, copyAs, hexDump } from '../../../../shared/codec'
import { ErrorNote } from '../common/ErrorNote'
import { Menu } from '../common/Menu'

export function CopyAsMenu({ bytes, baseOffset }: { bytes: Uint8Array; baseOffset: number }): React.JSX.Element {
  const { t } = useTranslation()
  const [copied, setCopied] = useState<string>()
  const [error, setError] = useState<AppError>()

  const copy = async (label: string, text: string): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text)
      setError(undefined)
      setCopied(label)
      setTimeout(() => setCopied(undefined), 1500)
    } catch (err) {
      setError({ code: 'ECLIPBOARD', message: err instanceof Error ? err.message : String(err), hint: t('inspector.clipboardHint') })
    }
  }

  const items = [
    ...COPY_FORMATS.map((f) => ({ key: f.format, label: t(`copyFormat.${f.format}`), onSelect: () => void copy(f.label, copyAs(bytes, f.format)) })),
    { key: 'dump', label: t('copyFormat.dump'), onSelect: () => void copy('dump', hexDump(bytes, { baseOffset })) }
  ]
  return (
    <span className="copy-as">
      <Menu label={`${t('inspector.copyAs', { count: bytes.length })} ▾`} items={items} buttonClass="secondary small" testId="copy-as" />
      {copied && (
        <span className="muted small" role="status">
          {t('inspector.copied')}
        </span>
      )}
      {error && <ErrorNote error={error} onDismiss={() => setError(undefined)} compact />}
    </span>
  )
}

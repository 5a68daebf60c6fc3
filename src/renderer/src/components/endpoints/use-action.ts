// Runs one API call for a button: tracks busy, keeps the error to show beside the button.
import { useCallback, useState } from 'react'
import type { AppError, Result } from '../../../../shared/api'

export function useAction(): {
  busy: boolean
  error: AppError | undefined
  clear(): void
  run<T>(call: () => Promise<Result<T>>, onOk?: (value: T) => void): Promise<void>
} {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<AppError>()
  const run = useCallback(async <T,>(call: () => Promise<Result<T>>, onOk?: (value: T) => void): Promise<void> => {
    setBusy(true)
    setError(undefined)
    try {
      const r = await call()
      if (r.ok) onOk?.(r.value)
      else setError(r.error)
    } finally {
      setBusy(false)
    }
  }, [])
  return { busy, error, clear: useCallback(() => setError(undefined), []), run }
}

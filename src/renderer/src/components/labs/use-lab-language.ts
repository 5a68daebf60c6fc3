import { useAppStore } from '../../store/app-store'
import type { LabLanguage } from '../../../../shared/labs'

/** The language lab texts are shown in: the window's. */
export function useLabLanguage(): LabLanguage {
  return useAppStore((s) => s.settings?.language ?? 'en')
}

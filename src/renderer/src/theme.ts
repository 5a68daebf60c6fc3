// Light and dark follow the system unless the user picked one; CSS reads data-theme on <html>.
import type { Settings } from '../../shared/api'

export function applyTheme(theme: Settings['theme'], root: HTMLElement = document.documentElement): void {
  if (theme === 'system') delete root.dataset.theme
  else root.dataset.theme = theme
}

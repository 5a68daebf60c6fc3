// Translations for the whole window. English is the source; Simplified Chinese is written for a
// networking class. Both are plain TS modules, so they ship in the bundle (no fetching under CSP).
import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import { en } from './en'
import { zhCN } from './zh-CN'

export type Language = 'en' | 'zh-CN'
export const LANGUAGES: readonly Language[] = ['en', 'zh-CN']

export const i18n = i18next.createInstance()

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  lng: 'en',
  fallbackLng: 'en',
  // React escapes what it renders; escaping here too would show &amp; in the window.
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false
})

export function setLanguage(language: Language): void {
  if (i18n.language !== language) void i18n.changeLanguage(language)
  document.documentElement.lang = language
}

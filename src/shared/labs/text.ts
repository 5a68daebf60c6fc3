// Small helpers for writing labs: a text in both languages, and a Python program with its address
// filled in.
import type { LabLanguage, LabProgram, LabText } from './types'

export function text(en: string, zh: string): LabText {
  return { en, 'zh-CN': zh }
}

/** The placeholders a program template may hold; any other brace is Python's own. */
export const PROGRAM_PLACEHOLDERS = ['{host}', '{port}'] as const

/** The program with `{host}` and `{port}` replaced, ready to save and run with python3. */
export function fillProgram(program: LabProgram, address: { host: string; port: number }): string {
  return program.template.replaceAll('{host}', address.host).replaceAll('{port}', String(address.port))
}

/** A text in the language asked for, falling back to English. */
export function inLanguage(t: LabText, language: LabLanguage): string {
  return t[language] || t.en
}

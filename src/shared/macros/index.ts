// Payload macros, parsed once and expanded per send: see template.ts for the syntax, expand.ts for
// what each macro counts.
import { appendLineEnding, type LineEnding, type PayloadInput } from '../codec'
import { expandMacros, type MacroContext } from './expand'
import { parseMacroTemplate } from './template'

export * from './template'
export { expandMacros, maxExpandedSize, type MacroContext } from './expand'

/** A payload with macros as one send carries it: macros filled in, then the line ending. */
export function expandPayload(input: PayloadInput, ctx: MacroContext): Uint8Array {
  const encoding = input.encoding ?? 'utf-8'
  const bytes = expandMacros(parseMacroTemplate(input), ctx)
  return appendLineEnding(bytes, (input.lineEnding ?? 'none') as LineEnding, encoding)
}

import { encodeText, type TextEncodingName } from './encodings'
import { CodecError, invalid } from './errors'

const SIMPLE: Record<string, string> = { n: '\n', r: '\r', t: '\t', '0': '\0', '\\': '\\' }

function hexValue(text: string, from: number, count: number): number {
  let v = 0
  for (let k = 0; k < count; k++) {
    const c = text.charCodeAt(from + k)
    const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66 ? (c | 0x20) - 0x57 : -1
    if (d < 0) return -1
    v = v * 16 + d
  }
  return v
}

/**
 * Text with escapes to bytes. Characters (including \n and \uXXXX) are encoded in `encoding`;
 * `\xHH` is a raw byte inserted as is, so "caf\xe9" sends the byte e9 whatever the encoding.
 */
export function parseEscapedText(text: string, encoding: TextEncodingName = 'utf-8'): Uint8Array {
  const parts: Uint8Array[] = []
  let run = ''
  let runPositions: number[] = []
  const flush = (): void => {
    if (run.length === 0) return
    try {
      parts.push(encodeText(run, encoding))
    } catch (err) {
      throw err instanceof CodecError ? relocate(err, run, runPositions) : err
    }
    run = ''
    runPositions = []
  }
  let i = 0
  while (i < text.length) {
    const slash = text.indexOf('\\', i)
    const end = slash < 0 ? text.length : slash
    for (let k = i; k < end; k++) runPositions.push(k)
    run += text.slice(i, end)
    if (slash < 0) break
    const kind = text[slash + 1]
    if (kind === undefined) throw invalid({ id: 'loneBackslash', hintId: 'escapes', params: { position: slash } })
    const simple = SIMPLE[kind]
    if (simple !== undefined) {
      run += simple
      runPositions.push(slash)
      i = slash + 2
    } else if (kind === 'x') {
      const v = hexValue(text, slash + 2, 2)
      if (v < 0) throw invalid({ id: 'badEscapeX', hintId: 'escapes', params: { position: slash, got: text.slice(slash + 2, slash + 4) } })
      flush()
      parts.push(Uint8Array.of(v))
      i = slash + 4
    } else if (kind === 'u') {
      const v = hexValue(text, slash + 2, 4)
      if (v < 0) throw invalid({ id: 'badEscapeU', hintId: 'escapes', params: { position: slash, got: text.slice(slash + 2, slash + 6) } })
      run += String.fromCharCode(v)
      runPositions.push(slash)
      i = slash + 6
    } else {
      throw invalid({ id: 'unknownEscape', hintId: 'escapes', params: { position: slash, escape: kind } })
    }
  }
  flush()
  return concatBytes(parts)
}

/** Rewrites "at position N" in an encoding error from the run's index to the source text's. */
function relocate(err: CodecError, run: string, positions: number[]): CodecError {
  const m = / at position (\d+)/.exec(err.message)
  if (!m) return err
  const src = positions[Number(m[1])] ?? 0
  const ref = { id: err.id, hintId: err.hintId, params: err.params ? { ...err.params, position: src } : undefined }
  return new CodecError(err.code, err.message.replace(m[0], ` at position ${src}`), err.hint, ref)
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!
  let total = 0
  for (const p of parts) total += p.length
  const out = new Uint8Array(total)
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

// Reads the INI files Qt's QSettings writes (QSettings::IniFormat), as Packet Sender keeps its saved
// packets. Only reading, and only what such files hold: sections and keys with Qt's %XX and %UXXXX
// escapes (a backslash in a key is a group separator), values quoted or not with C-style escapes,
// unquoted commas making a list, and the @String/@ByteArray markers. @Variant values (binary
// QDataStream) are kept as written: nothing here needs them.

/** A value as QSettings gives it back: a string, or a list when the value had unquoted commas. */
export type IniValue = string | string[]

/** Every key of the file as QSettings names it: `group/key`, with keys of [General] at the top. */
export type IniKeys = Map<string, IniValue>

/** Undoes Qt's key escaping: `%XX` a byte-sized char, `%UXXXX` any UTF-16 unit, `\` becomes `/`. */
export function unescapeIniKey(raw: string): string {
  let out = ''
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!
    if (ch === '\\') {
      out += '/'
    } else if (ch === '%' && raw[i + 1] === 'U' && /^[0-9A-Fa-f]{4}$/.test(raw.slice(i + 2, i + 6))) {
      out += String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16))
      i += 5
    } else if (ch === '%' && /^[0-9A-Fa-f]{2}$/.test(raw.slice(i + 1, i + 3))) {
      out += String.fromCharCode(parseInt(raw.slice(i + 1, i + 3), 16))
      i += 2
    } else {
      out += ch
    }
  }
  return out
}

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '"': '"', "'": "'", '\\': '\\', '?': '?' }

/** One value's text after `=`: its strings, split at unquoted commas, escapes undone. */
export function unescapeIniValue(raw: string): IniValue {
  const parts: string[] = []
  let current = ''
  let quoted = false
  let sawQuote = false
  // Unquoted whitespace is dropped at the ends of each part; Qt keeps it inside.
  let pendingSpace = ''
  const flush = (): void => {
    parts.push(current)
    current = ''
    pendingSpace = ''
    sawQuote = false
  }
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!
    if (ch === '"') {
      if (!quoted && pendingSpace && current) current += pendingSpace
      pendingSpace = ''
      quoted = !quoted
      sawQuote = true
      continue
    }
    if (ch === '\\' && i + 1 < raw.length) {
      const next = raw[i + 1]!
      if (!quoted && pendingSpace && current) current += pendingSpace
      pendingSpace = ''
      if (next in SIMPLE_ESCAPES) {
        current += SIMPLE_ESCAPES[next]
        i++
      } else if (next === 'x') {
        let j = i + 2
        while (j < raw.length && /[0-9A-Fa-f]/.test(raw[j]!)) j++
        const hex = raw.slice(i + 2, j)
        if (hex) current += String.fromCharCode(parseInt(hex.slice(-4), 16))
        i = j - 1
      } else if (/[0-7]/.test(next)) {
        let j = i + 1
        while (j < raw.length && j < i + 4 && /[0-7]/.test(raw[j]!)) j++
        current += String.fromCharCode(parseInt(raw.slice(i + 1, j), 8))
        i = j - 1
      } else {
        // An unknown escape: Qt drops the backslash.
        current += next
        i++
      }
      continue
    }
    if (quoted) {
      current += ch
      continue
    }
    if (ch === ',') {
      flush()
      continue
    }
    if (ch === ' ' || ch === '\t') {
      pendingSpace += ch
      continue
    }
    if (pendingSpace && (current || sawQuote)) current += pendingSpace
    pendingSpace = ''
    current += ch
  }
  parts.push(current)
  const strings = parts.map(fromVariantString)
  return strings.length === 1 ? strings[0]! : strings
}

/** QSettings' markers for what is not a plain string; `@@` is a literal `@`. */
function fromVariantString(s: string): string {
  if (s.startsWith('@@')) return s.slice(1)
  const marked = /^@(String|ByteArray)\(([\s\S]*)\)$/.exec(s)
  return marked ? marked[2]! : s
}

/**
 * Every key of an INI file, in the names QSettings uses. Lines continue after a trailing backslash;
 * `;` and `#` start comments outside values; a key repeated later wins, as in Qt.
 */
export function parseQtIni(text: string): IniKeys {
  const keys: IniKeys = new Map()
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)
  let section = ''
  for (let n = 0; n < lines.length; n++) {
    let line = lines[n]!
    while (line.endsWith('\\') && !line.endsWith('\\\\') && n + 1 < lines.length) line = line.slice(0, -1) + lines[++n]!
    const trimmed = line.trim()
    if (!trimmed || trimmed.startsWith(';') || trimmed.startsWith('#')) continue
    if (trimmed.startsWith('[')) {
      const end = trimmed.indexOf(']')
      const raw = trimmed.slice(1, end < 0 ? undefined : end).trim()
      // [General] holds the top-level keys; a group really named General is written [%General].
      section = raw.toLowerCase() === 'general' ? '' : raw.toLowerCase() === '%general' ? 'General' : unescapeIniKey(raw)
      continue
    }
    const eq = line.indexOf('=')
    if (eq < 0) continue
    const key = unescapeIniKey(line.slice(0, eq).trim())
    if (!key) continue
    keys.set(section ? `${section}/${key}` : key, unescapeIniValue(line.slice(eq + 1)))
  }
  return keys
}

/** A value as QVariant::toString would give it: a one-item list is its item, a longer one nothing. */
export function iniString(value: IniValue | undefined): string | undefined {
  if (value === undefined) return undefined
  if (typeof value === 'string') return value
  return value.length === 1 ? value[0] : ''
}

// json.dumps as Python writes it by default: ', ' and ': ' between items, and every character
// outside ASCII escaped as \uXXXX (ensure_ascii), so a client sees the same header bytes as from
// the lesson's server.

function dumpString(s: string): string {
  let out = '"'
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    const ch = s[i]!
    if (ch === '"') out += '\\"'
    else if (ch === '\\') out += '\\\\'
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (ch === '\b') out += '\\b'
    else if (ch === '\f') out += '\\f'
    // UTF-16 units, as Python writes a character beyond U+FFFF: a surrogate pair of escapes.
    else if (c < 0x20 || c > 0x7e) out += '\\u' + c.toString(16).padStart(4, '0')
    else out += ch
  }
  return out + '"'
}

/** A flat object of strings and numbers, as json.dumps(obj) gives it. */
export function pythonJsonDumps(obj: Record<string, string | number>): string {
  return '{' + Object.entries(obj).map(([k, v]) => `${dumpString(k)}: ${typeof v === 'number' ? String(v) : dumpString(v)}`).join(', ') + '}'
}

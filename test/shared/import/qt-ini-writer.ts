// Writes INI text the way Qt 5's QSettings does (no codec set): keys escaped with %XX / %UXXXX and
// `/` as `\`, values quoted when they hold , ; = or edge spaces, control and non-ASCII characters as
// \x escapes. Tests use it to make Packet Sender files that Packet Sender itself then reads.

export function escapeIniKey(key: string): string {
  if (key.toLowerCase() === 'general') return '%General'
  let out = ''
  for (const unit of key.split('').map((c) => c.charCodeAt(0))) {
    const ch = String.fromCharCode(unit)
    if (ch === '/') out += '\\'
    else if (/[A-Za-z0-9_.-]/.test(ch)) out += ch
    else if (unit <= 0xff) out += `%${unit.toString(16).toUpperCase().padStart(2, '0')}`
    else out += `%U${unit.toString(16).toUpperCase().padStart(4, '0')}`
  }
  return out
}

export function escapeIniString(value: string): string {
  let out = ''
  let needsQuotes = value.startsWith(' ') || value.endsWith(' ')
  let escapeNextIfHex = false
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!
    const unit = value.charCodeAt(i)
    if (';,='.includes(ch)) needsQuotes = true
    if (escapeNextIfHex && /[0-9A-Fa-f]/.test(ch)) {
      out += `\\x${unit.toString(16)}`
      continue
    }
    escapeNextIfHex = false
    if (ch === '"') out += '\\"'
    else if (ch === '\\') out += '\\\\'
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (unit <= 0x1f || unit >= 0x7f) {
      out += `\\x${unit.toString(16)}`
      escapeNextIfHex = true
    } else out += ch
  }
  if (out.startsWith('@')) out = `@${out}`
  return needsQuotes ? `"${out}"` : out
}

export interface IniPacket {
  name: string
  hexString: string
  toIP: string
  port: number
  tcpOrUdp: string
  repeat?: number
}

/** A packets.ini as Packet Sender's saveToDB leaves it. */
export function packetsIni(packets: IniPacket[], eol = '\n'): string {
  const lines = ['[General]', '', '[NAMES]']
  packets.forEach((p, i) => lines.push(`${i + 1}\\name=${escapeIniString(p.name)}`))
  lines.push(`size=${packets.length}`, '')
  for (const p of packets) {
    lines.push(`[${escapeIniKey(p.name)}]`)
    lines.push('fromIP=You', 'fromPort=0', `hexString=${escapeIniString(p.hexString)}`, `name=${escapeIniString(p.name)}`)
    lines.push(`port=${p.port}`, `repeat=${p.repeat ?? 0}`, 'requestPath=', 'sendResponse=0', `tcpOrUdp=${p.tcpOrUdp}`, 'timestamp="Wed, 2 Dec 2026 07:00:00"', `toIP=${p.toIP}`, '')
  }
  return lines.join(eol)
}

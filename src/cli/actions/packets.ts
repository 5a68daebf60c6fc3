// `socket-lab packets FILE [--send NAME]`: what a Packet Sender file holds, as the window's import
// reads it (with what is left out and why), or one of its packets sent to its target.
import { readFile, stat } from 'node:fs/promises'
import { SocketLabError } from '../../shared/errors'
import { MAX_IMPORT_FILE_BYTES, PacketImportError, readPacketSenderFile, type ImportedPacket, type PacketImport, type SkipReason } from '../../shared/import/packet-sender'
import { UsageError } from '../usage-error'
import { runSend } from './send'

export interface PacketsOptions {
  send?: string
  wait: number
  quiet?: boolean
  json?: boolean
}

const SKIP_WORDS: Record<SkipReason, string> = {
  http: 'an HTTP request: Socket Lab sends raw TCP (write the request as text with `send tcp`)',
  'unknown-protocol': 'not a protocol Socket Lab sends (TCP, UDP, SSL)',
  'no-name': 'it has no name',
  'bad-port': 'the port is not from 1 to 65535',
  'no-host': 'it has no destination address',
  'bad-hex': 'its hex has an odd number of digits',
  'too-long': 'more bytes than a saved payload keeps',
  duplicate: 'another packet has the same name',
  'too-many': 'past the limit of saved payloads'
}

async function load(file: string): Promise<PacketImport> {
  let size: number
  try {
    size = (await stat(file)).size
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'Give the path of a Packet Sender JSON export or its packets.ini (~/.local/share/PacketSender/packets.ini).')
  }
  if (size > MAX_IMPORT_FILE_BYTES) throw new UsageError(`${file} is ${size} bytes: too large for a packet list`, 'Give a Packet Sender JSON export or packets.ini.')
  try {
    return readPacketSenderFile(await readFile(file, 'utf8'))
  } catch (err) {
    if (err instanceof PacketImportError) throw new UsageError(`${file}: ${err.message}`, 'Give a Packet Sender JSON export (a list of packets) or its packets.ini.')
    throw err
  }
}

const targetText = (p: ImportedPacket): string => {
  const host = p.target.host.includes(':') ? `[${p.target.host}]` : p.target.host
  return `${p.target.transport} ${host}:${p.target.port}`
}

export async function runPackets(file: string, o: PacketsOptions): Promise<void> {
  const got = await load(file)
  if (o.send === undefined) {
    if (o.json) {
      for (const p of got.packets) console.log(JSON.stringify({ event: 'packet', ...p }))
      for (const s of got.skipped) console.log(JSON.stringify({ event: 'skipped', ...s, why: SKIP_WORDS[s.reason] }))
      return
    }
    if (got.packets.length === 0) console.log('no packet in this file can be sent')
    for (const p of got.packets) {
      const preview = p.hex.length > 47 ? `${p.hex.slice(0, 47)}…` : p.hex
      console.log(`${p.name}\t${targetText(p)}\t${p.byteLength} B${p.repeatSeconds ? `\tevery ${p.repeatSeconds} s` : ''}\t${preview}`)
    }
    for (const s of got.skipped) console.log(`left out: ${s.name}: ${SKIP_WORDS[s.reason]}${s.detail ? ` (${s.detail})` : ''}`)
    return
  }
  const packet = got.packets.find((p) => p.name === o.send)
  if (!packet) {
    const skipped = got.skipped.find((s) => s.name === o.send)
    if (skipped) throw new UsageError(`packet "${o.send}" cannot be sent: ${SKIP_WORDS[skipped.reason]}`, 'Pick another packet; `socket-lab packets FILE` lists them.')
    throw new UsageError(`no packet named "${o.send}" in ${file}`, `Names are matched exactly; these are in the file: ${got.packets.map((p) => p.name).slice(0, 10).join(', ') || 'none'}.`)
  }
  if (packet.target.transport === 'tls') {
    throw new SocketLabError('ENOTSUP', `packet "${packet.name}" is for SSL/TLS, which the command line cannot send yet`, 'Send its bytes over plain TCP with `socket-lab send tcp` if the server accepts that.')
  }
  const host = packet.target.host.includes(':') ? `[${packet.target.host}]` : packet.target.host
  await runSend(packet.target.transport, `${host}:${packet.target.port}`, packet.hex, {
    hex: true,
    encoding: 'utf-8',
    eol: 'none',
    wait: o.wait,
    delay: true,
    ...(o.quiet ? { quiet: true } : {}),
    ...(o.json ? { json: true } : {})
  })
}

// The packets.ini files these tests read are the ones Packet Sender itself reads: each packet is sent
// by Debian's packetsender (`-n NAME`, its saved-packet option) to a listener on loopback, and the
// bytes that arrive must be the bytes our import makes of the same file.
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo, type Server } from 'node:net'
import { createSocket, type Socket } from 'node:dgram'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readPacketSenderIni } from '../../../src/shared/import/packet-sender'
import { requirePeerTool } from '../../helpers/peer-tools'
import { packetsIni, type IniPacket } from './qt-ini-writer'

const packetsender = requirePeerTool('packetsender')

let home: string
let tcp: Server
let udp: Socket
const tcpReceived: Buffer[] = []
const udpReceived: Buffer[] = []

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'socket-lab-ps-'))
  tcp = createServer((s) => {
    const parts: Buffer[] = []
    s.on('data', (d) => parts.push(d))
    s.on('end', () => tcpReceived.push(Buffer.concat(parts)))
    s.on('error', () => {})
  })
  await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r))
  udp = createSocket('udp4')
  udp.on('message', (m) => udpReceived.push(m))
  await new Promise<void>((r) => udp.bind(0, '127.0.0.1', r))
})

afterAll(async () => {
  udp.close()
  await new Promise((r) => tcp.close(r))
  rmSync(home, { recursive: true, force: true })
})

function sendSaved(name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      packetsender,
      ['-n', name],
      { cwd: home, env: { ...process.env, HOME: home, QT_QPA_PLATFORM: 'offscreen', XDG_DATA_HOME: join(home, '.local', 'share') }, timeout: 15_000 },
      // Packet Sender's exit status is not an error code: what it printed and what arrived decide.
      (err, stdout, stderr) => (err && err.killed ? reject(new Error(`packetsender timed out: ${stderr}`)) : resolve(`${stdout}${stderr}`))
    )
  })
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 50))
  if (!check()) throw new Error(`timed out waiting for ${what}`)
}

describe('Packet Sender reads the same packets.ini', () => {
  it('sends each saved packet as the bytes our import makes of it', async () => {
    const tcpPort = (tcp.address() as AddressInfo).port
    const udpPort = (udp.address() as AddressInfo).port
    const packets: IniPacket[] = [
      { name: 'udp hello', hexString: '68 65 6C 6C 6F 0A', toIP: '127.0.0.1', port: udpPort, tcpOrUdp: 'UDP' },
      { name: '中文, "tcp" = 1', hexString: '00 01 fe ff 41', toIP: '127.0.0.1', port: tcpPort, tcpOrUdp: 'TCP' },
      { name: 'General', hexString: 'de ad be ef', toIP: '127.0.0.1', port: udpPort, tcpOrUdp: 'udp' }
    ]
    const dir = join(home, '.local', 'share', 'PacketSender')
    mkdirSync(dir, { recursive: true })
    const ini = packetsIni(packets, '\r\n')
    writeFileSync(join(dir, 'packets.ini'), ini)
    const imported = readPacketSenderIni(ini)
    expect(imported.skipped).toEqual([])
    expect(imported.packets.map((p) => p.name)).toEqual(packets.map((p) => p.name))

    for (const p of imported.packets) {
      const expected = Buffer.from(p.hex.replace(/ /g, ''), 'hex')
      const list = p.target.transport === 'udp' ? udpReceived : tcpReceived
      const before = list.length
      const printed = await sendSaved(p.name)
      expect(printed, printed).not.toMatch(/not found/i)
      await until(() => list.length > before, `${p.name} to arrive`)
      expect(list[before]).toEqual(expected)
      expect(p.target.port).toBe(p.target.transport === 'udp' ? udpPort : tcpPort)
    }
  })
})

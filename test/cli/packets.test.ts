import { createSocket } from 'node:dgram'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packetsIni } from '../shared/import/qt-ini-writer'
import { runCli } from './run-cli'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'socket-lab-packets-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function write(name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

describe('socket-lab packets', () => {
  it('lists the packets with their targets, and what is left out with the reason', async () => {
    const file = write(
      'list.json',
      JSON.stringify([
        { name: 'ping', hexstring: '70 69 6E 67', toip: '::1', port: '5005', tcporudp: 'UDP', repeat: '2' },
        { name: 'web', hexstring: '', toip: 'example.com', port: '80', tcporudp: 'HTTP Post' }
      ])
    )
    const r = await runCli(['packets', file])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe('ping\tudp [::1]:5005\t4 B\tevery 2 s\t70 69 6e 67\nleft out: web: an HTTP request: Socket Lab sends raw TCP (write the request as text with `send tcp`) (HTTP Post)\n')
    const j = await runCli(['packets', file, '--json'])
    expect(j.stdout.trim().split('\n').map((l) => JSON.parse(l).event)).toEqual(['packet', 'skipped'])
  })

  it('sends a saved UDP packet and a TCP one from packets.ini to their targets', async () => {
    const udp = createSocket('udp4')
    const datagrams: Buffer[] = []
    udp.on('message', (m, from) => {
      datagrams.push(m)
      udp.send(Buffer.from('pong'), from.port, from.address)
    })
    await new Promise<void>((r) => udp.bind(0, '127.0.0.1', r))
    const streams: Buffer[] = []
    const tcp = createServer((s) => s.on('data', (d) => streams.push(d)).on('error', () => {}))
    await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r))
    try {
      const file = write(
        'packets.ini',
        packetsIni([
          { name: 'udp ping', hexString: '70 69 6E 67', toIP: '127.0.0.1', port: (udp.address() as AddressInfo).port, tcpOrUdp: 'UDP' },
          { name: 'tcp hi', hexString: '68 69 0a', toIP: '127.0.0.1', port: (tcp.address() as AddressInfo).port, tcpOrUdp: 'TCP' }
        ])
      )
      const r = await runCli(['packets', file, '--send', 'udp ping', '-w', '1000', '-q'])
      expect(r.code, r.stderr).toBe(0)
      expect(datagrams.map(String)).toEqual(['ping'])
      expect(r.stdout).toContain('pong')
      const t = await runCli(['packets', file, '-n', 'tcp hi'])
      expect(t.code, t.stderr).toBe(0)
      for (let i = 0; i < 50 && Buffer.concat(streams).length < 3; i++) await new Promise((res) => setTimeout(res, 20))
      expect(Buffer.concat(streams).toString()).toBe('hi\n')
    } finally {
      udp.close()
      tcp.close()
    }
  })

  it('says what is wrong with a name, a packet or a file, as a usage error', async () => {
    const file = write('one.json', JSON.stringify([{ name: 'web', hexstring: '', toip: 'h', port: '80', tcporudp: 'HTTP Get' }]))
    const missing = await runCli(['packets', file, '--send', 'nope'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/no packet named "nope"/)
    const http = await runCli(['packets', file, '--send', 'web'])
    expect(http.code).toBe(2)
    expect(http.stderr).toMatch(/cannot be sent: an HTTP request/)
    const notPackets = await runCli(['packets', write('x.ini', '[General]\na=1\n')])
    expect(notPackets.code).toBe(2)
    expect(notPackets.stderr).toMatch(/no NAMES list/)
    const gone = await runCli(['packets', join(dir, 'absent.json')])
    expect(gone.code).toBe(2)
    expect(gone.stderr).toMatch(/cannot read .*ENOENT/)
  })
})

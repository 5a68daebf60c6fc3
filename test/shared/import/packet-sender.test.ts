import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { detectPacketSenderFormat, readPacketSenderFile, readPacketSenderIni, readPacketSenderJson, PacketImportError } from '../../../src/shared/import/packet-sender'
import { parseQtIni, unescapeIniValue } from '../../../src/shared/import/qt-ini'
import { escapeIniKey, escapeIniString, packetsIni } from './qt-ini-writer'

// Packet Sender 8's "Export Packets" as JSON: newest first, numbers as strings, asciistring in base64.
const JSON_EXPORT = `[
    {
        "asciistring": "aGVsbG8NCg==",
        "errorstring": "",
        "fromip": "You",
        "fromport": "0",
        "hexstring": "68 65 6C 6C 6F 0D 0A",
        "name": "hello tcp",
        "port": "9000",
        "repeat": 0,
        "requestpath": "",
        "sendresponse": "0",
        "tcporudp": "TCP",
        "toip": "127.0.0.1"
    },
    {
        "hexstring": "01 02 FF",
        "name": "sensor udp",
        "port": "5005",
        "repeat": 2.5,
        "tcporudp": "UDP",
        "toip": "::1"
    },
    { "hexstring": "", "name": "page", "port": "80", "tcporudp": "HTTP Get", "toip": "example.com", "requestpath": "/" },
    { "hexstring": "AA", "name": "secure", "port": "443", "tcporudp": "SSL", "toip": "localhost" }
]`

describe('Packet Sender JSON export', () => {
  it('takes name, bytes, target and repeat; says why HTTP is left out', () => {
    const got = readPacketSenderJson(JSON_EXPORT)
    expect(got.packets).toEqual([
      { name: 'hello tcp', hex: '68 65 6c 6c 6f 0d 0a', byteLength: 7, target: { transport: 'tcp', host: '127.0.0.1', port: 9000 }, repeatSeconds: 0 },
      { name: 'sensor udp', hex: '01 02 ff', byteLength: 3, target: { transport: 'udp', host: '::1', port: 5005 }, repeatSeconds: 2.5 },
      { name: 'secure', hex: 'aa', byteLength: 1, target: { transport: 'tls', host: 'localhost', port: 443 }, repeatSeconds: 0 }
    ])
    expect(got.skipped).toEqual([{ name: 'page', reason: 'http', detail: 'HTTP Get' }])
  })

  it('lists every packet it cannot take, with the reason', () => {
    const got = readPacketSenderJson(
      JSON.stringify([
        { name: '', hexstring: '01', port: '1', tcporudp: 'TCP', toip: 'a' },
        { name: 'no port', hexstring: '01', port: '0', tcporudp: 'TCP', toip: 'a' },
        { name: 'big port', hexstring: '01', port: '70000', tcporudp: 'UDP', toip: 'a' },
        { name: 'no host', hexstring: '01', port: '7', tcporudp: 'UDP', toip: ' ' },
        { name: 'odd hex', hexstring: 'ABC', port: '7', tcporudp: 'UDP', toip: 'h' },
        { name: 'dtls', hexstring: '01', port: '7', tcporudp: 'DTLS', toip: 'h' },
        { name: 'ok', hexstring: '0x01,0x02', port: '7', tcporudp: 'udp', toip: 'h' },
        { name: 'ok', hexstring: '03', port: '7', tcporudp: 'udp', toip: 'h' },
        'not an object'
      ])
    )
    expect(got.packets.map((p) => [p.name, p.hex])).toEqual([['ok', '01 02']])
    expect(got.skipped.map((s) => [s.name, s.reason])).toEqual([
      ['#1', 'no-name'],
      ['no port', 'bad-port'],
      ['big port', 'bad-port'],
      ['no host', 'no-host'],
      ['odd hex', 'bad-hex'],
      ['dtls', 'unknown-protocol'],
      ['ok', 'duplicate'],
      ['#9', 'no-name']
    ])
  })

  it('refuses what is not a list of packets, saying so', () => {
    expect(() => readPacketSenderJson('{"name":"x"}')).toThrow(PacketImportError)
    expect(() => readPacketSenderFile('[{"name": ')).toThrow(/not JSON/)
    expect(() => readPacketSenderFile('x'.repeat(9 * 1024 * 1024))).toThrow(/larger than/)
  })
})

describe('Packet Sender packets.ini', () => {
  const packets = [
    { name: 'hello there', hexString: '68 65 6C 6C 6F', toIP: '127.0.0.1', port: 9123, tcpOrUdp: 'UDP' },
    { name: '中文, 1 = "quoted"', hexString: '41 42 0A', toIP: '::1', port: 9124, tcpOrUdp: 'TCP', repeat: 1 },
    { name: 'slash\\back;semi', hexString: 'de ad be ef', toIP: 'localhost', port: 1, tcpOrUdp: 'SSL' },
    { name: 'General', hexString: '00', toIP: 'h', port: 2, tcpOrUdp: 'UDP' },
    { name: '@at', hexString: '01', toIP: 'h', port: 3, tcpOrUdp: 'TCP' }
  ]

  it('reads what QSettings writes, LF or CRLF', () => {
    for (const eol of ['\n', '\r\n']) {
      const got = readPacketSenderIni(packetsIni(packets, eol))
      expect(got.skipped).toEqual([])
      expect(got.packets.map((p) => [p.name, p.hex, p.target])).toEqual([
        ['hello there', '68 65 6c 6c 6f', { transport: 'udp', host: '127.0.0.1', port: 9123 }],
        ['中文, 1 = "quoted"', '41 42 0a', { transport: 'tcp', host: '::1', port: 9124 }],
        ['slash\\back;semi', 'de ad be ef', { transport: 'tls', host: 'localhost', port: 1 }],
        ['General', '00', { transport: 'udp', host: 'h', port: 2 }],
        ['@at', '01', { transport: 'tcp', host: 'h', port: 3 }]
      ])
    }
    expect(detectPacketSenderFormat(packetsIni(packets))).toBe('ini')
    expect(detectPacketSenderFormat(JSON_EXPORT)).toBe('json')
    expect(detectPacketSenderFormat('[]')).toBe('json')
  })

  it('says when an INI file is not a packets file', () => {
    expect(() => readPacketSenderIni('[General]\ngeometry=@ByteArray(x)\n')).toThrow(/no NAMES list/)
  })

  it('undoes every escape Qt writes, whatever the string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const lone = /[\uD800-\uDFFF]/.test(s)
        fc.pre(!lone)
        expect(unescapeIniValue(escapeIniString(s))).toBe(s)
        const keys = parseQtIni(`[${escapeIniKey(s.replace(/\//g, '_'))}]\nk=${escapeIniString(s)}\n`)
        const section = s.replace(/\//g, '_')
        fc.pre(section.toLowerCase() !== 'general')
        const full = section === '' ? 'k' : section === 'General' ? 'General/k' : `${section}/k`
        if (section.trim() === section && section !== '') expect(keys.get(full)).toBe(s)
      }),
      { numRuns: 200 }
    )
  })

  it('splits unquoted commas into a list, as QSettings does, and reads a list as no name', () => {
    expect(unescapeIniValue('a, b ,c')).toEqual(['a', 'b', 'c'])
    expect(unescapeIniValue(' "a, b" ')).toBe('a, b')
    expect(unescapeIniValue('@ByteArray(01)')).toBe('01')
    const got = readPacketSenderIni('[NAMES]\n1\\name=a, b\nsize=1\n')
    expect(got.skipped).toEqual([{ name: '#1', reason: 'no-name' }])
  })
})

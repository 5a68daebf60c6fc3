import { describe, expect, it } from 'vitest'
import { formatHostPort, isHost, isIP, isLoopbackAddress } from '../../src/shared/address'

describe('address checks', () => {
  it('recognises IPv4 and IPv6 addresses', () => {
    for (const a of ['127.0.0.1', '0.0.0.0', '255.255.255.255']) expect(isIP(a)).toBe(4)
    for (const a of ['::1', '::', 'fe80::1%eth0', '2001:db8::8a2e:370:7334', '::ffff:127.0.0.1', '1:2:3:4:5:6:7:8']) expect(isIP(a)).toBe(6)
    for (const a of ['256.1.1.1', '1.2.3', '1:2:3:4:5:6:7:8:9', ':::', '1::2::3', 'g::1', '1.2.3.4::1', '']) expect(isIP(a)).toBe(0)
  })

  it('accepts host names and refuses junk', () => {
    for (const h of ['localhost', 'example.com', 'a-b.c', 'printer.local.']) expect(isHost(h)).toBe(true)
    for (const h of ['not a host!', '-bad.com', 'a..b', '1.2.3.999', 'x'.repeat(254)]) expect(isHost(h)).toBe(false)
  })

  it('knows loopback and formats host:port', () => {
    expect(isLoopbackAddress('127.0.0.1')).toBe(true)
    expect(isLoopbackAddress('::1')).toBe(true)
    expect(isLoopbackAddress('0.0.0.0')).toBe(false)
    expect(formatHostPort('::1', 80)).toBe('[::1]:80')
    expect(formatHostPort('127.0.0.1', 80)).toBe('127.0.0.1:80')
  })
})

// Loopback means every address is on loopback, whatever the name looks like: `serve --host
// 127.attacker.example` used to pass because the name starts with "127.".
import { describe, expect, it } from 'vitest'
import { describeRefusal, resolveLoopback, type Resolver } from '../../../src/main/browser-shell/loopback'
import { isLoopbackAddress } from '../../../src/shared/address'
import { startShell } from './shell-fixture'

const answering =
  (table: Record<string, string[]>): Resolver =>
  async (host) => {
    const addresses = table[host]
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' })
    return addresses
  }

describe('loopback addresses', () => {
  it('knows loopback addresses in every spelling', () => {
    for (const a of ['127.0.0.1', '127.0.0.2', '127.255.255.254', '::1', '0:0:0:0:0:0:0:1', '0000::0001', '::ffff:127.0.0.1', '::ffff:7f00:1', '0:0:0:0:0:ffff:127.1.2.3']) {
      expect(isLoopbackAddress(a), a).toBe(true)
    }
  })

  it('takes no name for an address, and no other address for loopback', () => {
    for (const a of [
      '127.attacker.example',
      '127.0.0.1.evil.example',
      '127.1',
      '127.0.0.1.',
      'localhost',
      '0.0.0.0',
      '128.0.0.1',
      '10.127.0.1',
      '::',
      '::2',
      '1::1',
      '::1%lo',
      '::ffff:10.0.0.1',
      '::ffff:8000:1',
      '::127.0.0.1',
      '64:ff9b::127.0.0.1',
      '',
      ' 127.0.0.1'
    ]) {
      expect(isLoopbackAddress(a), a).toBe(false)
    }
  })
})

describe('resolving the host to serve on', () => {
  it('takes a name whose every address is on loopback, and binds the address', async () => {
    const resolve = answering({ 'lab.test': ['127.0.0.1', '::1'] })
    expect(await resolveLoopback('lab.test', resolve)).toEqual({ ok: true, address: '127.0.0.1' })
    expect(await resolveLoopback('::1', resolve)).toEqual({ ok: true, address: '::1' })
  })

  it('refuses a name that starts with 127. but resolves elsewhere, even in part', async () => {
    const resolve = answering({ '127.attacker.example': ['127.0.0.1', '203.0.113.7'], '127.0.0.1.nip.example': ['198.51.100.1'] })
    const partly = await resolveLoopback('127.attacker.example', resolve)
    expect(partly).toEqual({ ok: false, reason: 'not-loopback', addresses: ['127.0.0.1', '203.0.113.7'] })
    expect(await resolveLoopback('127.0.0.1.nip.example', resolve)).toMatchObject({ ok: false, reason: 'not-loopback' })
    const { message, hint } = describeRefusal('127.attacker.example', partly as Exclude<typeof partly, { ok: true }>)
    expect(message).toContain('203.0.113.7')
    expect(hint).toMatch(/--allow-remote/)
  })

  it('refuses a name that does not resolve, or resolves to nothing', async () => {
    const resolve = answering({ 'empty.test': [] })
    expect(await resolveLoopback('127.attacker.example', resolve)).toMatchObject({ ok: false, reason: 'unresolved', detail: 'ENOTFOUND' })
    expect(await resolveLoopback('empty.test', resolve)).toMatchObject({ ok: false, reason: 'unresolved' })
  })

  it('refuses an address off loopback without looking anything up', async () => {
    const resolve: Resolver = async () => {
      throw new Error('an address is not looked up')
    }
    expect(await resolveLoopback('192.0.2.1', resolve)).toEqual({ ok: false, reason: 'not-loopback', addresses: ['192.0.2.1'] })
    expect(await resolveLoopback('0.0.0.0', resolve)).toMatchObject({ ok: false })
  })

  it('asks the system resolver: localhost is loopback, a .invalid name is refused', async () => {
    expect(await resolveLoopback('localhost')).toMatchObject({ ok: true })
    // RFC 6761: .invalid never resolves; a resolver that answers anyway answers off loopback.
    expect(await resolveLoopback('127.attacker.invalid')).toMatchObject({ ok: false })
  })

  it('will not start a shell on such a name, and serves localhost on its address', async () => {
    await expect(startShell({ host: '127.attacker.invalid' })).rejects.toMatchObject({ code: 'EINVAL', hint: expect.any(String) })
    const t = await startShell({ host: 'localhost' })
    try {
      expect(isLoopbackAddress(new URL(t.shell.origin).hostname.replace(/^\[|\]$/g, ''))).toBe(true)
    } finally {
      await t.stop()
    }
  })
})

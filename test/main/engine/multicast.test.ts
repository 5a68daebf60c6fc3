// Multicast on loopback only: every group is joined on 127.0.0.1 (or ::%lo), senders use
// TTL 0 or 1 with the loopback interface, so nothing leaves the machine.
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/engine'
import { decode, portOf, record, rejection, text, waitFor } from './helpers'

let engine: Engine

afterEach(async () => {
  await engine.closeAll()
})

const GROUP = '239.1.2.3'

function receivedTexts(rec: ReturnType<typeof record>, endpointId: string): string[] {
  return rec.of('data').filter((e) => e.endpointId === endpointId && e.dir === 'in').map((e) => decode(e.preview))
}

describe('UDP multicast', () => {
  it('receives what another endpoint sends to a group joined on loopback, keeps the group across a restart, and stops after leaving', async () => {
    engine = createEngine()
    const rec = record(engine)
    const rx = await engine.open({ kind: 'udp', host: '0.0.0.0', port: 0 })
    const tx = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0, multicastInterface: '127.0.0.1', multicastTtl: 0, multicastLoopback: true })
    const joined = engine.udpMembership(rx.id, 'join', GROUP, '127.0.0.1')
    expect(joined.multicastGroups).toEqual([{ group: GROUP, interface: '127.0.0.1' }])
    const to = { host: GROUP, port: portOf(rx) }

    await engine.send(tx.id, to, text('first'))
    await waitFor(() => receivedTexts(rec, rx.id).includes('first'), 'the datagram sent to the group')

    // A restart makes a new socket, which the kernel has in no group: the engine joins again.
    await engine.close(rx.id)
    expect(engine.get(rx.id).multicastGroups).toEqual([{ group: GROUP, interface: '127.0.0.1' }])
    const restarted = await engine.start(rx.id)
    expect(restarted.multicastGroups).toEqual([{ group: GROUP, interface: '127.0.0.1' }])
    await engine.send(tx.id, { host: GROUP, port: portOf(restarted) }, text('again'))
    await waitFor(() => receivedTexts(rec, rx.id).includes('again'), 'the datagram after the restart')

    const left = engine.udpMembership(rx.id, 'leave', GROUP, '127.0.0.1')
    expect(left.multicastGroups).toBeUndefined()
    // After leaving, a datagram to the group is not delivered; a unicast one sent after it is, so
    // seeing that one proves the group datagram had its chance to arrive first.
    await engine.send(tx.id, { host: GROUP, port: portOf(restarted) }, text('gone'))
    await engine.send(tx.id, { host: '127.0.0.1', port: portOf(restarted) }, text('marker'))
    await waitFor(() => receivedTexts(rec, rx.id).includes('marker'), 'the unicast marker')
    expect(receivedTexts(rec, rx.id)).toEqual(['first', 'again', 'marker'])
  })

  it('joins the groups its config names when it starts (a restored workspace), and reports one it cannot join', async () => {
    engine = createEngine()
    const rec = record(engine)
    const rx = await engine.open({
      kind: 'udp',
      host: '0.0.0.0',
      port: 0,
      multicastGroups: [
        { group: GROUP, interface: '127.0.0.1' },
        { group: '239.1.2.4', interface: '192.0.2.77' }
      ]
    })
    // The group no interface has is reported and dropped; the other is joined and kept in the config.
    expect(rx.multicastGroups).toEqual([{ group: GROUP, interface: '127.0.0.1' }])
    expect(rx.config).toMatchObject({ multicastGroups: [{ group: GROUP, interface: '127.0.0.1' }] })
    await waitFor(() => rec.of('error').some((e) => e.endpointId === rx.id), 'the error for the group that failed')
    const tx = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0, multicastInterface: '127.0.0.1', multicastTtl: 1, multicastLoopback: true })
    await engine.send(tx.id, { host: GROUP, port: portOf(rx) }, text('restored'))
    await waitFor(() => receivedTexts(rec, rx.id).includes('restored'), 'the datagram to the restored group')
    expect(engine.udpMembership(rx.id, 'leave', GROUP, '127.0.0.1').config).not.toHaveProperty('multicastGroups')
  })

  it('explains a bad group, a group of the other family, a wrong interface, a second join and leaving a group not joined', async () => {
    engine = createEngine()
    const v4 = await engine.open({ kind: 'udp', host: '0.0.0.0', port: 0 })
    const v6 = await engine.open({ kind: 'udp', host: '::', port: 0 })

    const notGroup = await rejection(() => engine.udpMembership(v4.id, 'join', '10.1.2.3', '127.0.0.1'))
    expect(notGroup).toMatchObject({ code: 'EINVAL', message: '10.1.2.3 is not a multicast address' })
    expect(notGroup.hint).toContain('224.0.0.0 to 239.255.255.255')

    const v4on6 = await rejection(() => engine.udpMembership(v6.id, 'join', GROUP, '::%lo'))
    expect(v4on6.message).toBe('239.1.2.3 is an IPv4 group and this socket is IPv6')
    expect(v4on6.hint).toContain('0.0.0.0')
    const v6on4 = await rejection(() => engine.udpMembership(v4.id, 'join', 'ff05::1:3', '127.0.0.1'))
    expect(v6on4.message).toBe('ff05::1:3 is an IPv6 group and this socket is IPv4')

    const ifaceFamily = await rejection(() => engine.udpMembership(v4.id, 'join', GROUP, '::%lo'))
    expect(ifaceFamily.message).toBe('::%lo is not an IPv4 interface address')
    // 192.0.2.0/24 is for documentation: no interface of a test machine has .77 of it.
    const noIface = await rejection(() => engine.udpMembership(v4.id, 'join', GROUP, '192.0.2.77'))
    expect(noIface.code).toMatch(/^(ENODEV|EADDRNOTAVAIL)$/)
    expect(noIface.hint).toMatch(/machine's own addresses|interface/)

    engine.udpMembership(v4.id, 'join', GROUP, '127.0.0.1')
    const twice = await rejection(() => engine.udpMembership(v4.id, 'join', GROUP, '127.0.0.1'))
    expect(twice.code).toBe('EADDRINUSE')
    expect(twice.hint).toContain('once per interface')
    const notJoined = await rejection(() => engine.udpMembership(v4.id, 'leave', '239.9.9.9', '127.0.0.1'))
    expect(notJoined.code).toBe('EADDRNOTAVAIL')
    expect(notJoined.hint).toContain('239.1.2.3@127.0.0.1')
    expect(engine.get(v4.id).multicastGroups).toEqual([{ group: GROUP, interface: '127.0.0.1' }])
  })

  it('joins and leaves IPv6 groups (ff02::, ff05::) on the loopback interface, and delivers to them where the kernel routes IPv6 multicast on lo', async () => {
    engine = createEngine()
    const rec = record(engine)
    const rx = await engine.open({ kind: 'udp', host: '::', port: 0 })
    engine.udpMembership(rx.id, 'join', 'ff02::1:3', '::%lo')
    const info = engine.udpMembership(rx.id, 'join', 'ff05::1:3', '::%lo')
    expect(info.multicastGroups).toEqual([
      { group: 'ff02::1:3', interface: '::%lo' },
      { group: 'ff05::1:3', interface: '::%lo' }
    ])
    expect(engine.udpMembership(rx.id, 'leave', 'ff02::1:3', '::%lo').multicastGroups).toEqual([{ group: 'ff05::1:3', interface: '::%lo' }])

    const tx = await engine.open({ kind: 'udp', host: '::1', port: 0, multicastInterface: '::%lo', multicastTtl: 1, multicastLoopback: true })
    const sent = await engine.send(tx.id, { host: 'ff05::1:3', port: portOf(rx) }, text('six')).catch((err: { code: string; message: string }) => err)
    if ('code' in sent) {
      // Linux's lo has no MULTICAST flag and no ff00::/8 route: IPv6 multicast cannot be sent on it.
      console.info(`IPv6 multicast on lo: this kernel joins groups but refuses to send to them (${sent.code}: ${sent.message}); only join and leave were tested`)
      expect(sent.code).toMatch(/^(ENETUNREACH|EADDRNOTAVAIL|EHOSTUNREACH)$/)
    } else {
      await waitFor(() => receivedTexts(rec, rx.id).includes('six'), 'the IPv6 datagram sent to ff05::1:3')
    }
  })
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { CaptureRecord, CloseReason } from '../../../src/shared/api'
import { PcapngWriter } from '../../../src/shared/export'
import { buildCapture, concat, kindTransport, type EndpointScript, type PeerOp, type PeerScript } from './capture-script'
import { decodeEthernet, optionText, parsePcapng } from './pcapng-reader'

const FIN = 0x01
const SYN = 0x02

const reasons: CloseReason[] = ['fin-peer', 'fin-local', 'reset', 'timeout', 'error', 'endpoint-closed']

const size = fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 1, max: 1500 }) }, { weight: 1, arbitrary: fc.integer({ min: 65_000, max: 140_000 }) })

const streamOps = fc
  .tuple(
    fc.array(
      fc.oneof(
        { weight: 6, arbitrary: fc.record({ op: fc.constant('data' as const), dir: fc.constantFrom('in' as const, 'out' as const), size }) },
        { weight: 1, arbitrary: fc.record({ op: fc.constant('end' as const), side: fc.constantFrom('peer' as const, 'local' as const) }) }
      ),
      { maxLength: 8 }
    ),
    fc.option(fc.record({ op: fc.constant('close' as const), reason: fc.constantFrom(...reasons), peerError: fc.boolean() }), { nil: undefined })
  )
  .map(([ops, close]) => (close ? [...ops, close] : ops) as PeerOp[])

const udpOps = fc.array(fc.record({ op: fc.constant('data' as const), dir: fc.constantFrom('in' as const, 'out' as const), size: fc.integer({ min: 0, max: 2000 }) }), { maxLength: 6 })

const v4 = fc.tuple(fc.constantFrom(127, 10, 192), fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 254 })).map((b) => b.join('.'))
const v6 = fc.constantFrom('::1', 'fe80::1', '2001:db8::5', '::ffff:127.0.0.1')

const endpointScript: fc.Arbitrary<EndpointScript> = fc
  .record({
    kind: fc.constantFrom('tcp-server' as const, 'tcp-client' as const, 'udp' as const, 'unix-server' as const),
    six: fc.boolean(),
    anyAddress: fc.boolean(),
    peerCount: fc.integer({ min: 1, max: 3 }),
    ports: fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { minLength: 4, maxLength: 4 }),
    schedule: fc.array(fc.nat(10), { maxLength: 30 }),
    droppedChunks: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 6 }) })
  })
  .chain((e) =>
    fc
      .array(
        fc.record({
          address: e.six ? v6 : v4,
          ops: e.kind === 'udp' ? udpOps : streamOps
        }),
        // A client's connections all go to one server port from the one local port the capture knows:
        // only one of them at a time could be told apart, so a client gets one.
        { minLength: e.kind === 'tcp-client' ? 1 : e.peerCount, maxLength: e.kind === 'tcp-client' ? 1 : e.peerCount }
      )
      .map((peers): EndpointScript => {
        const family = e.six ? ('IPv6' as const) : ('IPv4' as const)
        const localAddress = e.anyAddress ? (e.six ? '::' : '0.0.0.0') : e.six ? '::1' : '127.0.0.1'
        const unix = e.kind === 'unix-server'
        return {
          endpoint: { name: `${e.kind} under test`, kind: e.kind, local: unix ? { path: '/tmp/lab.sock' } : { address: localAddress, port: e.ports[3]!, family } },
          peers: peers.map(
            (p, i): PeerScript => ({
              remote: unix ? { path: `#${i + 1}` } : { address: p.address, port: e.ports[i]!, family: p.address.includes(':') && !p.address.startsWith('::ffff:') ? 'IPv6' : family },
              ops: p.ops
            })
          ),
          schedule: e.schedule,
          droppedChunks: e.droppedChunks
        }
      })
  )

interface Flow {
  seqNext?: number
  bytes: Uint8Array[]
  sawSyn: boolean
  sawFin: boolean
}

describe('the pcapng writer, for any capture', () => {
  it('writes well-formed blocks, valid headers and checksums, and gives back every byte each way', () => {
    fc.assert(
      fc.property(fc.array(endpointScript, { minLength: 1, maxLength: 3 }), fc.constantFrom(64, 1000, 1 << 20), fc.constantFrom('us' as const, 'ns' as const), (scripts, blockBytes, resolution) => {
        const parts: Uint8Array[] = []
        const w = new PcapngWriter((b) => parts.push(b), { blockBytes, resolution })
        const built = scripts.map((s, i) => ({ script: s, iface: w.addEndpoint(s.endpoint), capture: buildCapture(s, `e${i}`) }))
        // As the exporter does: every peer's address is known, also for one whose opening was dropped.
        for (const b of built) b.script.peers.forEach((p, i) => w.notePeer(b.iface, `p${i + 1}`, p.remote))
        // One endpoint after another, each in its own order: how the writer is fed is up to its caller.
        for (const b of built) for (const { record, bytes } of b.capture.records) w.write(b.iface, record, bytes)
        w.flush()
        // Blocks are full but for the few bytes a header that must stay whole did not fit (28 at most).
        const full = Math.max(64, blockBytes)
        for (const p of parts) expect(p.byteLength).toBeLessThanOrEqual(full)
        for (const p of parts.slice(0, -1)) expect(p.byteLength).toBeGreaterThan(full - 28)
        expect(parts.reduce((n, p) => n + p.byteLength, 0)).toBe(w.bytesWritten)

        const file = parsePcapng(concat(parts))
        expect(file.interfaces.map((i) => i.linkType)).toEqual(scripts.map((s) => (s.endpoint.kind.startsWith('unix') ? 252 : 1)))
        expect(file.interfaces.map((i) => optionText(i.options, 2))).toEqual(scripts.map((s) => s.endpoint.name))
        expect(file.interfaces.map((i) => i.options.find((o) => o.code === 9)?.value[0])).toEqual(scripts.map(() => (resolution === 'us' ? 6 : 9)))

        for (const b of built) {
          const packets = file.packets.filter((p) => p.iface === b.iface)
          const transport = kindTransport(b.script.endpoint.kind)
          const dropped = b.capture.expected.droppedBytes
          if (dropped > 0 && packets.length > 0) {
            const first = packets[0]
            expect(optionText(first?.options ?? [], 1)).toContain(`dropped ${dropped} byte`)
          }
          if (transport === 'unix') {
            // Each packet: the 28 bytes of tags, then the bytes; per connection (queue) and direction.
            const got = new Map<string, Uint8Array[]>()
            for (const p of packets) {
              const queue = new DataView(p.options.find((o) => o.code === 6)!.value.buffer).getUint32(0, true)
              const dir = new DataView(p.data.buffer, p.data.byteOffset).getInt32(20)
              const key = `${queue}/${dir === 0 ? 'out' : 'in'}`
              got.set(key, [...(got.get(key) ?? []), p.data.subarray(28)])
            }
            const peers = [...b.capture.expected.streams.values()]
            const firstSeen = peersInOrderOfFirstRecord(b)
            firstSeen.forEach((peerId, i) => {
              const st = b.capture.expected.streams.get(peerId)!
              expectBytes(concat(got.get(`${i + 1}/in`) ?? []), concat(st.in))
              expectBytes(concat(got.get(`${i + 1}/out`) ?? []), concat(st.out))
            })
            expect(peers.length).toBeGreaterThan(0)
            continue
          }
          const segs = packets.map((p) => ({ p, s: decodeEthernet(p.data) }))
          if (transport === 'udp') {
            const datagrams = segs.map(({ s }) => s.payload)
            const expected = b.capture.records.filter((r) => r.record.type === 'data').map((r) => r.bytes!)
            expect(datagrams.length).toBe(expected.length)
            datagrams.forEach((d, i) => expectBytes(d, expected[i]!))
            continue
          }
          // TCP: per direction of each connection, sequence numbers run on with no overlap, every
          // acknowledgment names exactly what the other side has sent, and nothing follows a FIN.
          const flows = new Map<string, Flow>()
          const key = (s: { src: string; srcPort: number; dst: string; dstPort: number }): string => `${s.src}:${s.srcPort}>${s.dst}:${s.dstPort}`
          const reverse = (s: { src: string; srcPort: number; dst: string; dstPort: number }): string => `${s.dst}:${s.dstPort}>${s.src}:${s.srcPort}`
          for (const { s } of segs) {
            const f = flows.get(key(s)) ?? { bytes: [], sawSyn: false, sawFin: false }
            flows.set(key(s), f)
            if (f.seqNext !== undefined && !(s.flags & SYN)) expect(s.seq).toBe(f.seqNext)
            if (f.sawFin) expect(s.payload.byteLength).toBe(0)
            const other = flows.get(reverse(s))
            if (s.flags & 0x10 && other?.seqNext !== undefined) expect(s.ack).toBe(other.seqNext)
            if (s.flags & SYN) f.sawSyn = true
            if (s.flags & FIN) f.sawFin = true
            f.seqNext = (s.seq + s.payload.byteLength + (s.flags & SYN ? 1 : 0) + (s.flags & FIN ? 1 : 0)) >>> 0
            expect(s.payload.byteLength).toBeLessThanOrEqual(65495)
          }
          const local = b.script.endpoint.local as { port: number }
          for (const [peerId, st] of b.capture.expected.streams) {
            const peer = b.script.peers[Number(peerId.slice(1)) - 1]!
            const remotePort = (peer.remote as { port: number }).port
            const fromPeer = segs.filter(({ s }) => s.srcPort === remotePort && s.dstPort === local.port)
            const toPeer = segs.filter(({ s }) => s.dstPort === remotePort && s.srcPort === local.port)
            expect(fromPeer.every(({ p }) => directionOf(p) === 'in') && toPeer.every(({ p }) => directionOf(p) === 'out')).toBe(true)
            expectBytes(concat(fromPeer.map(({ s }) => s.payload)), concat(st.in))
            expectBytes(concat(toPeer.map(({ s }) => s.payload)), concat(st.out))
            // A connection whose start is held opens with a handshake; one whose start was dropped does not.
            const syns = [...fromPeer, ...toPeer].filter(({ s }) => s.flags & SYN).length
            const openHeld = b.capture.records.some(({ record }) => record.type === 'peer' && record.event.type === 'peer-open' && record.event.peer.id === peerId)
            expect(syns).toBe(openHeld ? 2 : 0)
          }
        }
      }),
      { numRuns: 150 }
    )
  })
})

/** Byte arrays compared in one call: a deep equality over each element is far too slow for megabytes. */
function expectBytes(got: Uint8Array, want: Uint8Array): void {
  if (!Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(Buffer.from(want.buffer, want.byteOffset, want.byteLength))) {
    expect.fail(`bytes differ: got ${got.byteLength} bytes, want ${want.byteLength}`)
  }
}

/** The packet's direction from epb_flags. */
function directionOf(p: { options: { code: number; value: Uint8Array }[] }): 'in' | 'out' | undefined {
  const o = p.options.find((x) => x.code === 2)
  if (!o) return undefined
  return (o.value[0]! & 3) === 1 ? 'in' : 'out'
}

function peersInOrderOfFirstRecord(b: { capture: { records: { record: CaptureRecord }[] } }): string[] {
  const order: string[] = []
  for (const { record } of b.capture.records) {
    const id = record.type === 'data' ? record.peerId : record.type === 'peer' ? record.event.peer.id : undefined
    if (id !== undefined && !order.includes(id)) order.push(id)
  }
  return order
}

// The pcapng writer's files as Wireshark reads them: tshark opens them without a complaint, its
// expert analysis finds nothing a real capture of the same traffic would not show, and Follow TCP
// Stream gives back exactly the bytes each side captured.
import { afterAll, describe, expect, it } from 'vitest'
import type { CaptureRecord } from '../../../src/shared/api'
import { PcapngWriter, type ExportEndpoint } from '../../../src/shared/export'
import { buildCapture, concat, payload, type EndpointScript } from './capture-script'
import { captureDir, expertInfo, followTcp, frameEpochs, problems, readPackets, tcpStreams, udpDatagrams, unixPackets } from './tshark'

const files = captureDir()
afterAll(() => files.remove())

let fileNo = 0
function write(scripts: EndpointScript[], options: { resolution?: 'us' | 'ns' } = {}): { path: string; built: ReturnType<typeof buildCapture>[] } {
  const parts: Uint8Array[] = []
  const w = new PcapngWriter((b) => parts.push(b), options)
  const built = scripts.map((s, i) => {
    const iface = w.addEndpoint(s.endpoint)
    s.peers.forEach((p, k) => w.notePeer(iface, `p${k + 1}`, p.remote))
    const capture = buildCapture(s, `e${i}`)
    for (const { record, bytes } of capture.records) w.write(iface, record, bytes)
    return capture
  })
  w.flush()
  return { path: files.file(`capture-${++fileNo}.pcapng`, concat(parts)), built }
}

const server: ExportEndpoint = { name: 'TCP server 127.0.0.1:9000', kind: 'tcp-server', local: { address: '127.0.0.1', port: 9000, family: 'IPv4' } }
const client = { address: '127.0.0.1', port: 51000, family: 'IPv4' as const }
const bytesOf = (built: ReturnType<typeof buildCapture>, peer = 'p1') => built.expected.streams.get(peer)!

describe('pcapng read back by tshark', () => {
  it('a TCP conversation with chunks both ways, one larger than a segment, and a half-close', () => {
    const { path, built } = write([
      {
        endpoint: server,
        peers: [
          {
            remote: client,
            ops: [
              { op: 'data', dir: 'in', size: 12 },
              { op: 'data', dir: 'out', size: 12 },
              { op: 'data', dir: 'in', size: 300_000 },
              { op: 'data', dir: 'out', size: 7 },
              { op: 'data', dir: 'in', size: 1 },
              { op: 'end', side: 'peer' },
              { op: 'data', dir: 'out', size: 70_000 },
              { op: 'close', reason: 'fin-peer' }
            ]
          }
        ]
      }
    ])
    const packets = readPackets(path)
    expect(packets.every((p) => p.ipChecksum === '1' && p.tcpChecksum === '1')).toBe(true)
    expect(packets[0]!.flags).toContain('S')
    const expert = expertInfo(path)
    expect(problems(expert)).toEqual([])
    // The close is where tshark sees it: the peer's FIN, then ours after our last bytes.
    const chats = expert.filter((i) => i.severity === 'Chats').map((i) => i.summary)
    expect(chats.some((c) => c.startsWith('Connection establish request (SYN)'))).toBe(true)
    expect(chats.some((c) => c.startsWith('Connection finish (FIN)'))).toBe(true)
    const f = followTcp(path, 0)
    expect(f.node0).toBe('127.0.0.1:51000')
    expect(f.node1).toBe('127.0.0.1:9000')
    expect(f.bytes0.equals(concat(bytesOf(built[0]!).in))).toBe(true)
    expect(f.bytes1.equals(concat(bytesOf(built[0]!).out))).toBe(true)
  }, 60_000)

  it('resets: one the peer sent and one this endpoint sent show as RST from that side', () => {
    const { path } = write([
      {
        endpoint: server,
        peers: [
          { remote: client, ops: [{ op: 'data', dir: 'in', size: 5 }, { op: 'close', reason: 'reset', peerError: true }] },
          { remote: { ...client, port: 51001 }, ops: [{ op: 'data', dir: 'out', size: 5 }, { op: 'close', reason: 'reset' }] }
        ]
      }
    ])
    expect(problems(path, [/Warns: TCP Connection reset \(RST\)/])).toEqual([])
    const resets = readPackets(path).filter((p) => p.flags.includes('R'))
    expect(resets.map((p) => `${p.srcPort}>${p.dstPort}`)).toEqual(['51000>9000', '9000>51001'])
    expect(resets[0]!.comment).toContain('reset')
  }, 60_000)

  it('a client over IPv6 whose start the capture dropped: read mid-stream, with the drop in a comment', () => {
    const endpoint: ExportEndpoint = { name: 'TCP client to [::1]:9000', kind: 'tcp-client', local: { address: '::1', port: 40000, family: 'IPv6' } }
    const ops = [1, 2, 3, 4, 5, 6].map((n) => ({ op: 'data' as const, dir: n % 2 ? ('out' as const) : ('in' as const), size: 100 * n }))
    const { path, built } = write([{ endpoint, droppedChunks: 2, peers: [{ remote: { address: '::1', port: 9000, family: 'IPv6' }, ops: [...ops, { op: 'close', reason: 'fin-local' }] }] }])
    const packets = readPackets(path)
    expect(packets.some((p) => p.flags.includes('S'))).toBe(false)
    expect(packets[0]!.comment).toContain('dropped 300 bytes in 2 chunks')
    expect(problems(path)).toEqual([])
    const f = followTcp(path, 0)
    const st = bytesOf(built[0]!)
    const fromClient = f.node0.startsWith('[::1]:40000') ? f.bytes0 : f.bytes1
    const fromServer = f.node0.startsWith('[::1]:40000') ? f.bytes1 : f.bytes0
    expect(fromClient.equals(concat(st.out))).toBe(true)
    expect(fromServer.equals(concat(st.in))).toBe(true)
  }, 60_000)

  it('a TCP client on IPv6 from its handshake on, several connections of a server at once', () => {
    const v6server: ExportEndpoint = { name: 'TCP server [::]:9000', kind: 'tcp-server', local: { address: '::', port: 9000, family: 'IPv6' } }
    const peer = (port: number) => ({ remote: { address: '::1', port, family: 'IPv6' as const }, ops: [{ op: 'data' as const, dir: 'in' as const, size: 40 }, { op: 'data' as const, dir: 'out' as const, size: 40 }, { op: 'close' as const, reason: 'fin-local' as const }] })
    const { path, built } = write([{ endpoint: v6server, peers: [peer(50001), peer(50002), peer(50003)], schedule: [0, 1, 2, 0, 1, 2, 0, 1, 2] }])
    expect(problems(path)).toEqual([])
    expect(tcpStreams(path)).toBe(3)
    for (let i = 0; i < 3; i++) {
      const f = followTcp(path, i)
      // The unspecified local address stands in as ::1 for loopback peers.
      expect(f.node1).toBe('[::1]:9000')
      const st = bytesOf(built[0]!, `p${Number(f.node0.split(':').pop()) - 50000}`)
      expect(f.bytes0.equals(concat(st.in))).toBe(true)
      expect(f.bytes1.equals(concat(st.out))).toBe(true)
    }
  }, 60_000)

  it('UDP datagrams one by one, over IPv4 and IPv6, empty ones too', () => {
    const udp4: ExportEndpoint = { name: 'UDP 127.0.0.1:7000', kind: 'udp', local: { address: '127.0.0.1', port: 7000, family: 'IPv4' } }
    const udp6: ExportEndpoint = { name: 'UDP [::1]:7001', kind: 'udp', local: { address: '::1', port: 7001, family: 'IPv6' } }
    const ops = [5, 0, 1472, 65507].map((size, i) => ({ op: 'data' as const, dir: i % 2 ? ('out' as const) : ('in' as const), size }))
    const { path, built } = write([
      { endpoint: udp4, peers: [{ remote: { address: '127.0.0.1', port: 40000, family: 'IPv4' }, ops }] },
      { endpoint: udp6, peers: [{ remote: { address: '::1', port: 40001, family: 'IPv6' }, ops: ops.slice(0, 3) }] }
    ])
    expect(problems(path)).toEqual([])
    const got = udpDatagrams(path)
    const want = built.flatMap((b) => b.records.filter((r) => r.record.type === 'data').map((r) => r.bytes!))
    expect(got.map((d) => d.payload.byteLength)).toEqual(want.map((w) => w.byteLength))
    got.forEach((d, i) => expect(d.payload.equals(want[i]!)).toBe(true))
    expect(got.slice(0, 2).map((d) => `${d.src}:${d.srcPort}>${d.dst}:${d.dstPort}`)).toEqual(['127.0.0.1:40000>127.0.0.1:7000', '127.0.0.1:7000>127.0.0.1:40000'])
    expect(got[4]!.src).toBe('::1')
  }, 60_000)

  it('Unix streams as data packets with their direction and connection number', () => {
    const unix: ExportEndpoint = { name: 'Unix server /tmp/lab.sock', kind: 'unix-server', local: { path: '/tmp/lab.sock' } }
    const { path, built } = write([
      {
        endpoint: unix,
        peers: [
          { remote: { path: '#1' }, ops: [{ op: 'data', dir: 'in', size: 10 }, { op: 'data', dir: 'out', size: 100_000 }, { op: 'close', reason: 'fin-peer' }] },
          { remote: { path: '#2' }, ops: [{ op: 'data', dir: 'in', size: 3 }] }
        ]
      }
    ])
    expect(problems(path)).toEqual([])
    const packets = unixPackets(path)
    const bytes = (queue: number, dir: string) => Buffer.concat(packets.filter((p) => p.queue === queue && p.direction === dir).map((p) => p.payload))
    const st1 = bytesOf(built[0]!, 'p1')
    expect(bytes(1, '1').equals(concat(st1.in))).toBe(true)
    expect(bytes(1, '0').equals(concat(st1.out))).toBe(true)
    expect(bytes(2, '1').equals(concat(bytesOf(built[0]!, 'p2').in))).toBe(true)
    expect(packets.some((p) => p.comment.includes('connection 2 opened with #2'))).toBe(true)
  }, 60_000)

  it('cuts what no packet or option can hold: a datagram over 65507 bytes, a comment over 64 KiB', () => {
    const parts: Uint8Array[] = []
    const w = new PcapngWriter((b) => parts.push(b))
    const i = w.addEndpoint({ name: 'UDP', kind: 'udp', local: { address: '127.0.0.1', port: 7000, family: 'IPv4' } })
    const remote = { address: '127.0.0.1', port: 7001, family: 'IPv4' as const }
    w.notePeer(i, 'p1', remote)
    w.write(i, { type: 'data', seq: 0, peerId: 'p1', dir: 'in', offset: 0, time: 1_700_000_000_000, length: 70_000 }, payload(3, 70_000))
    const huge = 'é'.repeat(40_000)
    const t = w.addEndpoint(server)
    const info = { id: 'p1', endpointId: 'e1', remote: client, since: 1_700_000_000_000, state: 'closed' as const, counters: { bytesIn: 0, bytesOut: 0, chunksIn: 0, chunksOut: 0 } }
    w.write(t, { type: 'peer', seq: 0, event: { type: 'peer-open', peer: { ...info, state: 'open' } } })
    w.write(t, { type: 'peer', seq: 0, event: { type: 'peer-close', peer: info, reason: 'error', error: { code: 'EIO', message: huge, hint: 'h' }, time: 1_700_000_000_001 } })
    w.flush()
    const path = files.file('cut.pcapng', concat(parts))
    expect(problems(path, [/Warns: TCP Connection reset \(RST\)/])).toEqual([])
    const d = udpDatagrams(path)
    expect(d[0]!.payload.equals(payload(3, 70_000).subarray(0, 65507))).toBe(true)
    const comments = readPackets(path).map((p) => p.comment)
    expect(comments[0]).toContain('a datagram of 70000 bytes cannot fit one IP packet')
    expect(comments.find((c) => c.includes('éé'))!.length).toBeLessThan(40_000)
  }, 60_000)

  it('keeps nanosecond and microsecond timestamps as given', () => {
    // Exactly representable: 959/4096 ms past a whole millisecond is 234130.859375 ns.
    const at = 1_712_345_678_901 + 959 / 4096
    const record: CaptureRecord = { type: 'data', seq: 0, peerId: 'p1', dir: 'in', offset: 0, time: at, length: 3 }
    for (const resolution of ['us', 'ns'] as const) {
      const parts: Uint8Array[] = []
      const w = new PcapngWriter((b) => parts.push(b), { resolution })
      const i = w.addEndpoint({ name: 'UDP', kind: 'udp', local: { address: '127.0.0.1', port: 7000, family: 'IPv4' } })
      w.notePeer(i, 'p1', { address: '127.0.0.1', port: 7001, family: 'IPv4' })
      w.write(i, record, payload(1, 3))
      w.flush()
      const path = files.file(`time-${resolution}.pcapng`, concat(parts))
      expect(problems(path)).toEqual([])
      expect(frameEpochs(path)).toEqual([resolution === 'us' ? '1712345678.901234000' : '1712345678.901234131'])
    }
  }, 60_000)
})

// Reading an exported pcapng back with Debian's tshark, the way a user opens it in Wireshark:
// whether it reads without complaint, what its expert analysis says, and the bytes it gives back
// per TCP stream and per UDP datagram. Checksums are verified (Wireshark leaves that off by default).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { requirePeerTool } from '../../helpers/peer-tools'

const CHECKSUMS = ['-o', 'ip.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE']

function run(args: string[]): { stdout: string; stderr: string } {
  const r = spawnSync(requirePeerTool('tshark'), args, { encoding: 'utf8', timeout: 60_000, maxBuffer: 512 * 1024 * 1024 })
  if (r.error) throw r.error
  // tshark says this on every start as root; it is about the user, not the file.
  const stderr = r.stderr
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('Running as user "root"'))
    .join('\n')
  if (r.status !== 0) throw new Error(`tshark ${args.join(' ')} exited with ${r.status}: ${stderr}`)
  return { stdout: r.stdout, stderr }
}

/** A temporary folder for capture files, removed by the returned function. */
export function captureDir(): { dir: string; file(name: string, bytes?: Uint8Array): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'socket-lab-export-'))
  return {
    dir,
    file(name, bytes) {
      const path = join(dir, name)
      if (bytes) writeFileSync(path, bytes)
      return path
    },
    remove: () => rmSync(dir, { recursive: true, force: true })
  }
}

export interface Packet {
  number: number
  protocols: string
  ipChecksum: string
  tcpChecksum: string
  udpChecksum: string
  flags: string
  srcPort: string
  dstPort: string
  comment: string
  direction: string
}

/** Reads every packet; throws on anything tshark prints to stderr (a malformed file). */
export function readPackets(file: string): Packet[] {
  const fields = ['frame.number', 'frame.protocols', 'ip.checksum.status', 'tcp.checksum.status', 'udp.checksum.status', 'tcp.flags.str', 'tcp.srcport', 'tcp.dstport', 'frame.comment', 'frame.packet_flags_direction']
  const { stdout, stderr } = run(['-r', file, ...CHECKSUMS, '-T', 'fields', '-E', 'separator=|', ...fields.flatMap((f) => ['-e', f])])
  if (stderr) throw new Error(`tshark complained reading ${file}: ${stderr}`)
  return stdout
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => {
      const [number, protocols, ip, tcp, udp, flags, srcPort, dstPort, comment, direction] = l.split('|')
      return { number: Number(number), protocols: protocols!, ipChecksum: ip!, tcpChecksum: tcp!, udpChecksum: udp!, flags: flags!, srcPort: srcPort!, dstPort: dstPort!, comment: comment!, direction: direction! }
    })
}

export interface ExpertItem {
  severity: 'Errors' | 'Warns' | 'Notes' | 'Chats' | 'Comments'
  count: number
  group: string
  protocol: string
  summary: string
}

/** tshark's expert analysis of the file (-z expert), with checksums checked. */
export function expertInfo(file: string): ExpertItem[] {
  const { stdout, stderr } = run(['-r', file, ...CHECKSUMS, '-q', '-z', 'expert'])
  if (stderr) throw new Error(`tshark complained reading ${file}: ${stderr}`)
  const items: ExpertItem[] = []
  let severity: ExpertItem['severity'] | undefined
  for (const line of stdout.split('\n')) {
    const head = /^(Errors|Warns|Notes|Chats|Comments) \(\d+\)/.exec(line)
    if (head) {
      severity = head[1] as ExpertItem['severity']
      continue
    }
    const item = /^\s+(\d+)\s+(\S+)\s+(\S+)\s+(.*)$/.exec(line)
    if (severity && item) items.push({ severity, count: Number(item[1]), group: item[2]!, protocol: item[3]!, summary: item[4]!.trim() })
  }
  return items
}

/** Notes every clean TCP capture has: a close is where it is. */
const ORDINARY_NOTES = [/initiates the connection closing/, /undergoes the connection closing/]

/**
 * Errors, warnings, and notes a clean capture does not have (retransmissions, duplicate ACKs, port
 * reuse...), leaving out those listed (e.g. the reset a capture of a reset must show).
 */
export function problems(file: string | ExpertItem[], expected: RegExp[] = []): string[] {
  return (typeof file === 'string' ? expertInfo(file) : file)
    .filter((i) => i.severity === 'Errors' || i.severity === 'Warns' || (i.severity === 'Notes' && !ORDINARY_NOTES.some((re) => re.test(i.summary))))
    .map((i) => `${i.severity}: ${i.protocol} ${i.summary}`)
    .filter((p) => !expected.some((re) => re.test(p)))
}

export interface FollowedStream {
  /** Node 0 (the end that sent first: the SYN's sender) and node 1, as address:port. */
  node0: string
  node1: string
  bytes0: Buffer
  bytes1: Buffer
}

/** Follow TCP Stream, raw: each side's bytes as Wireshark reassembles them. */
export function followTcp(file: string, stream: number): FollowedStream {
  const { stdout } = run(['-r', file, '-q', '-z', `follow,tcp,raw,${stream}`])
  const node0 = /Node 0: (.*)/.exec(stdout)?.[1]?.trim() ?? ''
  const node1 = /Node 1: (.*)/.exec(stdout)?.[1]?.trim() ?? ''
  const body = stdout.split(/\n/).filter((l) => /^\t?[0-9a-f]+$/.test(l))
  const side0 = body.filter((l) => !l.startsWith('\t')).join('')
  const side1 = body.filter((l) => l.startsWith('\t')).map((l) => l.slice(1)).join('')
  return { node0, node1, bytes0: Buffer.from(side0, 'hex'), bytes1: Buffer.from(side1, 'hex') }
}

/** Number of TCP streams (connections) in the file. */
export function tcpStreams(file: string): number {
  const { stdout } = run(['-r', file, '-T', 'fields', '-e', 'tcp.stream'])
  const ids = new Set(stdout.split('\n').filter((l) => l.trim() !== ''))
  return ids.size
}

export interface Datagram {
  src: string
  dst: string
  srcPort: number
  dstPort: number
  payload: Buffer
}

export function udpDatagrams(file: string): Datagram[] {
  const { stdout } = run(['-r', file, '-Y', 'udp', '-T', 'fields', '-E', 'separator=|', '-e', 'ip.src', '-e', 'ipv6.src', '-e', 'ip.dst', '-e', 'ipv6.dst', '-e', 'udp.srcport', '-e', 'udp.dstport', '-e', 'udp.payload'])
  return stdout
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => {
      const [src4, src6, dst4, dst6, sp, dp, payload] = l.split('|')
      return { src: src4 || src6!, dst: dst4 || dst6!, srcPort: Number(sp), dstPort: Number(dp), payload: Buffer.from((payload ?? '').replace(/:/g, ''), 'hex') }
    })
}

/** Unix packets (upper-PDU data): each packet's bytes, direction and connection number. */
export function unixPackets(file: string): { payload: Buffer; direction: string; queue: number; comment: string }[] {
  const { stdout } = run(['-r', file, '-Y', 'exported_pdu', '-T', 'fields', '-E', 'separator=|', '-e', 'data.data', '-e', 'exported_pdu.p2p_dir', '-e', 'frame.interface_queue', '-e', 'frame.comment'])
  return stdout
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => {
      const [data, dir, queue, comment] = l.split('|')
      return { payload: Buffer.from((data ?? '').replace(/:/g, ''), 'hex'), direction: dir!, queue: Number(queue), comment: comment ?? '' }
    })
}

/** Each packet's time as seconds since 1970, with all nine digits. */
export function frameEpochs(file: string): string[] {
  const { stdout } = run(['-r', file, '-T', 'fields', '-e', 'frame.time_epoch'])
  return stdout.split('\n').filter((l) => l.trim() !== '')
}

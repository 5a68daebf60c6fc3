// Capture records as an engine would keep them, made from a short description: endpoints, their
// peers, and what each peer did (chunks each way, half-closes, a close with its reason), with the
// start of some connections dropped as the capture limit does. The tests feed these to the writers
// and compare what comes out with what went in.
import type { CaptureRecord, CloseReason, Counters, EndpointKind, PeerInfo, PeerState, SocketAddress } from '../../../src/shared/api'
import type { ExportEndpoint } from '../../../src/shared/export'

export type PeerOp = { op: 'data'; dir: 'in' | 'out'; size: number } | { op: 'end'; side: 'peer' | 'local' } | { op: 'close'; reason: CloseReason; peerError?: boolean }

export interface PeerScript {
  remote: SocketAddress | { path: string }
  ops: PeerOp[]
}

export interface EndpointScript {
  endpoint: ExportEndpoint
  peers: PeerScript[]
  /** Which peer acts next, in turn; peers left over act in order at the end. */
  schedule?: number[]
  /**
   * Chunks at the start the capture dropped to stay within its limit; as the engine does, the
   * events before the first chunk still held went with them.
   */
  droppedChunks?: number
}

export interface Expected {
  /** Per endpoint and peer: the bytes each way the records carry (dropped chunks left out). */
  streams: Map<string, { in: Uint8Array[]; out: Uint8Array[]; offsetsIn: number[]; offsetsOut: number[] }>
  droppedBytes: number
}

export interface BuiltCapture {
  records: { record: CaptureRecord; bytes?: Uint8Array }[]
  expected: Expected
}

const T0 = 1_700_000_000_000

export function payload(seed: number, size: number): Uint8Array {
  const b = new Uint8Array(size)
  for (let i = 0; i < size; i++) b[i] = (seed * 131 + i * 31 + (i >> 8)) & 0xff
  return b
}

function zero(): Counters {
  return { bytesIn: 0, bytesOut: 0, chunksIn: 0, chunksOut: 0 }
}

/** The records one endpoint's capture would hold, with the bytes of each chunk. */
export function buildCapture(script: EndpointScript, endpointId = 'e1'): BuiltCapture {
  const records: { record: CaptureRecord; bytes?: Uint8Array }[] = []
  const expected: Expected = { streams: new Map(), droppedBytes: 0 }
  let seq = 0
  let time = T0
  let droppedChunks = 0
  const state = script.peers.map((p, i) => ({
    id: `p${i + 1}`,
    script: p,
    next: 0,
    counters: zero(),
    offsetIn: 0,
    offsetOut: 0,
    state: 'open' as PeerState,
    opened: false,
    since: 0
  }))
  for (const s of state) expected.streams.set(s.id, { in: [], out: [], offsetsIn: [], offsetsOut: [] })
  const info = (s: (typeof state)[number], peerState: PeerState): PeerInfo => ({
    id: s.id,
    endpointId,
    remote: s.script.remote,
    since: s.since,
    state: peerState,
    counters: { ...s.counters },
    pendingOut: 0
  })
  const act = (s: (typeof state)[number]): void => {
    const op = s.script.ops[s.next++]
    if (!op) return
    time += 0.25
    if (!s.opened) {
      s.opened = true
      s.since = Math.floor(time)
      records.push({ record: { type: 'peer', seq, event: { type: 'peer-open', peer: info(s, 'open') } } })
    }
    if (op.op === 'data') {
      // A half-closed side sends nothing more: the engine refuses sends after our FIN, and the peer's FIN ends its bytes.
      if ((op.dir === 'out' && s.state === 'we-ended') || (op.dir === 'in' && s.state === 'peer-ended')) return
      const bytes = payload(seq + 7, op.size)
      const offset = op.dir === 'in' ? s.offsetIn : s.offsetOut
      if (op.dir === 'in') {
        s.offsetIn += op.size
        s.counters.bytesIn += op.size
        s.counters.chunksIn++
      } else {
        s.offsetOut += op.size
        s.counters.bytesOut += op.size
        s.counters.chunksOut++
      }
      records.push({ record: { type: 'data', seq, peerId: s.id, dir: op.dir, offset, time, length: op.size }, bytes })
      seq++
      return
    }
    if (op.op === 'end') {
      if (s.state !== 'open') return
      s.state = op.side === 'peer' ? 'peer-ended' : 'we-ended'
      records.push({ record: { type: 'peer', seq, event: { type: 'peer-state', peer: info(s, s.state), time } } })
      return
    }
    s.state = 'closed'
    const ev = { type: 'peer-close' as const, peer: info(s, 'closed'), reason: op.reason, time }
    records.push({
      record: {
        type: 'peer',
        seq,
        event: op.peerError ? { ...ev, error: { code: 'ECONNRESET', message: 'the peer reset the connection', hint: 'h' } } : ev
      }
    })
    s.next = s.script.ops.length
  }
  for (const pick of script.schedule ?? []) {
    const live = state.filter((s) => s.next < s.script.ops.length)
    if (live.length === 0) break
    act(live[pick % live.length]!)
  }
  for (const s of state) while (s.next < s.script.ops.length) act(s)
  // Drop the oldest chunks and every event placed before the first chunk still held.
  const toDrop = Math.min(script.droppedChunks ?? 0, seq)
  const firstHeld = toDrop
  const held = records.filter(({ record }) => {
    if (record.type === 'data') {
      if (record.seq >= firstHeld) return true
      droppedChunks++
      expected.droppedBytes += record.length
      return false
    }
    return record.seq >= firstHeld
  })
  for (const { record, bytes } of held) {
    if (record.type !== 'data') continue
    const st = expected.streams.get(record.peerId)!
    st[record.dir].push(bytes!)
    ;(record.dir === 'in' ? st.offsetsIn : st.offsetsOut).push(record.offset)
  }
  // The capture reports what it dropped first, as a page read from its start does.
  if (droppedChunks > 0) held.unshift({ record: { type: 'dropped', seq: 0, bytes: expected.droppedBytes, chunks: droppedChunks } })
  return { records: held, expected }
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.byteLength
  }
  return out
}

export function kindTransport(kind: EndpointKind): 'tcp' | 'udp' | 'unix' {
  return kind === 'udp' ? 'udp' : kind.startsWith('tcp') ? 'tcp' : 'unix'
}

import { spawnSync } from 'node:child_process'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import type { CaptureRecord, FrameEvent } from '../../../src/shared/api'
import { LogWriter, type ExportEndpoint, type LogFormat, type LogOptions } from '../../../src/shared/export'
import { requirePeerTool } from '../../helpers/peer-tools'
import { buildCapture, concat, type EndpointScript } from './capture-script'
import { captureDir } from './tshark'

const files = captureDir()
afterAll(() => files.remove())

const endpoint: ExportEndpoint = { id: 'e1', name: 'TCP server 127.0.0.1:9000', kind: 'tcp-server', local: { address: '127.0.0.1', port: 9000, family: 'IPv4' } }
const peer = { id: 'p1', endpointId: 'e1', remote: { address: '127.0.0.1', port: 50000, family: 'IPv4' as const }, since: 1_700_000_000_000, state: 'open' as const, counters: { bytesIn: 0, bytesOut: 0, chunksIn: 0, chunksOut: 0 } }
const utf8 = new TextEncoder()

/** Writes records of one endpoint, each data record carrying its bytes. */
function log(format: LogFormat, items: { record: CaptureRecord; bytes?: Uint8Array }[], options: LogOptions = {}): string {
  const parts: Uint8Array[] = []
  const w = new LogWriter(format, (b) => parts.push(b), options)
  const i = w.addEndpoint(endpoint)
  for (const { record, bytes } of items) w.write(i, record, bytes)
  w.flush()
  return new TextDecoder().decode(concat(parts))
}

let seq = 0
function data(text: string | Uint8Array, dir: 'in' | 'out' = 'in'): { record: CaptureRecord; bytes: Uint8Array } {
  const bytes = typeof text === 'string' ? utf8.encode(text) : text
  return { record: { type: 'data', seq: seq++, peerId: 'p1', dir, offset: 0, time: 1_700_000_000_000.5, length: bytes.byteLength }, bytes }
}

const open: { record: CaptureRecord } = { record: { type: 'peer', seq: 0, event: { type: 'peer-open', peer } } }

/** RFC 4180, strictly: fields separated by commas, rows by CRLF, quoted fields with doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let i = 0
  for (;;) {
    let field = ''
    if (text[i] === '"') {
      i++
      for (;;) {
        const q = text.indexOf('"', i)
        if (q < 0) throw new Error('unterminated quoted field')
        field += text.slice(i, q)
        if (text[q + 1] === '"') {
          field += '"'
          i = q + 2
        } else {
          i = q + 1
          break
        }
      }
    } else {
      const m = /^[^,"\r\n]*/.exec(text.slice(i))![0]
      field = m
      i += m.length
    }
    row.push(field)
    if (text[i] === ',') {
      i++
      continue
    }
    if (text.startsWith('\r\n', i)) {
      rows.push(row)
      row = []
      i += 2
      if (i === text.length) return rows
      continue
    }
    throw new Error(`bad CSV at ${i}: ${JSON.stringify(text.slice(i, i + 10))}`)
  }
}

/** No control characters but tab, CR and LF: what the log shows as text. */
function isText(s: string): boolean {
  return [...s].every((c) => {
    const code = c.charCodeAt(0)
    return (code >= 0x20 && code !== 0x7f) || c === '\t' || c === '\r' || c === '\n'
  })
}

const tricky = ['plain', 'a,b,c', 'say "hi"', 'two\nlines', 'crlf\r\nline', '"quoted, with comma"\r\n', ' spaces ', '中文 text', 'tab\there']

describe('the CSV log', () => {
  it('round-trips payloads with commas, quotes and line breaks through an independent CSV reader (Python csv)', () => {
    const items = [open, ...tricky.map((t, i) => data(t, i % 2 ? 'out' : 'in'))]
    const csv = log('csv', items)
    const path = files.file('log.csv', utf8.encode(csv))
    const script = 'import csv,json,sys\nwith open(sys.argv[1], newline="", encoding="utf-8") as f:\n  print(json.dumps(list(csv.reader(f))))'
    const r = spawnSync(requirePeerTool('python3'), ['-c', script, path], { encoding: 'utf8' })
    expect(r.stderr).toBe('')
    const rows = JSON.parse(r.stdout) as string[][]
    expect(rows[0]).toEqual(['time', 'endpoint', 'event', 'dir', 'peer', 'seq', 'offset', 'length', 'text', 'hex', 'info'])
    expect(rows[1]!.slice(1, 5)).toEqual(['TCP server 127.0.0.1:9000', 'open', '', '127.0.0.1:50000'])
    const dataRows = rows.slice(2)
    expect(dataRows.map((r) => r[8])).toEqual(tricky)
    expect(dataRows.map((r) => Buffer.from(r[9]!, 'hex').toString('utf8'))).toEqual(tricky)
    expect(dataRows.map((r) => r[0])).toEqual(tricky.map(() => '2023-11-14T22:13:20.000500Z'))
    expect(rows.every((r) => r.length === 11)).toBe(true)
  })

  it('gives back any text exactly, and any bytes exactly as hex', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.uint8Array({ maxLength: 40 })), { maxLength: 12 }), fc.constantFrom(64, 100, 1 << 20), (payloads, blockBytes) => {
        const items = payloads.map((p) => data(p))
        const rows = parseCsv(log('csv', items, { guardFormulas: false, blockBytes }))
        expect(rows.length).toBe(items.length + 1)
        rows.slice(1).forEach((row, i) => {
          const bytes = items[i]!.bytes
          expect(row[9]).toBe(Buffer.from(bytes).toString('hex'))
          if (row[8] !== '') expect(utf8.encode(row[8]!)).toEqual(bytes)
          if (typeof payloads[i] === 'string' && isText(payloads[i] as string) && bytes.length > 0) expect(row[8]).toBe(payloads[i])
        })
      })
    )
  })

  it('keeps a spreadsheet from running a peer\u2019s bytes as a formula, and the hex exact', () => {
    const attacks = ['=HYPERLINK("http://x","click")', '+1+1', '-2+3', '@SUM(A1)', '\tx']
    const rows = parseCsv(log('csv', attacks.map((a) => data(a))))
    expect(rows.slice(1).map((r) => r[8])).toEqual(attacks.map((a) => `'${a}`))
    expect(rows.slice(1).map((r) => Buffer.from(r[9]!, 'hex').toString())).toEqual(attacks)
  })

  it('keeps a U+FFFD that was sent as such, and still leaves out bytes that do not decode', () => {
    const rows = parseCsv(log('csv', [data('\ufffd'), data(new Uint8Array([0x61, 0xff]))]))
    expect(rows.slice(1).map((r) => r[8])).toEqual(['\ufffd', ''])
  })

  it('leaves the text column empty for bytes that are not text', () => {
    const rows = parseCsv(log('csv', [data(new Uint8Array([0, 1, 2, 0xff])), data(new Uint8Array([0xc3]))]))
    expect(rows.slice(1).map((r) => [r[8], r[9]])).toEqual([
      ['', '000102ff'],
      ['', 'c3']
    ])
  })
})

describe('the JSON Lines log', () => {
  it('writes one object a line that parses, with bytes as hex, frames with their fields, and every event', () => {
    const frame: FrameEvent = { type: 'frame', endpointId: 'e1', peerId: 'p1', dir: 'in', seq: 2, offset: 0, length: 600, headerLength: 4, payloadLength: 596, time: 1_700_000_000_001, preview: new Uint8Array(256).fill(0x41), meta: { file_name: 'a.txt' } }
    const items = [
      open,
      data('hello\n'),
      data(new Uint8Array([0, 255]), 'out'),
      { record: { type: 'frame', seq: 2, event: frame } as CaptureRecord },
      { record: { type: 'peer', seq: 3, event: { type: 'peer-close', peer: { ...peer, state: 'closed' }, reason: 'reset', error: { code: 'ECONNRESET', message: 'reset by peer', hint: 'h' }, time: 1_700_000_000_002 } } as CaptureRecord },
      { record: { type: 'dropped', seq: 0, bytes: 1000, chunks: 3 } as CaptureRecord }
    ]
    const lines = log('jsonl', items).split('\n')
    expect(lines.pop()).toBe('')
    const objects = lines.map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(objects.map((o) => o.event)).toEqual(['open', 'data', 'data', 'frame', 'close', 'dropped'])
    expect(objects[1]).toMatchObject({ time: '2023-11-14T22:13:20.000500Z', endpoint: 'TCP server 127.0.0.1:9000', endpointId: 'e1', dir: 'in', peer: '127.0.0.1:50000', length: 6, hex: '68656c6c6f0a', text: 'hello\n' })
    expect(objects[2]).toMatchObject({ dir: 'out', hex: '00ff' })
    expect(objects[2]!.text).toBeUndefined()
    expect(objects[3]).toMatchObject({ length: 600, headerLength: 4, meta: { file_name: 'a.txt' }, truncated: true, hex: '41'.repeat(256) })
    expect(objects[4]).toMatchObject({ reason: 'reset', error: { code: 'ECONNRESET', message: 'reset by peer' } })
    expect(objects[5]).toMatchObject({ time: null, length: 1000, chunks: 3 })
  })

  it('parses line by line whatever the payload, U+2028 and quotes included', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.uint8Array({ maxLength: 30 })), { maxLength: 10 }), (payloads) => {
        const out = log('jsonl', payloads.map((p) => data(p)))
        const lines = out.split('\n')
        expect(lines.pop()).toBe('')
        expect(lines.length).toBe(payloads.length)
        for (const l of lines) expect(() => JSON.parse(l)).not.toThrow()
      })
    )
  })
})

describe('the text log', () => {
  it('writes one line an event, so a peer cannot forge a line with a line break of its own', () => {
    const forged = 'ok\n2023-11-14T22:13:20.000000Z  TCP server 127.0.0.1:9000  close  fake'
    const text = log('text', [open, data(forged), data(new Uint8Array([1, 2, 3]), 'out')])
    const lines = text.split('\n')
    expect(lines.pop()).toBe('')
    expect(lines).toHaveLength(3)
    expect(lines[0]).toBe('2023-11-14T22:13:20.000000Z  TCP server 127.0.0.1:9000  open        127.0.0.1:50000  connected')
    expect(lines[1]).toContain(`in   127.0.0.1:50000  ${utf8.encode(forged).byteLength} bytes  text "ok\\n2023-11-14T22:13:20.000000Z`)
    expect(lines[2]!.endsWith('out  127.0.0.1:50000  3 bytes  hex 01 02 03')).toBe(true)
  })

  it('keeps names, paths and error messages to one line too', () => {
    const parts: Uint8Array[] = []
    const w = new LogWriter('text', (b) => parts.push(b))
    const i = w.addEndpoint({ ...endpoint, name: 'two\nlines\u2028here' })
    const closed = { ...peer, remote: { path: '/tmp/a\nb.sock' }, state: 'closed' as const }
    w.notePeer(i, 'p1', closed.remote)
    w.write(i, { type: 'peer', seq: 0, event: { type: 'peer-close', peer: closed, reason: 'error', error: { code: 'EBADFRAME', message: 'bad header:\r\n{"x"', hint: 'h' }, time: 1_700_000_000_000 } })
    w.flush()
    const lines = new TextDecoder().decode(concat(parts)).split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toBe('2023-11-14T22:13:20.000000Z  two\\nlines\\u2028here  close       /tmp/a\\nb.sock  error: EBADFRAME: bad header:\\r\\n{"x"')
  })

  it('is the same file whatever the block size it is written in', () => {
    const script: EndpointScript = {
      endpoint,
      peers: [{ remote: peer.remote, ops: [{ op: 'data', dir: 'in', size: 3000 }, { op: 'data', dir: 'out', size: 10 }, { op: 'close', reason: 'fin-peer' }] }],
      droppedChunks: 0
    }
    const { records } = buildCapture(script)
    for (const format of ['text', 'csv', 'jsonl'] as const) {
      expect(log(format, records, { blockBytes: 64 })).toBe(log(format, records))
    }
  })
})

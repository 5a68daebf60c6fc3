import { describe, expect, it } from 'vitest'
import type { EngineEvent, TlsCertificateInfo } from '../../src/shared/api'
import type { ResponderNote } from '../../src/shared/responders'
import { BLOCK_ROWS, KIND, MAX_ROWS, PREVIEW_ROWS, TimelineLog } from '../../src/renderer/src/store/timeline/timeline-log'
import { NO_FILTER, TimelineView } from '../../src/renderer/src/store/timeline/timeline-view'

const data = (seq: number, dir: 'in' | 'out' = 'in', peerId = 'p1', text = `m${seq}`): EngineEvent => ({
  type: 'data',
  endpointId: 'e',
  peerId,
  dir,
  seq,
  offset: seq * 4,
  time: 1000 + seq,
  length: text.length,
  preview: new TextEncoder().encode(text)
})

const text = (log: TimelineLog, i: number): string | undefined => {
  const p = log.preview(i)
  return p ? new TextDecoder().decode(p) : undefined
}

describe('timeline log', () => {
  it('keeps rows in columns and counts every chunk, coalesced ones included', () => {
    const log = new TimelineLog('e')
    log.append(data(0))
    log.append(data(1, 'out'))
    log.append({ type: 'coalesced', endpointId: 'e', chunks: 500, bytes: 9000, fromSeq: 2, toSeq: 501 })
    log.append({ type: 'frame', endpointId: 'e', peerId: 'p1', dir: 'in', seq: 1, offset: 0, length: 6, headerLength: 4, payloadLength: 2, time: 1, preview: new Uint8Array(2) })
    expect(log.size).toBe(4)
    expect(log.chunkCount).toBe(502)
    expect(log.counts).toMatchObject({ chunksIn: 1, chunksOut: 1, coalescedChunks: 500, frames: 1 })
    const row = log.row(1)
    expect(row).toMatchObject({ kind: KIND.data, dir: 2, peerId: 'p1', seq: 1, offset: 4, length: 2 })
    expect(log.row(3)).toMatchObject({ kind: KIND.frame, aux: 4, payloadLength: 2 })
    expect(text(log, 0)).toBe('m0')
  })

  it('keeps previews only for the newest rows', () => {
    const log = new TimelineLog('e')
    for (let s = 0; s < PREVIEW_ROWS + 10; s++) log.append(data(s))
    expect(log.hasPreview(0)).toBe(false)
    expect(log.hasPreview(9)).toBe(false)
    expect(log.hasPreview(10)).toBe(true)
    log.restorePreview(0, new Uint8Array([1]))
    expect(log.preview(0)).toEqual(new Uint8Array([1]))
  })

  it('stays bounded: past the row limit the oldest block goes, counts stay exact', () => {
    const log = new TimelineLog('e')
    const total = MAX_ROWS + BLOCK_ROWS + 5
    for (let s = 0; s < total; s++) log.append(data(s))
    expect(log.size).toBeLessThanOrEqual(MAX_ROWS)
    expect(log.first).toBe(2 * BLOCK_ROWS)
    expect(log.end).toBe(total)
    expect(log.has(0)).toBe(false)
    expect(log.row(log.first).seq).toBe(2 * BLOCK_ROWS)
    expect(log.chunkCount).toBe(total)
  })
})

describe('timeline view', () => {
  it('is the log itself without a filter', () => {
    const log = new TimelineLog('e')
    for (let s = 0; s < 10; s++) log.append(data(s))
    const view = new TimelineView(log, NO_FILTER, text)
    expect(view.length()).toBe(10)
    expect(view.at(3)).toBe(3)
    expect(view.length(4)).toBe(4)
  })

  it('filters by direction, peer and text, and extends itself with new rows only', () => {
    const log = new TimelineLog('e')
    for (let s = 0; s < 10; s++) log.append(data(s, s % 2 ? 'out' : 'in', s < 5 ? 'p1' : 'p2'))
    const inOnly = new TimelineView(log, { ...NO_FILTER, dir: 'in' }, text)
    inOnly.update()
    expect(inOnly.length()).toBe(5)
    expect([0, 1, 2, 3, 4].map((i) => inOnly.at(i))).toEqual([0, 2, 4, 6, 8])
    log.append(data(10))
    inOnly.update()
    expect(inOnly.length()).toBe(6)
    expect(inOnly.positionOf(10)).toBe(5)

    const peer2 = new TimelineView(log, { ...NO_FILTER, peer: 'p2' }, text)
    peer2.update()
    expect(peer2.length()).toBe(5)
    const found = new TimelineView(log, { ...NO_FILTER, text: 'M7' }, text)
    found.update()
    expect(found.length()).toBe(1)
    expect(found.at(0)).toBe(7)
    const noEvents = new TimelineView(log, { ...NO_FILTER, chunks: false }, text)
    noEvents.update()
    expect(noEvents.length()).toBe(0)
  })

  it('filters a million rows quickly', () => {
    const log = new TimelineLog('e')
    for (let s = 0; s < 1_000_000; s++) log.append(data(s, s % 3 === 0 ? 'out' : 'in', 'p1', 'x'))
    const started = performance.now()
    const view = new TimelineView(log, { ...NO_FILTER, dir: 'out' }, text)
    view.update()
    expect(view.length()).toBe(333_334)
    expect(performance.now() - started).toBeLessThan(1000)
  })
})

describe('responder notes in the timeline', () => {
  it('become rows that say what the server noted, an error note in the error colour', async () => {
    const { i18n } = await import('../../src/renderer/src/i18n')
    const { describeEvent } = await import('../../src/renderer/src/components/timeline/row-text')
    await i18n.changeLanguage('en')
    const log = new TimelineLog('e')
    log.append({ type: 'responder-note', endpointId: 'e', peerId: 'p1', time: 5, note: { kind: 'upload', fileName: '1.mp4', size: 20000, sha256: 'ab'.repeat(32) } })
    log.append({ type: 'responder-note', endpointId: 'e', peerId: 'p1', time: 6, note: { kind: 'bye', from: 'peer' } })
    log.append({ type: 'responder-note', endpointId: 'e', peerId: 'p1', time: 7, note: { kind: 'error', error: { code: 'EHEADER', message: 'the header is not JSON', hint: 'Send JSON.' } } })
    expect([0, 1, 2].map((i) => log.kindAt(i))).toEqual([KIND.note, KIND.note, KIND.note])
    const t = i18n.t.bind(i18n)
    expect(describeEvent(t, log.row(0))).toBe(`Upload stored: 1.mp4, 20,000 bytes, sha256 ${'ab'.repeat(32)}`)
    expect(describeEvent(t, log.row(1))).toBe('Bye from the client: the chat ends')
    expect(describeEvent(t, log.row(2))).toBe('EHEADER: the header is not JSON')
    expect(log.row(2).extra?.error?.code).toBe('EHEADER')
  })

  it("say what a relay's handshake with a TLS upstream negotiated, in both languages", async () => {
    const { i18n } = await import('../../src/renderer/src/i18n')
    const { describeEvent } = await import('../../src/renderer/src/components/timeline/row-text')
    const { noteText } = await import('../../src/shared/responders/note-text')
    const log = new TimelineLog('e')
    const cert: TlsCertificateInfo = { subject: 'CN=localhost', issuer: 'CN=Test CA', validFrom: 'a', validTo: 'b', fingerprint256: 'ff', serialNumber: '01', selfSigned: false }
    const good: ResponderNote = { kind: 'upstream-tls', upstream: 'tls://127.0.0.1:8443', tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', alpn: false, authorized: true, peerChain: [cert] } }
    const bad: ResponderNote = { kind: 'upstream-tls', upstream: 'tls://127.0.0.1:8443', tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', alpn: 'h2', authorized: false, authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT', peerChain: [cert] } }
    log.append({ type: 'responder-note', endpointId: 'e', peerId: 'p1', time: 5, note: good })
    log.append({ type: 'responder-note', endpointId: 'e', peerId: 'p1', time: 6, note: bad })
    const t = i18n.t.bind(i18n)
    await i18n.changeLanguage('en')
    expect(describeEvent(t, log.row(0))).toBe('Upstream tls://127.0.0.1:8443: TLSv1.3 TLS_AES_256_GCM_SHA384, ALPN none, certificate CN=localhost verified')
    expect(describeEvent(t, log.row(1))).toBe('Upstream tls://127.0.0.1:8443: TLSv1.3 TLS_AES_256_GCM_SHA384, ALPN h2, certificate CN=localhost NOT verified (DEPTH_ZERO_SELF_SIGNED_CERT)')
    await i18n.changeLanguage('zh-CN')
    expect(describeEvent(t, log.row(1))).toBe('上游 tls://127.0.0.1:8443：TLSv1.3 TLS_AES_256_GCM_SHA384，ALPN h2，证书 CN=localhost 未通过验证（DEPTH_ZERO_SELF_SIGNED_CERT）')
    await i18n.changeLanguage('en')
    // The command line and the exported logs word it the same way, in English.
    expect(noteText(bad)).toBe('upstream tls://127.0.0.1:8443: TLSv1.3 TLS_AES_256_GCM_SHA384, ALPN h2, certificate CN=localhost NOT verified (DEPTH_ZERO_SELF_SIGNED_CERT)')
  })
})

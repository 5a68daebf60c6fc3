// Step checks one by one: what makes each hold, and near misses that must not.
import { describe, expect, it } from 'vitest'
import { createMatcher, LabContext, type StepCheck } from '../../../src/shared/labs'
import { EventScript } from './events'

const ids: Record<string, string> = { server: 'S', client: 'C' }

function holds(check: StepCheck, script: EventScript): boolean {
  const ctx = new LabContext((role) => ids[role])
  const m = createMatcher(check, ctx)
  let held = false
  for (const ev of script.events) {
    ctx.observe(ev)
    held = m.feed(ev)
  }
  return held
}

describe('step checks', () => {
  it('read-held without a sender in the lab: a read of several messages\u2019 length', () => {
    const check: StepCheck = { kind: 'read-held', role: 'server', count: 2, messageLength: 3 }
    expect(holds(check, new EventScript().data('S', 'p', 'in', 'aaa').data('S', 'p', 'in', 'aaa').data('S', 'p', 'in', 'aaa'))).toBe(false)
    expect(holds(check, new EventScript().data('S', 'p', 'in', 'aaa').data('S', 'p', 'in', 'aaaaaa'))).toBe(true)
    expect(holds(check, new EventScript().data('S', 'p', 'out', 'aaaaaaaaa'))).toBe(false)
  })

  it('read-held from a lab client: counts its writes in the read, matched by the connection\u2019s port', () => {
    const check: StepCheck = { kind: 'read-held', role: 'server', from: 'client', count: 2, messageLength: 1 }
    const base = (): EventScript => new EventScript().endpoint('C', 'connected', { kind: 'tcp-client', localPort: 5000 }).open('S', 'lab', { port: 5000 }).open('S', 'other', { port: 6000 })
    // One big write read at once is one write, however long.
    expect(holds(check, base().data('C', 'c', 'out', 'abcdef').data('S', 'lab', 'in', 'abcdef'))).toBe(false)
    // Two writes read one by one.
    expect(holds(check, base().data('C', 'c', 'out', 'ab').data('C', 'c', 'out', 'cd').data('S', 'lab', 'in', 'ab').data('S', 'lab', 'in', 'cd'))).toBe(false)
    // A long read by another connection does not count.
    expect(holds(check, base().data('C', 'c', 'out', 'ab').data('S', 'other', 'in', 'abcdefgh'))).toBe(false)
    // Two writes in one read.
    expect(holds(check, base().data('C', 'c', 'out', 'ab').data('C', 'c', 'out', 'cd').data('S', 'lab', 'in', 'abcd'))).toBe(true)
    // Part of one write and part of the next, in one read: both are in it.
    expect(holds(check, base().data('C', 'c', 'out', 'ab').data('C', 'c', 'out', 'cd').data('S', 'lab', 'in', 'a').data('S', 'lab', 'in', 'bc'))).toBe(true)
  })

  it('waited: a peer held waiting and then served, not one served at once or closed while waiting', () => {
    const check: StepCheck = { kind: 'waited', role: 'server' }
    expect(holds(check, new EventScript().open('S', 'a').state('S', 'a', 'peer-ended'))).toBe(false)
    expect(holds(check, new EventScript().open('S', 'b', { waiting: true }).close('S', 'b', 'reset'))).toBe(false)
    expect(holds(check, new EventScript().open('S', 'b', { waiting: true }).state('S', 'b', 'open'))).toBe(true)
  })

  it('connected counts peers, served or waiting as asked', () => {
    const two = new EventScript().open('S', 'a').open('S', 'b', { waiting: true })
    expect(holds({ kind: 'connected', role: 'server', count: 2 }, two)).toBe(true)
    expect(holds({ kind: 'connected', role: 'server', count: 2, served: true }, two)).toBe(false)
    expect(holds({ kind: 'connected', role: 'server', waiting: true }, two)).toBe(true)
    expect(holds({ kind: 'connected', role: 'server', waiting: true }, new EventScript().open('S', 'a'))).toBe(false)
  })

  it('concurrent: peers served at the same moment, not one after another', () => {
    const check: StepCheck = { kind: 'concurrent', role: 'server', count: 2 }
    expect(holds(check, new EventScript().open('S', 'a').close('S', 'a', 'fin-peer').open('S', 'b'))).toBe(false)
    expect(holds(check, new EventScript().open('S', 'a').open('S', 'b', { waiting: true }))).toBe(false)
    expect(holds(check, new EventScript().open('S', 'a').open('S', 'b'))).toBe(true)
  })

  it('sequence: the second counts only after the first held', () => {
    const check: StepCheck = { kind: 'sequence', checks: [{ kind: 'data', role: 'server', dir: 'in' }, { kind: 'peer-ended', role: 'server' }] }
    expect(holds(check, new EventScript().state('S', 'p', 'peer-ended').data('S', 'p', 'in', 'x'))).toBe(false)
    expect(holds(check, new EventScript().data('S', 'p', 'in', 'x').state('S', 'p', 'peer-ended'))).toBe(true)
  })

  it('data filters by text, part of it, a pattern and length; counts matching chunks', () => {
    const s = new EventScript().data('S', 'p', 'out', '2026-12-02 07:30:00').data('S', 'p', 'in', '')
    expect(holds({ kind: 'data', role: 'server', dir: 'out', pattern: '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$' }, s)).toBe(true)
    expect(holds({ kind: 'data', role: 'server', dir: 'out', text: '2026-12-02' }, s)).toBe(false)
    expect(holds({ kind: 'data', role: 'server', dir: 'out', contains: '07:30' }, s)).toBe(true)
    expect(holds({ kind: 'data', role: 'server', dir: 'in', maxLength: 0 }, s)).toBe(true)
    expect(holds({ kind: 'data', role: 'server', dir: 'out', count: 2 }, s)).toBe(false)
  })

  it('errors count from error events, closed peers and failed endpoints, with the code asked for', () => {
    expect(holds({ kind: 'error', role: 'server', codes: ['EBACKLOG'] }, new EventScript().close('S', 'c', 'reset', 'EBACKLOG'))).toBe(true)
    expect(holds({ kind: 'error', role: 'client', codes: ['ETIMEDOUT'] }, new EventScript().endpoint('C', 'error', { error: 'ETIMEDOUT' }))).toBe(true)
    expect(holds({ kind: 'error', role: 'server', codes: ['EADDRINUSE'] }, new EventScript().error('S', 'EADDRINUSE'))).toBe(true)
    expect(holds({ kind: 'error', role: 'server', codes: ['EADDRINUSE'] }, new EventScript().error('S', 'ECONNRESET'))).toBe(false)
  })

  it('notes match by kind and fields', () => {
    const s = new EventScript().note('S', 'p', { kind: 'download', fileName: 'x', found: false, size: 0 })
    expect(holds({ kind: 'note', role: 'server', note: 'download' }, s)).toBe(true)
    expect(holds({ kind: 'note', role: 'server', note: 'download', fields: { found: true } }, s)).toBe(false)
    expect(holds({ kind: 'note', role: 'server', note: 'upload' }, s)).toBe(false)
  })

  it('state with samePort: listening again where it first listened, not on a new port', () => {
    const check: StepCheck = { kind: 'sequence', checks: [{ kind: 'state', role: 'server', state: 'closed' }, { kind: 'state', role: 'server', state: 'listening', samePort: true }] }
    const start = (): EventScript => new EventScript().endpoint('S', 'listening', { localPort: 5000 }).endpoint('S', 'closed')
    expect(holds(check, start().endpoint('S', 'listening', { localPort: 5001 }))).toBe(false)
    expect(holds(check, start().endpoint('S', 'listening', { localPort: 5000 }))).toBe(true)
  })
})

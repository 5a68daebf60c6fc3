// A relay direction's pipe on its own: bytes held to be coalesced must still leave when the end
// comes or the coalescing is turned off, with no timer left to send them.
import { describe, expect, it } from 'vitest'
import { FaultPipe, type PipeSink } from '../../../../src/main/engine/relay/fault-pipe'

function sink(): PipeSink & { written: string[] } {
  const written: string[] = []
  return { written, write: (b) => written.push(Buffer.from(b).toString()), note: () => {}, reset: () => {}, drained: () => {} }
}

describe('FaultPipe', () => {
  it('sends bytes held for coalescing before the end it was asked to wait for', () => {
    const s = sink()
    const pipe = new FaultPipe('upstream', { coalesceMs: 60_000 }, s, Math.random)
    pipe.push(Buffer.from('held '))
    pipe.push(Buffer.from('back'))
    expect(s.written).toEqual([])
    let ended = false
    pipe.whenEmpty(() => {
      // The end comes after the bytes, never before them.
      expect(s.written).toEqual(['held back'])
      ended = true
    })
    expect(ended).toBe(true)
    pipe.stop()
  })

  it('sends held bytes at once when coalescing is turned off while they wait', () => {
    const s = sink()
    const pipe = new FaultPipe('upstream', { coalesceMs: 60_000 }, s, Math.random)
    pipe.push(Buffer.from('waiting'))
    pipe.setFaults({})
    expect(s.written).toEqual(['waiting'])
    expect(pipe.held).toBe(0)
    pipe.stop()
  })
})

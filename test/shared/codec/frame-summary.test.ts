import { describe, expect, it } from 'vitest'
import { createFramer, formatFrameSize, formatHeaderFields, headerFields } from '../../../src/shared/codec'

const utf8 = new TextEncoder()

describe('frame summary', () => {
  it('says the payload length and, apart from it, the header', () => {
    const [frame] = createFramer('len:4').createDecoder().push(createFramer('len:4').encode(utf8.encode('hello world!')))
    expect(formatFrameSize({ payloadLength: frame!.payload.byteLength, headerLength: frame!.headerLength })).toBe('len=12 (header 4 B)')
    // A line has no header: its LF is a delimiter, counted neither in len nor as header.
    const [line] = createFramer('line').createDecoder().push(utf8.encode('abc\r\n'))
    expect(formatFrameSize({ payloadLength: line!.payload.byteLength, headerLength: line!.headerLength })).toBe('len=3')
  })

  it('lists a JSON header\u2019s fields in the sender\u2019s order, strings bare, the rest as JSON', () => {
    const framer = createFramer('json-header')
    const [frame] = framer.createDecoder().push(framer.encode(utf8.encode('body'), { file_name: 'lecture notes.txt', md5: null, parts: [1, 2] }))
    expect(formatFrameSize({ payloadLength: frame!.payload.byteLength, headerLength: frame!.headerLength })).toMatch(/^len=4 \(header \d+ B\)$/)
    expect(formatHeaderFields(frame!.meta)).toBe('file_name=lecture notes.txt md5=null parts=[1,2] file_size=4')
  })

  it('keeps a wild header to one short line: long values cut, control characters shown, extra fields counted', () => {
    const meta: Record<string, unknown> = { name: `a\nb${'x'.repeat(200)}` }
    for (let i = 0; i < 12; i++) meta[`k${i}`] = i
    const { fields, more } = headerFields(meta, { maxFields: 3, maxChars: 10 })
    expect(fields).toEqual([
      { key: 'name', value: 'a↵bxxxxxx…' },
      { key: 'k0', value: '0' },
      { key: 'k1', value: '1' }
    ])
    expect(more).toBe(10)
    expect(formatHeaderFields(meta, { maxFields: 2, maxChars: 4 })).toBe('name=a↵b… k0=0 (+11 more)')
    expect(formatHeaderFields(undefined)).toBe('')
  })
})

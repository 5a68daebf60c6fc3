import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { createFramer, frameHeaderMarks, hexDump, hexDumpBytes, hexDumpLayout, hexDumpRowCount, hexDumpRows, parseHex } from '../../../src/shared/codec'

const t = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('hexDump', () => {
  it('matches the hexdump -C layout', () => {
    const dump = hexDump(Uint8Array.from([...t('Hello world'), 0x0a, 0, 1, 2, 0x7f, ...t('tail')]))
    expect(dump).toBe(
      '00000000  48 65 6c 6c 6f 20 77 6f  72 6c 64 0a 00 01 02 7f  |Hello world.....|\n' +
        '00000010  74 61 69 6c                                       |tail|\n'
    )
  })

  it('lays out 8 and 32 bytes a row with a gap after every 8', () => {
    const bytes = Uint8Array.from({ length: 40 }, (_, i) => i)
    expect(hexDump(bytes, { bytesPerRow: 8 }).split('\n')[1]).toBe('00000008  08 09 0a 0b 0c 0d 0e 0f  |........|')
    const rows32 = hexDump(bytes, { bytesPerRow: 32, uppercase: true }).split('\n')
    expect(rows32[0]).toBe('00000000  00 01 02 03 04 05 06 07  08 09 0A 0B 0C 0D 0E 0F  10 11 12 13 14 15 16 17  18 19 1A 1B 1C 1D 1E 1F  |................................|')
    expect(rows32[0]!.length).toBe(hexDumpLayout(32).rowWidth)
    expect(rows32[1]).toBe('00000020  20 21 22 23 24 25 26 27' + ' '.repeat(75) + '  | !"#$%&\'|')
  })

  it('prints the base offset and widens the offset column past 32 bits', () => {
    expect(hexDump(t('A'), { baseOffset: 0x1234 })).toBe('00001234  41' + ' '.repeat(46) + '  |A|\n')
    expect(hexDump(t('A'), { baseOffset: 2 ** 36 }).startsWith('1000000000  41')).toBe(true)
    expect(hexDump(new Uint8Array(0))).toBe('')
  })

  it('hex columns parse back to the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(8, 16, 32) as fc.Arbitrary<8 | 16 | 32>, (bytes, bytesPerRow) => {
        const layout = hexDumpLayout(bytesPerRow)
        const lines = hexDump(bytes, { bytesPerRow }).split('\n').filter(Boolean)
        const hex = lines.map((l) => l.slice(layout.hexColumn(0), layout.asciiColumn(0) - 1)).join(' ')
        expect(parseHex(hex)).toEqual(bytes)
        expect(new TextDecoder().decode(hexDumpBytes(bytes, { bytesPerRow }))).toBe(lines.map((l) => l + '\n').join(''))
      }),
      { numRuns: 150 }
    )
  })
})

describe('hexDumpRows', () => {
  const bytes = Uint8Array.from({ length: 100 }, (_, i) => i)

  it('formats only the rows asked for, identical to the whole dump', () => {
    const whole = hexDump(bytes, { baseOffset: 4096 }).split('\n')
    const rows = hexDumpRows(bytes, { startRow: 2, rowCount: 3, baseOffset: 4096 })
    expect(rows.map((r) => r.text)).toEqual(whole.slice(2, 5))
    expect(rows.map((r) => r.offset)).toEqual([4096 + 32, 4096 + 48, 4096 + 64])
    expect(hexDumpRowCount(100)).toBe(7)
    expect(hexDumpRows(bytes, { startRow: 6, rowCount: 10 })).toHaveLength(1)
    expect(hexDumpRows(bytes, { startRow: 99 })).toEqual([])
  })

  it('marks framing header bytes in both columns', () => {
    const framer = createFramer('len:2')
    const stream = Uint8Array.from([...framer.encode(t('abc')), ...framer.encode(t('de'))])
    const frames = framer.createDecoder().push(stream)
    const [row] = hexDumpRows(stream, { marks: frameHeaderMarks(frames) })
    const layout = hexDumpLayout(16)
    expect(row!.spans).toEqual([
      { start: layout.hexColumn(0), end: layout.hexColumn(1) + 2, kind: 'header', column: 'hex' },
      { start: layout.asciiColumn(0), end: layout.asciiColumn(2), kind: 'header', column: 'ascii' },
      { start: layout.hexColumn(5), end: layout.hexColumn(6) + 2, kind: 'header', column: 'hex' },
      { start: layout.asciiColumn(5), end: layout.asciiColumn(7), kind: 'header', column: 'ascii' }
    ])
    expect(row!.text.slice(row!.spans[0]!.start, row!.spans[0]!.end)).toBe('00 03')
  })

  it('splits a mark that crosses rows', () => {
    const rows = hexDumpRows(bytes, { rowCount: 2, marks: [{ offset: 14, length: 4, kind: 'x' }] })
    expect(rows[0]!.text.slice(rows[0]!.spans[0]!.start, rows[0]!.spans[0]!.end)).toBe('0e 0f')
    expect(rows[1]!.text.slice(rows[1]!.spans[0]!.start, rows[1]!.spans[0]!.end)).toBe('10 11')
  })
})

import { describe, it, expect } from 'vitest'
import { CodecError, FRAMING_SPEC_FORMS, formatFramingSpec, parseFramingSpec, parseStructCode } from '../../../src/shared/codec'

describe('parseFramingSpec', () => {
  it('parses every documented form', () => {
    expect(parseFramingSpec('raw')).toEqual({ kind: 'raw' })
    expect(parseFramingSpec('line')).toEqual({ kind: 'line' })
    expect(parseFramingSpec('slip')).toEqual({ kind: 'slip' })
    expect(parseFramingSpec('delim:0d0a')).toEqual({ kind: 'delimiter', delimiter: Uint8Array.of(0x0d, 0x0a) })
    expect(parseFramingSpec('fixed:16')).toEqual({ kind: 'fixed', size: 16 })
    expect(parseFramingSpec('len:4')).toEqual({ kind: 'length', field: { size: 4, endian: 'be', signed: false }, includesHeader: false })
    expect(parseFramingSpec('len:2:le')).toEqual({ kind: 'length', field: { size: 2, endian: 'le', signed: false }, includesHeader: false })
    expect(parseFramingSpec('len:4:be:incl')).toEqual({ kind: 'length', field: { size: 4, endian: 'be', signed: false }, includesHeader: true })
    expect(parseFramingSpec('len:8:le:signed')).toEqual({ kind: 'length', field: { size: 8, endian: 'le', signed: true }, includesHeader: false })
    expect(parseFramingSpec('json-header')).toEqual({ kind: 'json-header', field: { size: 4, endian: 'le', signed: true }, struct: 'i' })
    expect(parseFramingSpec('json-header:!I')).toEqual({ kind: 'json-header', field: { size: 4, endian: 'be', signed: false }, struct: '!I' })
    expect(parseFramingSpec('json-header:header=1m')).toEqual({ kind: 'json-header', field: { size: 4, endian: 'le', signed: true }, struct: 'i', maxHeaderSize: 1024 * 1024 })
    expect(parseFramingSpec('json-header:<H:header=1000')).toEqual({ kind: 'json-header', field: { size: 2, endian: 'le', signed: false }, struct: '<H', maxHeaderSize: 1000 })
  })

  it('maps Python struct codes as struct.pack does on x86', () => {
    expect(parseStructCode('i')).toEqual({ size: 4, endian: 'le', signed: true })
    expect(parseStructCode('!I')).toEqual({ size: 4, endian: 'be', signed: false })
    expect(parseStructCode('>I')).toEqual({ size: 4, endian: 'be', signed: false })
    expect(parseStructCode('<H')).toEqual({ size: 2, endian: 'le', signed: false })
    expect(parseStructCode('q')).toEqual({ size: 8, endian: 'le', signed: true })
    expect(parseStructCode('=B')).toEqual({ size: 1, endian: 'le', signed: false })
    expect(parseStructCode('@l')).toEqual({ size: 4, endian: 'le', signed: true })
    expect(parseFramingSpec('struct:!I')).toMatchObject({ kind: 'length', field: { size: 4, endian: 'be', signed: false }, struct: '!I' })
  })

  it.each(['raw', 'line', 'slip', 'delim:0d0a', 'delim:00', 'fixed:16', 'len:4', 'len:2:le', 'len:4:incl', 'len:8:le:signed:incl', 'len:1:signed', 'struct:i', 'struct:!I', 'struct:<H', 'struct:q', 'json-header', 'json-header:!I', 'json-header:header=1m', 'json-header:!I:header=64k', 'json-header:q:header=100'])(
    'formats %s back to itself',
    (spec) => {
      expect(formatFramingSpec(parseFramingSpec(spec))).toBe(spec)
    }
  )

  it('normalises equivalent spellings', () => {
    expect(formatFramingSpec(parseFramingSpec('len:4:be:unsigned:excl'))).toBe('len:4')
    expect(formatFramingSpec(parseFramingSpec(' delim:0D 0A '))).toBe('delim:0d0a')
    expect(formatFramingSpec(parseFramingSpec('json-header:i:HEADER=1024K'))).toBe('json-header:header=1m')
    expect(formatFramingSpec(parseFramingSpec('json-header:header=2048:!I'))).toBe('json-header:!I:header=2k')
  })

  it.each([
    ['', /unknown framing ''/],
    ['lenght:4', /unknown framing 'lenght'/],
    ['len:3', /1, 2, 4 or 8 bytes, got '3'/],
    ['len', /length field size is missing/],
    ['len:4:middle', /unknown length option 'middle'/],
    ['fixed:0', /positive integer/],
    ['fixed:abc', /positive integer/],
    ['delim:', /delimiter is missing/],
    ['delim:0g', /bad hex digit 'g'/],
    ['struct:x', /not a struct integer code/],
    ['struct:!f', /not a struct integer code/],
    ['json-header:d', /not a struct integer code/],
    ['json-header:header=0', /header limit must be a positive number of bytes/],
    ['json-header:header=1g', /got '1g'/],
    ['json-header:header=', /got ''/],
    ['json-header:header=1k:header=2k', /header= is given twice/],
    ['json-header:!I:<H', /'<H' is not an option of json-header/],
    ['json-header:size=1k', /not a struct integer code/],
    ['raw:1', /takes no argument/]
  ])('rejects %j', (spec, message) => {
    try {
      parseFramingSpec(spec)
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(CodecError)
      expect((err as CodecError).code).toBe('EINVAL')
      expect((err as CodecError).message).toMatch(message)
      expect((err as CodecError).hint).toContain(FRAMING_SPEC_FORMS)
    }
  })
})

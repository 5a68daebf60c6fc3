import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { CHECKSUMS, CodecError, INSPECTOR_TYPES, appendChecksum, checksum, checksumBytes, copyAs, inspectAt, parseBase64, parseHex, verifyChecksum } from '../../../src/shared/codec'

const CHECK_INPUT = new TextEncoder().encode('123456789')

describe('copyAs', () => {
  const b = Uint8Array.of(0x48, 0x69, 0x00, 0x27, 0x5c, 0x0a, 0xff)
  it.each([
    ['hex', '48690027 5c0aff'.replace(' ', '')],
    ['spaced-hex', '48 69 00 27 5c 0a ff'],
    ['c-array', 'unsigned char data[7] = {\n    0x48, 0x69, 0x00, 0x27, 0x5c, 0x0a, 0xff\n};'],
    ['python-bytes', "b'Hi\\x00\\'\\\\\\n\\xff'"],
    ['js-uint8array', 'new Uint8Array([\n  0x48, 0x69, 0x00, 0x27, 0x5c, 0x0a, 0xff\n])'],
    ['base64', 'SGkAJ1wK/w=='],
    ['escaped-text', "Hi\\0'\\\\\\n\\xff"]
  ] as const)('%s', (format, expected) => {
    expect(copyAs(b, format)).toBe(expected)
  })

  it('wraps long arrays at 16 bytes a line, and parses back', () => {
    const long = Uint8Array.from({ length: 20 }, (_, i) => i)
    expect(copyAs(long, 'c-array').split('\n')).toHaveLength(4)
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(parseHex(copyAs(bytes, 'spaced-hex'))).toEqual(bytes)
        expect(parseBase64(copyAs(bytes, 'base64'))).toEqual(bytes)
        const list = copyAs(bytes, 'js-uint8array').replace(/^new Uint8Array\(\[|\]\)$/g, '')
        expect(parseHex(list)).toEqual(bytes)
      }),
      { numRuns: 100 }
    )
  })
})

describe('checksums', () => {
  it.each(CHECKSUMS.map((c) => [c.name, c.check] as const))('%s of "123456789" is the published check value', (name, check) => {
    expect(checksum(CHECK_INPUT, name)).toBe(check)
  })

  it('pins the published values', () => {
    expect(CHECKSUMS.map((c) => [c.name, c.check.toString(16)])).toEqual([
      ['sum8', 'dd'],
      ['xor8', '31'],
      ['crc16-modbus', '4b37'],
      ['crc16-ccitt-false', '29b1'],
      ['crc32', 'cbf43926']
    ])
  })

  it('appends in the usual byte order and verifies', () => {
    expect(Array.from(appendChecksum(CHECK_INPUT, 'crc16-modbus').subarray(9))).toEqual([0x37, 0x4b])
    expect(Array.from(appendChecksum(CHECK_INPUT, 'crc16-ccitt-false').subarray(9))).toEqual([0x29, 0xb1])
    expect(Array.from(appendChecksum(CHECK_INPUT, 'crc32', 'le').subarray(9))).toEqual([0x26, 0x39, 0xf4, 0xcb])
    expect(Array.from(checksumBytes(0xcbf43926, 'crc32'))).toEqual([0xcb, 0xf4, 0x39, 0x26])
    // A real MODBUS RTU request: read holding registers 0..1 from unit 1.
    expect(verifyChecksum(parseHex('01 03 00 00 00 01 84 0a'), 'crc16-modbus')).toEqual({ ok: true, expected: 0x0a84, actual: 0x0a84 })
    const bad = verifyChecksum(parseHex('01 03 00 00 00 01 84 0b'), 'crc16-modbus')
    expect(bad.ok).toBe(false)
    expect(() => verifyChecksum(Uint8Array.of(1), 'crc32')).toThrow(CodecError)
  })

  it('verifies whatever it appends', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.constantFrom(...CHECKSUMS.map((c) => c.name)), fc.constantFrom('be', 'le') as fc.Arbitrary<'be'>, (b, name, endian) => {
        expect(verifyChecksum(appendChecksum(b, name, endian), name, endian).ok).toBe(true)
      }),
      { numRuns: 100 }
    )
  })
})

describe('inspectAt', () => {
  it('reads every type in both byte orders', () => {
    const bytes = parseHex('ff fe 00 00 00 00 80 3f')
    const at = (type: string, offset = 0) => inspectAt(bytes, offset).find((v) => v.type === type)!
    expect(INSPECTOR_TYPES).toHaveLength(10)
    expect(at('int8')).toMatchObject({ le: -1, be: -1 })
    expect(at('uint8')).toMatchObject({ le: 255, be: 255 })
    expect(at('int16')).toMatchObject({ le: -257, be: -2 })
    expect(at('uint16')).toMatchObject({ le: 0xfeff, be: 0xfffe })
    expect(at('int32')).toMatchObject({ le: 0xfeff, be: -131072 })
    expect(at('uint32')).toMatchObject({ le: 0xfeff, be: 0xfffe0000 })
    expect(at('int64')).toMatchObject({ le: 0x3f800000_0000feffn, be: -0x1ffffffff7fc1n })
    expect(at('uint64')).toMatchObject({ le: 0x3f8000000000feffn, be: 0xfffe00000000803fn })
    expect(at('float32', 4)).toMatchObject({ le: 1, be: expect.closeTo(4.6e-41, 40) })
    expect(at('float64').le).toBeCloseTo(0.0078125, 3)
  })

  it('gives null where the bytes run out', () => {
    const v = inspectAt(Uint8Array.of(1, 2, 3), 1)
    expect(v.find((x) => x.type === 'uint16')).toMatchObject({ le: 0x0302, be: 0x0203 })
    expect(v.find((x) => x.type === 'uint32')).toMatchObject({ le: null, be: null })
    expect(inspectAt(Uint8Array.of(1), 5).every((x) => x.le === null)).toBe(true)
  })

  it('respects the view offset of a subarray', () => {
    const sub = Uint8Array.of(9, 9, 0x34, 0x12).subarray(2)
    expect(inspectAt(sub, 0).find((x) => x.type === 'uint16')!.le).toBe(0x1234)
  })
})
